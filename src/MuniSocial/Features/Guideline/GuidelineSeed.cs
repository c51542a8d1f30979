using Microsoft.EntityFrameworkCore;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Guideline;

namespace MuniSocial.Features.Guideline;

/// <summary>Version 1 of the guideline (the city's published text, embedded in the app) and the demo users' confirmations.</summary>
public static class GuidelineSeed
{
    /// <summary>
    /// The published text states no date of enactment (施行日), so version 1 applies from the day the system first
    /// set it up; the summary says so. A text that does state one gets a new version with that date.
    /// </summary>
    public const string FirstSummary = "名寄市ソーシャルメディアガイドライン（市の公開文書）。本文に施行日の記載がないため、本システムに登録した日を適用日としています。";

    public static string PublishedText()
    {
        using var stream = typeof(GuidelineSeed).Assembly.GetManifestResourceStream("MuniSocial.Guideline.v1.txt")
            ?? throw new InvalidOperationException("The embedded guideline text MuniSocial.Guideline.v1.txt is missing.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return GuidelineVersion.NormalizeText(reader.ReadToEnd());
    }

    /// <summary>Always, not only in demo mode: without a version there is nothing to confirm.</summary>
    public static async Task EnsureFirstVersionAsync(AppDbContext db, DateTimeOffset now)
    {
        if (!await db.Set<GuidelineVersion>().AnyAsync())
        {
            db.Add(GuidelineVersion.First(PublishedText(), Wareki.TodayIn(now), FirstSummary, now));
            await db.SaveChangesAsync();
        }
    }

    /// <summary>The demo users have read version 1 (users the admin creates have not).</summary>
    public static async Task AcknowledgeForDemoUsersAsync(AppDbContext db, DateTimeOffset now)
    {
        var first = await db.Set<GuidelineVersion>().SingleAsync(v => v.Number == 1);
        var done = await db.Set<GuidelineAcknowledgement>().Where(a => a.VersionId == first.Id).Select(a => a.UserId).ToListAsync();
        var demo = await db.Users.Where(u => u.IsDemo && !done.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync();
        foreach (var user in demo)
        {
            db.Add(GuidelineAcknowledgement.ForDemoUser(user.Id, user.DisplayName, first, now));
        }
        await db.SaveChangesAsync();
    }
}
