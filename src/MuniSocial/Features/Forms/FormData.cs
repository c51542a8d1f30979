using Microsoft.Extensions.Options;
using MuniSocial.Domain.Forms;
using MuniSocial.Domain.Terms;

namespace MuniSocial.Features.Forms;

/// <summary>Configuration section "Office": the defaults until an admin saves settings at /admin/office.</summary>
public sealed class OfficeOptions
{
    public string CityName { get; set; } = OfficeValues.Defaults.CityName;
    public string PrOfficeName { get; set; } = OfficeValues.Defaults.PrOfficeName;
    public string PrHeadTitle { get; set; } = OfficeValues.Defaults.PrHeadTitle;
    public string? DocumentNumberFormat { get; set; }

    public OfficeValues Values => new(CityName, PrOfficeName, PrHeadTitle, DocumentNumberFormat);
}

/// <summary>Checked at start with the rule of the /admin/office page (<see cref="OfficeValues.Problems"/>), naming the setting.</summary>
internal sealed class OfficeOptionsValidation : IValidateOptions<OfficeOptions>
{
    public ValidateOptionsResult Validate(string? name, OfficeOptions options)
    {
        var problems = options.Values.Problems();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"Office:{char.ToUpperInvariant(p.Key[0])}{p.Key[1..]}: {string.Join(" ", p.Value)}"));
    }
}

/// <summary>Reads what the forms print from the database.</summary>
public static class FormDataQueries
{
    /// <summary>The office settings in force: the admin's, else the configuration's.</summary>
    public static async Task<OfficeValues> OfficeAsync(this AppDbContext db, IOptions<OfficeOptions> defaults, CancellationToken ct = default)
    {
        var saved = await db.OfficeSettings.AsNoTracking().FirstOrDefaultAsync(o => o.Id == Domain.Forms.OfficeSettings.SingletonId, ct);
        return saved?.Values ?? defaults.Value.Values;
    }

    public static TermsFields ToFields(this TermsTemplateVersion t) =>
        new(t.Number, t.NoticeItems, t.IntellectualProperty, t.DisclaimerItems);

    /// <summary>A blank form: names left empty for handwriting, the standard terms in force on 様式1.</summary>
    public static async Task<FormData> BlankAsync(this AppDbContext db, FormKind kind, IOptions<OfficeOptions> defaults, CancellationToken ct = default) => new()
    {
        Kind = kind,
        Office = await db.OfficeAsync(defaults, ct),
        Terms = kind == FormKind.Form1 ? (await db.CurrentTermsAsync(ct)).ToFields() : null,
    };

    /// <summary>The form for a transition of <paramref name="account"/> on the Tokyo day of <paramref name="at"/>.</summary>
    public static async Task<FormData> ForAccountAsync(this AppDbContext db, FormKind kind, SocialAccount account, PolicyVersion policy,
        OfficeValues office, DateTimeOffset at, string? documentNumber, CancellationToken ct = default)
    {
        var section = await db.Sections.AsNoTracking().Include(s => s.Department).FirstAsync(s => s.Id == account.SectionId, ct);
        var unit = policy.UnitId is { } unitId ? await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Name).FirstOrDefaultAsync(ct) : null;
        // 様式1 prints the terms in force; the notices name the version the policy was accepted with.
        var terms = kind == FormKind.Form1 || policy.TermsVersionId is null
            ? await db.CurrentTermsAsync(ct)
            : await db.TermsVersions.FirstAsync(t => t.Id == policy.TermsVersionId, ct);
        return new FormData
        {
            Kind = kind,
            Office = office,
            Date = Domain.Wareki.TodayIn(at),
            DocumentNumber = documentNumber,
            DepartmentName = section.Department.Name,
            SectionName = section.Name,
            SectionHeadTitle = section.HeadTitle,
            ContactNames = string.Join("、", account.Operators.Select(o => o.Name)),
            Policy = PolicyFields.From(policy, unit),
            Terms = terms.ToFields(),
            ClosedOn = account.ClosedOn,
            CloseReason = account.CloseReason,
        };
    }
}
