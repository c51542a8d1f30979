using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.Posts;

/// <summary>
/// Loading posts with access checked where they are loaded (staff: own section; PR office: all; others: none,
/// so another section's post is a 404), and the content check and routing as the handlers need them.
/// </summary>
public static class PostAccess
{
    public static IQueryable<Post> VisibleTo(this IQueryable<Post> posts, Actor actor)
    {
        if (actor.Is(Role.PrOffice))
        {
            return posts;
        }
        if (actor.SectionId is { } section && (actor.Is(Role.Operator) || actor.Is(Role.SectionHead)))
        {
            return posts.Where(p => p.SectionId == section);
        }
        return posts.Where(_ => false);
    }

    public static Task<Post?> FindVisiblePostAsync(this AppDbContext db, Guid id, Actor actor, CancellationToken ct = default) =>
        db.Posts.VisibleTo(actor).FirstOrDefaultAsync(p => p.Id == id, ct);

    public static async Task<ContentCheckSettings> CheckSettingsAsync(this AppDbContext db, CancellationToken ct = default) =>
        await db.ContentCheckSettings.FirstOrDefaultAsync(s => s.Id == ContentCheckSettings.SingletonId, ct) ?? ContentCheckSettings.CreateDefault();

    public static async Task<SectionPostSettings> SectionSettingsAsync(this AppDbContext db, Guid sectionId, CancellationToken ct = default) =>
        await db.SectionPostSettings.FirstOrDefaultAsync(s => s.SectionId == sectionId, ct) ?? SectionPostSettings.Defaults(sectionId);

    /// <summary>The account's 運用期間 and 運用時間 from its accepted policy (null when it has none).</summary>
    public static OperatingWindow? WindowOf(SocialAccount? account) => account?.AcceptedPolicy is { } p
        ? new OperatingWindow(p.OperatingDays, p.HoursStart, p.HoursEnd, p.ExcludeHolidays, p.PeriodStart, p.PeriodEnd)
        : null;

    public static async Task<PostRoute> RouteAsync(this AppDbContext db, Post post, CancellationToken ct = default)
    {
        var settings = await db.SectionSettingsAsync(post.SectionId, ct);
        var staff = await db.SectionStaffAsync(post.SectionId, ct);
        var author = await db.UserRoles.Where(ur => ur.UserId == post.AuthorId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToListAsync(ct);
        return PostRouting.Decide(settings.PreApproved, post.Category, staff.Count, settings.SecondCheck, author.Contains(nameof(Role.SectionHead)));
    }

    /// <summary>Posts waiting for this actor: checks of colleagues' drafts in the section, approvals for its head.</summary>
    public static IQueryable<Post> QueueFor(this IQueryable<Post> posts, Actor actor)
    {
        if (actor.SectionId is not { } section || !(actor.Is(Role.Operator) || actor.Is(Role.SectionHead)))
        {
            return posts.Where(_ => false);
        }
        var head = actor.Is(Role.SectionHead);
        return posts.Where(p => p.SectionId == section && p.AuthorId != actor.UserId
            && (p.Status == PostStatus.AwaitingCheck || (head && p.Status == PostStatus.AwaitingApproval)));
    }
}
