using Microsoft.AspNetCore.Http.HttpResults;

namespace MuniSocial.Infrastructure.Api;

/// <summary>Turns broken rules into answers: typed ProblemDetails results for the API, usable in any <c>Results&lt;…, ProblemHttpResult&gt;</c> (pages: <c>Features/Shared/PageActions</c>).</summary>
public static class Problems
{
    /// <summary>The pages' wording for an account changed by someone else meanwhile (the API answers <see cref="Api.Concurrency.Message"/>).</summary>
    public const string ConcurrencyMessage = "他の職員が同時にこのアカウントを更新しました。画面を読み込み直してから、もう一度操作してください。";

    public static ProblemHttpResult ToProblem(this DomainRuleException ex)
    {
        var status = ex switch
        {
            DomainForbiddenException => StatusCodes.Status403Forbidden,
            DomainValidationException => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status409Conflict,
        };
        var extensions = new Dictionary<string, object?> { ["rule"] = ex.Rule };
        if (ex.FieldErrors.Count > 0)
        {
            extensions["errors"] = ex.FieldErrors;
        }
        return TypedResults.Problem(detail: ex.Message, statusCode: status, title: TitleOf(status), extensions: extensions);
    }

    public static ProblemHttpResult Concurrency() => TypedResults.Problem(detail: Api.Concurrency.Message, statusCode: StatusCodes.Status409Conflict,
        title: TitleOf(409), extensions: new Dictionary<string, object?> { ["rule"] = Api.Concurrency.Rule });

    public static ProblemHttpResult NotFound(string what = "アカウント") => TypedResults.Problem(detail: $"{what}が見つかりません。",
        statusCode: StatusCodes.Status404NotFound, title: TitleOf(404));

    public static ProblemHttpResult BadRequest(string field, string message) => TypedResults.Problem(detail: message,
        statusCode: StatusCodes.Status400BadRequest, title: TitleOf(400),
        extensions: new Dictionary<string, object?> { ["rule"] = "validation", ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    public static bool IsConcurrencyConflict(Exception ex) =>
        ex is DbUpdateConcurrencyException || (ex is DbUpdateException && IsUniqueViolationOnAudit(ex));

    private static bool IsUniqueViolationOnAudit(Exception ex) =>
        ex.InnerException?.Message is { } m && (m.Contains("AuditEntries", StringComparison.OrdinalIgnoreCase) || m.Contains("PK_AuditEntries", StringComparison.OrdinalIgnoreCase));

    private static string TitleOf(int status) => status switch
    {
        400 => "入力内容に誤りがあります",
        403 => "権限がありません",
        404 => "見つかりません",
        409 => "この操作はできません",
        _ => "エラー",
    };
}
