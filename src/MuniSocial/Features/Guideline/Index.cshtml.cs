using MuniSocial.Domain.Guideline;

namespace MuniSocial.Features.Guideline;

/// <summary>The current guideline for any staff user, at any time, with their own confirmation and the list of versions.</summary>
public sealed class IndexModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public GuidelineVersion? Version { get; private set; }
    public GuidelineView? View { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public List<(int Number, DateOnly EffectiveFrom, string Summary)> Versions { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        Today = Wareki.TodayIn(clock.GetUtcNow());
        Version = await db.CurrentVersionAsync(Today, ct);
        View = Version is null ? null : GuidelineRendering.Render(Version.Text, topLevel: 2);
        AcknowledgedAt = Version is null ? null : await db.GuidelineAcknowledgements.AsNoTracking()
            .Where(a => a.UserId == actor.UserId && a.VersionId == Version.Id).Select(a => (DateTimeOffset?)a.At).FirstOrDefaultAsync(ct);
        Versions = (await db.GuidelineVersions.AsNoTracking().OrderByDescending(v => v.Number)
            .Select(v => new { v.Number, v.EffectiveFrom, v.Summary }).ToListAsync(ct)).Select(v => (v.Number, v.EffectiveFrom, v.Summary)).ToList();
    }
}
