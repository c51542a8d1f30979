using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace MuniSocial.Infrastructure.Api;

/// <summary>
/// On the /api/v1 groups: a broken rule is an answer, not a crash. DomainRuleException becomes
/// ProblemDetails (403 forbidden / 400 validation / 409 rule, with "rule" and "errors"), and a save that
/// lost a race becomes 409 "concurrency".
/// </summary>
internal sealed class DomainProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DomainRuleException ex)
        {
            return ex.Rule == Concurrency.Rule ? Problems.Concurrency() : ex.ToProblem();
        }
        catch (DomainNotFoundException ex)
        {
            return Problems.NotFound(ex.What);
        }
        catch (Exception ex) when (Problems.IsConcurrencyConflict(ex))
        {
            return Problems.Concurrency();
        }
    }
}

/// <summary>
/// Requests that cannot be bound (malformed JSON, a value of the wrong type, an unknown property, a bad
/// query value) reach us as BadHttpRequestException, because <c>RouteHandlerOptions.ThrowOnBadRequest</c>
/// is on: without it minimal APIs answer a bare 400 that says nothing about which field was wrong.
/// Here it becomes a 400 ProblemDetails naming the field.
/// </summary>
internal sealed partial class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var (field, message) = Describe(bad);
        var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
        var result = TypedResults.Problem(detail: message, statusCode: status,
            title: status == StatusCodes.Status400BadRequest ? "入力内容に誤りがあります" : "リクエストの形式が正しくありません",
            extensions: new Dictionary<string, object?>
            {
                ["rule"] = "validation",
                ["errors"] = new Dictionary<string, string[]> { [field] = [message] },
            });
        httpContext.Response.StatusCode = status;
        await result.ExecuteAsync(httpContext);
        return true;
    }

    internal static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            // A syntax error (the reader's own exception inside) is about the body as a whole, wherever the reader stopped.
            if (json.InnerException?.GetType().Name == "JsonReaderException")
            {
                return ("body", $"リクエスト本文を JSON として読み取れません（{(json.LineNumber ?? 0) + 1}行目付近）。JSON の構文を確認してください。");
            }
            var field = FieldOf(json.Path);
            if (json.Message.Contains("could not be mapped", StringComparison.Ordinal) && UnmappedName().Match(json.Message) is { Success: true } m)
            {
                return (m.Groups[1].Value, $"{m.Groups[1].Value} は受け付けていない項目です。項目名を確認してください。");
            }
            return field is null
                ? ("body", "リクエスト本文を JSON として読み取れません。JSON の構文を確認してください。")
                : (field, $"{field} の値を読み取れません。型と形式を確認してください（日付は yyyy-MM-dd、列挙値は名前の文字列）。");
        }
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return ("body", "リクエスト本文は Content-Type: application/json の JSON で送ってください。");
        }
        if (ParameterName().Match(bad.Message) is { Success: true } p && !bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
        {
            return (p.Groups[1].Value, $"{p.Groups[1].Value} の値が正しくありません。");
        }
        return ("body", "リクエスト本文（JSON）を指定してください。");
    }

    /// <summary>"$.operatingDays[2]" → "operatingDays"; "$" or nothing → null (the body as a whole).</summary>
    private static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }
        var text = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        text = IndexPart().Replace(text, "");
        text = text.Replace("['", "", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal);
        return text.Length == 0 ? null : text;
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex IndexPart();

    [GeneratedRegex(@"JSON property '([^']+)'")]
    private static partial Regex UnmappedName();

    [GeneratedRegex(@"parameter ""(?:[^""]* )?(\w+)""")]
    private static partial Regex ParameterName();
}

internal static class ApiErrors
{
    /// <summary>
    /// The bare answers the framework gives (no token, wrong role, no such route) get a title and detail a
    /// clerk or an integrator can act on. Answers that already carry a detail are left as they are.
    /// </summary>
    public static void InJapanese(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null || !context.HttpContext.Request.Path.StartsWithSegments("/api"))
        {
            return;
        }
        (problem.Title, problem.Detail) = problem.Status switch
        {
            StatusCodes.Status401Unauthorized => ("認証が必要です",
                "POST /api/v1/auth/token で取得した accessToken を Authorization: Bearer ヘッダーで送ってください（有効期限切れの場合は取得し直してください）。"),
            StatusCodes.Status403Forbidden => ("権限がありません", "この操作を行う権限がありません。"),
            StatusCodes.Status404NotFound => ("見つかりません", "指定された URL のリソースはありません。"),
            StatusCodes.Status405MethodNotAllowed => ("この方法では操作できません", "この URL では、この HTTP メソッドは使えません。"),
            StatusCodes.Status415UnsupportedMediaType => ("リクエストの形式が正しくありません", "リクエスト本文は Content-Type: application/json の JSON で送ってください。"),
            _ => (problem.Title, problem.Detail),
        };
        // A role the endpoint's policy refused is the same answer as a role the domain refused.
        if (problem.Status == StatusCodes.Status403Forbidden)
        {
            problem.Extensions.TryAdd("rule", "forbidden");
        }
    }
}

internal static class ApiMetadata
{
    /// <summary>The ProblemDetails answers an endpoint can give, for the OpenAPI document (401 and 403 always).</summary>
    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var code in new[] { StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden }.Concat(statusCodes).Distinct())
        {
            builder.ProducesProblem(code);
        }
        return builder;
    }
}
