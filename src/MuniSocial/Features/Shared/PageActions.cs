using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace MuniSocial.Features.Shared;

public enum Outcome
{
    Saved,
    Forbidden,
    Refused,
}

/// <summary>
/// The one shape of every staff POST: call the domain (or the use case the API calls too), save once; a broken
/// rule becomes form errors (nothing saved), a forbidden action a 403, a concurrent change the concurrency message.
/// Pages never catch <see cref="DomainRuleException"/> themselves.
/// </summary>
public static class PageActions
{
    /// <summary>A domain change made here, then the one save.</summary>
    public static Task<Outcome> SaveAsync(this PageModel page, AppDbContext db, Func<Task> change, string prefix = "Input", CancellationToken ct = default) =>
        page.Run(db, SavedAfter(db, change, ct), Prefixed(prefix), Problems.ConcurrencyMessage);

    public static Task<Outcome> SaveAsync(this PageModel page, AppDbContext db, Action change, string prefix = "Input", CancellationToken ct = default) =>
        page.SaveAsync(db, () =>
        {
            change();
            return Task.CompletedTask;
        }, prefix, ct);

    /// <summary>As above, where what changed is not an account, so the shared concurrency wording would name the wrong thing.</summary>
    public static Task<Outcome> SaveAsync(this PageModel page, AppDbContext db, Func<Task> change, string prefix, string conflictMessage, CancellationToken ct = default) =>
        page.Run(db, SavedAfter(db, change, ct), Prefixed(prefix), conflictMessage);

    /// <summary>
    /// A use case that saves itself (the function the API endpoint calls too): run it, and answer as SaveAsync does.
    /// The page never restates the use case; it only turns its outcome into the page's answer.
    /// </summary>
    public static Task<Outcome> RunAsync(this PageModel page, AppDbContext db, Func<Task> useCase, string prefix = "Input") =>
        page.Run(db, useCase, Prefixed(prefix), Problems.ConcurrencyMessage);

    /// <summary>As above, for a form whose keys are not "prefix.Field" after the rule's field names.</summary>
    /// <param name="fieldKey">The form's key for a field the rule names (e.g. "items.x.answer" → "Input.Answers[x]").</param>
    public static Task<Outcome> RunAsync(this PageModel page, AppDbContext db, Func<Task> useCase, Func<string, string> fieldKey) =>
        page.Run(db, useCase, fieldKey, Problems.ConcurrencyMessage);

    private static Func<Task> SavedAfter(AppDbContext db, Func<Task> change, CancellationToken ct) => async () =>
    {
        await change();
        await db.SaveChangesAsync(ct);
    };

    private static async Task<Outcome> Run(this PageModel page, AppDbContext db, Func<Task> work, Func<string, string> fieldKey, string conflictMessage)
    {
        ArgumentNullException.ThrowIfNull(db);
        var outcome = await page.Attempt(work, fieldKey, conflictMessage);
        if (outcome == Outcome.Refused)
        {
            // What the failed call changed in memory must not leak into the page shown next.
            db.ChangeTracker.Clear();
        }
        return outcome;
    }

    /// <summary>
    /// A read whose input the domain checks (a search filter, say): a broken rule becomes the page's error and the
    /// result is null; the page is shown either way. The page's own role gate answers 403 before any read, so a
    /// forbidden read here is only reported, like any other refusal.
    /// </summary>
    public static async Task<T?> ReadAsync<T>(this PageModel page, Func<Task<T>> query, string prefix = "Input") where T : class
    {
        ArgumentNullException.ThrowIfNull(query);
        T? result = null;
        if (await page.Attempt(async () => result = await query(), Prefixed(prefix), Problems.ConcurrencyMessage) == Outcome.Forbidden)
        {
            page.ModelState.AddModelError(string.Empty, new DomainForbiddenException().Message);
        }
        return result;
    }

    /// <summary>The one place a page turns a rule, a refusal or a concurrent change into its answer.</summary>
    private static async Task<Outcome> Attempt(this PageModel page, Func<Task> work, Func<string, string> fieldKey, string conflictMessage)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            await work();
            return Outcome.Saved;
        }
        catch (DomainForbiddenException)
        {
            return Outcome.Forbidden;
        }
        catch (DomainRuleException ex)
        {
            AddErrors(page.ModelState, ex, fieldKey);
        }
        catch (DomainNotFoundException ex)
        {
            // Removed by someone else since the page was shown: say so and let the person reload.
            page.ModelState.AddModelError(string.Empty, ex.Message + "画面を読み込み直してください。");
        }
        catch (DbUpdateException ex) when (Problems.IsConcurrencyConflict(ex) || IsUniqueViolation(ex))
        {
            page.ModelState.AddModelError(string.Empty, conflictMessage);
        }
        return Outcome.Refused;
    }

    /// <summary>"prefix.Field" for the rule's field "field"; just "Field" with an empty prefix.</summary>
    public static Func<string, string> Prefixed(string prefix) =>
        field => string.IsNullOrEmpty(prefix) ? Pascal(field) : $"{prefix}.{Pascal(field)}";

    /// <summary>
    /// The rule's message above the form and each field's message under its field. With field errors, the rule's
    /// message repeats them all ("…: A / B"); the summary lists them one by one anyway, so only the lead
    /// ("…があります。") stays above the list.
    /// </summary>
    private static void AddErrors(ModelStateDictionary modelState, DomainRuleException ex, Func<string, string> fieldKey)
    {
        var lead = ex.Message.IndexOf(": ", StringComparison.Ordinal);
        var general = ex.FieldErrors.Count > 0 && lead > 0 ? ex.Message[..lead] + "。" : ex.Message;
        // A rule about one field whose message is that field's message: said once, beside the field (the summary links to it).
        if (!ex.FieldErrors.Values.Any(messages => messages.Contains(general, StringComparer.Ordinal)))
        {
            modelState.AddModelError(string.Empty, general);
        }
        foreach (var (field, messages) in ex.FieldErrors)
        {
            var key = fieldKey(field);
            foreach (var m in messages)
            {
                modelState.AddModelError(key, m);
            }
        }
    }

    private static string Pascal(string field) => field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..];

    /// <summary>Two people did the same thing at once (e.g. both created version N+1): the loser is told to reload.</summary>
    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException?.Message is { } m
        && (m.Contains("UNIQUE constraint failed", StringComparison.Ordinal) || m.Contains("23505", StringComparison.Ordinal)
            || m.Contains("duplicate key value", StringComparison.Ordinal));

    /// <summary>The success message shown once after the redirect (Post/Redirect/Get).</summary>
    public static void Flash(this PageModel page, string message) => page.TempData["Success"] = message;

    /// <summary>The success message shown once, and the redirect to where it is shown.</summary>
    public static IActionResult FlashAndRedirect(this PageModel page, string message, string url)
    {
        page.Flash(message);
        return new RedirectResult(url);
    }

    /// <summary>
    /// The one ending of a staff POST, after <see cref="SaveAsync(PageModel, AppDbContext, Func{Task}, string, CancellationToken)"/>
    /// or <see cref="RunAsync(PageModel, AppDbContext, Func{Task}, string)"/>: a forbidden action is a 403; a refused one shows
    /// the form again with its errors, after <paramref name="reload"/> fills in what the page shows besides the form;
    /// a saved one answers <paramref name="saved"/> (the success message and the redirect).
    /// </summary>
    public static async Task<IActionResult> AnswerAsync(this PageModel page, Outcome outcome, Func<IActionResult> saved, Func<Task>? reload = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(saved);
        switch (outcome)
        {
            case Outcome.Forbidden:
                return page.Forbid();
            case Outcome.Refused:
                if (reload is not null)
                {
                    await reload();
                }
                return page.Page();
            default:
                return saved();
        }
    }
}
