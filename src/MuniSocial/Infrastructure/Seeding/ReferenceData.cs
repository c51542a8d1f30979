using Microsoft.AspNetCore.Identity;
using MuniSocial.Domain.Guideline;
using MuniSocial.Domain.Organisation;
using MuniSocial.Domain.Terms;

namespace MuniSocial.Infrastructure.Seeding;

/// <summary>
/// What every database needs, in production too: the roles, the PR office (総合政策部 秘書広報課), the standard
/// terms version 1 and the guideline version 1. Safe to run on every start: each is added only when missing.
/// </summary>
public static class ReferenceData
{
    public const string PrDepartment = "総合政策部";
    public const string PrSection = "秘書広報課";

    /// <summary>
    /// The published guideline states no date of enactment (施行日), so version 1 applies from the day the system first
    /// set it up; the summary says so. A text that does state one gets a new version with that date.
    /// </summary>
    public const string FirstGuidelineSummary = "名寄市ソーシャルメディアガイドライン（市の公開文書）。本文に施行日の記載がないため、本システムに登録した日を適用日としています。";

    public static async Task EnsureAsync(AppDbContext db, RoleManager<IdentityRole> roles, DateTimeOffset now)
    {
        foreach (var role in Enum.GetNames<Role>())
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
        if (!await db.TermsVersions.AnyAsync())
        {
            db.TermsVersions.Add(TermsTemplateVersion.Standard(now));
        }
        if (!await db.Sections.AnyAsync(s => s.IsPrOffice))
        {
            var dept = await db.Departments.FirstOrDefaultAsync(d => d.Name == PrDepartment) ?? db.Departments.Add(new Department(PrDepartment, 1)).Entity;
            db.Sections.Add(new Section(dept, PrSection, isPrOffice: true));
        }
        if (!await db.GuidelineVersions.AnyAsync())
        {
            db.Add(GuidelineVersion.First(PublishedGuideline(), Wareki.TodayIn(now), FirstGuidelineSummary, now));
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// The city's guideline as published, embedded in the app: src/MuniSocial/Features/Guideline/nayoro-social-media-guideline.md,
    /// the PDF's text (nayoro-social-media-guideline.txt beside it) transcribed to Markdown, every sentence kept, the tables as tables.
    /// </summary>
    public static string PublishedGuideline()
    {
        using var stream = typeof(ReferenceData).Assembly.GetManifestResourceStream("MuniSocial.Guideline.v1.md")
            ?? throw new InvalidOperationException("The embedded guideline text MuniSocial.Guideline.v1.md is missing.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return GuidelineVersion.NormalizeText(reader.ReadToEnd());
    }
}
