using MuniSocial.Domain.Posts;

namespace MuniSocial.Domain.Incidents;

public enum HeldOutcome
{
    /// <summary>The section head let it go out as approved.</summary>
    Released,
    /// <summary>The section head called it off (the post became Rejected).</summary>
    Cancelled,
}

/// <summary>
/// An approved post that was waiting to go out on an account while a publishing pause applied to it, recorded when
/// the pause is lifted: the section head then releases it or cancels it (<see cref="Post.ReleaseHeld"/>,
/// <see cref="Post.CancelHeld"/>). Until then it is listed on the lift's page and on the head's home page.
/// </summary>
public sealed class HeldPost
{
    private HeldPost() { }

    public Guid Id { get; private set; }
    public Guid PauseId { get; private set; }
    public Guid PostId { get; private set; }
    public Guid AccountId { get; private set; }
    public Guid SectionId { get; private set; }

    /// <summary>When the pause was lifted and the hold was found.</summary>
    public DateTimeOffset LiftedAt { get; private set; }
    public HeldOutcome? Outcome { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? ResolvedByName { get; private set; }

    public bool IsOpen => Outcome is null;

    /// <summary>
    /// The approved posts a lifted pause held: those of its scope still Approved (not published), leaving out any that
    /// another pause still holds (they are listed when that one is lifted).
    /// </summary>
    public static List<HeldPost> Of(PublishingPause lifted, IEnumerable<Post> posts, IEnumerable<PublishingPause> stillActive, DateTimeOffset at)
    {
        if (lifted.IsActive)
        {
            throw new DomainRuleException("保留された発信は、一時停止を解除してから確認します。", "pause-active");
        }
        var others = stillActive.Where(p => p.Id != lifted.Id && p.IsActive).ToList();
        return [.. posts.Where(p => p.Status == PostStatus.Approved && lifted.Covers(p.AccountId) && PublishingPause.Applying(others, p.AccountId) is null)
            .Select(p => new HeldPost
            {
                Id = Guid.CreateVersion7(),
                PauseId = lifted.Id,
                PostId = p.Id,
                AccountId = p.AccountId,
                SectionId = p.SectionId,
                LiftedAt = at,
            })];
    }

    internal void Resolve(HeldOutcome outcome, Actor by, DateTimeOffset at)
    {
        Outcome = outcome;
        ResolvedAt = at;
        ResolvedByName = by.Name;
    }

    public static string Label(HeldOutcome? outcome) => outcome switch
    {
        HeldOutcome.Released => "発信を再開",
        HeldOutcome.Cancelled => "取りやめ",
        _ => "保留中（所属長の判断待ち）",
    };
}
