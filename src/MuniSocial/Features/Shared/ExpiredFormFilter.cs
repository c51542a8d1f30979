using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;

namespace MuniSocial.Features.Shared;

/// <summary>
/// The antiforgery check of every page POST (the built-in one is switched off for pages in <see cref="WebSetup"/>).
/// A token that fails — most often because the page was open for hours — does not end in a bare 400: the handler is
/// not run (nothing changes), the page is shown again as its GET shows it, with what was typed kept and a message
/// asking to check it and send again. The newly rendered form carries a fresh token.
/// </summary>
public sealed partial class ExpiredFormFilter(IAntiforgery antiforgery, ILogger<ExpiredFormFilter> logger) : IAsyncPageFilter
{
    /// <summary>Later than the built-in policy's order, so that this filter is the page's antiforgery policy.</summary>
    public const int PolicyOrder = 2000;

    public const string Message = "画面を開いてから時間がたったため、送信できませんでした。内容を確認して、もう一度送信してください。";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method)
            || HttpMethods.IsTrace(http.Request.Method) || Exempt(context.ActionDescriptor))
        {
            await next();
            return;
        }
        if (await IsValidAsync(http))
        {
            await next();
            return;
        }
        LogRefused(logger, http.Request.Path);
        context.Result = await ShowAgainAsync(context);
    }

    /// <summary>
    /// Whether the token is valid; a body that cannot be read as a form at all (invalid bytes, too many fields, another content
    /// type) makes the antiforgery check throw — it is a form without a valid token, not a 500.
    /// </summary>
    private async Task<bool> IsValidAsync(HttpContext http)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    /// <summary>Pages that declare they take no token themselves (the error page, re-executed for a failed POST).</summary>
    private static bool Exempt(CompiledPageActionDescriptor page) =>
        page.HandlerTypeInfo.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>() is not null
        || page.ModelTypeInfo?.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>() is not null;

    /// <summary>The page's GET handler, then what the form sent put back over what the GET loaded.</summary>
    private static async Task<IActionResult> ShowAgainAsync(PageHandlerExecutingContext context)
    {
        var page = context.HandlerInstance;
        var modelState = context.ModelState;
        foreach (var entry in modelState.Values)
        {
            // The binder's complaints about a form that was never accepted are not the point; the values stay.
            entry.Errors.Clear();
            entry.ValidationState = Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Skipped;
        }
        var bound = context.ActionDescriptor.BoundProperties.OfType<PageBoundPropertyDescriptor>()
            .Where(p => p.Property.DeclaringType!.IsInstanceOfType(page) && p.Property.CanWrite)
            .Select(p => (p.Property, Value: p.Property.GetValue(page)))
            .ToList();
        var get = context.ActionDescriptor.HandlerMethods.FirstOrDefault(h => string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(h.Name));
        if (get is null)
        {
            return new BadRequestResult();
        }
        var arguments = get.Parameters.Select(p => ArgumentFor(context, p.Name, p.ParameterType)).ToArray();
        object? returned = get.MethodInfo.Invoke(page, arguments);
        if (returned is Task task)
        {
            await task;
            returned = task.GetType().IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
        }
        if (returned is IActionResult result and not PageResult)
        {
            // The GET itself answers otherwise (a 404 for something removed since, a redirect): that answer stands.
            return result;
        }
        foreach (var (property, value) in bound)
        {
            property.SetValue(page, value);
        }
        modelState.AddModelError(string.Empty, Message);
        // Refused (400) as before, but with the form to send again in the answer rather than a bare error page.
        var shown = page is PageModel model ? model.Page() : new PageResult();
        shown.StatusCode = StatusCodes.Status400BadRequest;
        return shown;
    }

    private static object? ArgumentFor(PageHandlerExecutingContext context, string name, Type type)
    {
        if (type == typeof(CancellationToken))
        {
            return context.HttpContext.RequestAborted;
        }
        if (context.HandlerArguments.TryGetValue(name, out var value) && value is not null && type.IsInstanceOfType(value))
        {
            return value;
        }
        var raw = context.RouteData.Values.TryGetValue(name, out var route) ? route?.ToString() : context.HttpContext.Request.Query[name].ToString();
        if (!string.IsNullOrEmpty(raw))
        {
            var target = Nullable.GetUnderlyingType(type) ?? type;
            try
            {
                return System.ComponentModel.TypeDescriptor.GetConverter(target).ConvertFromInvariantString(raw);
            }
            catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException)
            {
                // Not this type: the default, as model binding would leave it.
            }
        }
        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A form sent to {Path} had an expired or missing antiforgery token; shown again")]
    private static partial void LogRefused(ILogger logger, PathString path);
}
