using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Filters;

namespace MuniSocial.Features.Shared;

/// <summary>
/// A page POST whose body cannot be read as a form (invalid percent-encoding or UTF-8, a key or value over the form limits,
/// a broken multipart body) is refused with 400 — the Japanese error page — before model binding, which otherwise threw (a 500).
/// Nothing is run, so nothing changes.
/// </summary>
public sealed partial class UnreadableFormFilter(ILogger<UnreadableFormFilter> logger) : IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        // The error page, re-executed for the refused request, does not read the form again (it would refuse itself, leaving no page).
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && request.HasFormContentType
            && context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null)
        {
            try
            {
                await request.ReadFormAsync(context.HttpContext.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                LogUnreadable(logger, request.Path, ex.Message);
                context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
                return;
            }
        }
        await next();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A form sent to {Path} could not be read ({Reason}); refused with 400")]
    private static partial void LogUnreadable(ILogger logger, PathString path, string reason);
}
