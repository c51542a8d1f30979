using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Infrastructure.Api;

namespace MuniSocial.Features.Shared;

public enum Outcome
{
    Saved,
    Forbidden,
    Refused,
}

/// <summary>
/// The one shape of every staff POST: call the domain, save once; a broken rule becomes form errors
/// (nothing saved), a forbidden action a 403, a concurrent change the concurrency message.
/// </summary>
public static class PageActions
{
    public static async Task<Outcome> SaveAsync(this PageModel page, AppDbContext db, Func<Task> change, string prefix = "Input", CancellationToken ct = default)
    {
        try
        {
            await change();
            await db.SaveChangesAsync(ct);
            return Outcome.Saved;
        }
        catch (DomainForbiddenException)
        {
            return Outcome.Forbidden;
        }
        catch (DomainRuleException ex)
        {
            page.ModelState.AddDomainErrors(ex, prefix);
            ShortenLead(page, ex);
        }
        catch (DbUpdateException ex) when (Problems.IsConcurrencyConflict(ex) || IsUniqueViolation(ex))
        {
            page.ModelState.AddModelError(string.Empty, Problems.ConcurrencyMessage);
        }
        // What the failed call changed in memory must not leak into the page shown next.
        db.ChangeTracker.Clear();
        return Outcome.Refused;
    }

    public static Task<Outcome> SaveAsync(this PageModel page, AppDbContext db, Action change, string prefix = "Input", CancellationToken ct = default) =>
        page.SaveAsync(db, () =>
        {
            change();
            return Task.CompletedTask;
        }, prefix, ct);

    /// <summary>
    /// With field errors, the rule's message repeats them all ("…: A / B"); the summary lists them one by one
    /// anyway, so the page keeps only the lead ("…があります。") above the list.
    /// </summary>
    private static void ShortenLead(PageModel page, DomainRuleException ex)
    {
        var lead = ex.Message.IndexOf(": ", StringComparison.Ordinal);
        if (ex.FieldErrors.Count == 0 || lead <= 0 || !page.ModelState.TryGetValue(string.Empty, out var entry))
        {
            return;
        }
        var full = entry.Errors.FirstOrDefault(e => e.ErrorMessage == ex.Message);
        if (full is not null)
        {
            entry.Errors.Remove(full);
            entry.Errors.Add(ex.Message[..lead] + "。");
        }
    }

    /// <summary>Two people did the same thing at once (e.g. both created version N+1): the loser is told to reload.</summary>
    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException?.Message is { } m
        && (m.Contains("UNIQUE constraint failed", StringComparison.Ordinal) || m.Contains("23505", StringComparison.Ordinal)
            || m.Contains("duplicate key value", StringComparison.Ordinal));

    /// <summary>The success message shown once after the redirect (Post/Redirect/Get).</summary>
    public static void Flash(this PageModel page, string message) => page.TempData["Success"] = message;
}
