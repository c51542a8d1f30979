using System.Text.Json;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Forms;

/// <summary>What the forms print about the city and its PR office.</summary>
public sealed record OfficeValues(string CityName, string PrOfficeName, string PrHeadTitle, string? DocumentNumberFormat)
{
    public static OfficeValues Defaults { get; } = new("名寄市", "総合政策部秘書広報課", "総合政策部秘書広報課長", null);

    public const string NumberPlaceholder = "{n}";

    /// <summary>Problems per field; empty when the values can be printed.</summary>
    public Dictionary<string, string[]> Problems()
    {
        var errors = new Dictionary<string, string[]>();
        void Text(string field, string label, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[field] = [$"{label}を入力してください。"];
            }
            else if (value.Trim().Length > 100)
            {
                errors[field] = [$"{label}は100文字以内で入力してください。"];
            }
        }
        Text("cityName", "市の名称", CityName);
        Text("prOfficeName", "市広報担当の課名", PrOfficeName);
        Text("prHeadTitle", "市広報担当の所属長の職名", PrHeadTitle);
        if (!string.IsNullOrWhiteSpace(DocumentNumberFormat))
        {
            if (!DocumentNumberFormat.Contains(NumberPlaceholder, StringComparison.Ordinal))
            {
                errors["documentNumberFormat"] = [$"文書番号の形式には、番号を入れる位置に {NumberPlaceholder} を含めてください（例: 名広第{NumberPlaceholder}号）。"];
            }
            else if (DocumentNumberFormat.Trim().Length > 50)
            {
                errors["documentNumberFormat"] = ["文書番号の形式は50文字以内で入力してください。"];
            }
        }
        return errors;
    }

    /// <summary>The 文書番号 for the n-th notice of the fiscal year, or null when the city uses none.</summary>
    public string? DocumentNumber(int n) => string.IsNullOrWhiteSpace(DocumentNumberFormat)
        ? null
        : DocumentNumberFormat.Trim().Replace(NumberPlaceholder, n.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public OfficeValues Cleaned() => new(CityName.Trim(), PrOfficeName.Trim(), PrHeadTitle.Trim(),
        string.IsNullOrWhiteSpace(DocumentNumberFormat) ? null : DocumentNumberFormat.Trim());
}

/// <summary>
/// The office settings an admin changed (one row). Until an admin saves, the configuration's
/// defaults (section "Office") apply.
/// </summary>
public sealed class OfficeSettings : AuditedEntity
{
    public const int SingletonId = 1;

    private OfficeSettings() { }

    public int Id { get; private set; }
    public string CityName { get; private set; } = "";
    public string PrOfficeName { get; private set; } = "";
    public string PrHeadTitle { get; private set; } = "";
    public string? DocumentNumberFormat { get; private set; }
    public int Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedByName { get; private set; } = "";

    public OfficeValues Values => new(CityName, PrOfficeName, PrHeadTitle, DocumentNumberFormat);

    public static OfficeSettings Create(Actor by, OfficeValues from, OfficeValues values, DateTimeOffset at)
    {
        var settings = new OfficeSettings { Id = SingletonId };
        settings.Apply(by, from, values, at);
        return settings;
    }

    public void Update(Actor by, OfficeValues values, DateTimeOffset at) => Apply(by, Values, values, at);

    private void Apply(Actor by, OfficeValues before, OfficeValues values, DateTimeOffset at)
    {
        if (!by.Is(Role.Admin))
        {
            throw new DomainForbiddenException("様式の設定を変更できるのはシステム管理者のみです。");
        }
        var problems = values.Problems();
        if (problems.Count > 0)
        {
            throw new DomainValidationException(problems);
        }
        var clean = values.Cleaned();
        if (clean == before && Version > 0)
        {
            throw new DomainRuleException("設定の内容が変更されていません。", "settings-unchanged");
        }
        CityName = clean.CityName;
        PrOfficeName = clean.PrOfficeName;
        PrHeadTitle = clean.PrHeadTitle;
        DocumentNumberFormat = clean.DocumentNumberFormat;
        Version++;
        UpdatedAt = at;
        UpdatedByName = by.Name;
        Audit(new AuditRecord("office.settings-changed", "OfficeSettings", Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            by.UserId, by.Name, at, Json(before), Json(clean)));
    }

    private static string Json(OfficeValues v) => JsonSerializer.Serialize(v, Accounts.PolicyVersion.SnapshotOptions);
}
