using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.Posts;

/// <summary>
/// The content check as pages, endpoints and use cases need it: the city's settings from the database and the
/// configured business calendar (祝日・年末年始 for 運用時間), given to the checker of the domain.
/// </summary>
public sealed class ContentChecks(AppDbContext db, BusinessCalendar calendar)
{
    /// <summary>The content check of any text for a platform and, when given, an account's window at a time.</summary>
    public async Task<IReadOnlyList<Finding>> CheckAsync(string text, Platform? platform, SocialAccount? account, DateTimeOffset postingAt, CancellationToken ct = default)
    {
        var rules = (await db.CheckSettingsAsync(ct)).ToRules();
        return new ContentChecker(rules, calendar).Check(text, new CheckContext(platform ?? account?.AcceptedPolicy?.Platform, postingAt, PostAccess.WindowOf(account)));
    }

    /// <summary>The categories of 注意事項 ⑴–⑿ the content check suggests for a user's comment (a suggestion: a person decides).</summary>
    public async Task<IReadOnlyList<Domain.Comments.ModerationCategory>> SuggestModerationAsync(string text, CancellationToken ct = default) =>
        Domain.Comments.ModerationSuggestions.For(text, new ContentChecker((await db.CheckSettingsAsync(ct)).ToRules(), calendar));

    /// <summary>The content check of a post as it will go out: its full text, on its account's platform, at its scheduled time (or now).</summary>
    public async Task<IReadOnlyList<Finding>> CheckPostAsync(Post post, DateTimeOffset now, CancellationToken ct = default)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
        return await CheckAsync(post.FullText, post.Platform, account, post.ScheduledAt ?? now, ct);
    }
}
