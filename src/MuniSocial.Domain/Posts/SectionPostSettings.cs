using System.Text.Json;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Posts;

/// <summary>
/// A section's posting rules, set by its head (§5(2)ウ(イ) 各所属において検討・決定; §5(2)ウ(ウ) 複数の職員で確認).
/// A section without a row uses <see cref="Defaults"/>: nothing pre-approved, a colleague's check required.
/// </summary>
public sealed class SectionPostSettings : AuditedEntity
{
    /// <summary>The longest scope of category D the head may write.</summary>
    public const int MaxCategoryDScope = 1000;

    private SectionPostSettings() { }

    public Guid SectionId { get; private set; }
    public PostCategories PreApproved { get; private set; }
    public SecondCheckSetting SecondCheck { get; private set; }

    /// <summary>
    /// The head's written scope of category D「その他、主管課で所属長の了承を不要と判断できる内容」: what the section
    /// counts as D. D can be pre-approved only with it; the author sees it next to the D choice.
    /// </summary>
    public string? CategoryDScope { get; private set; }
    public int Version { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }
    public string? UpdatedByName { get; private set; }

    public static SectionPostSettings Defaults(Guid sectionId) => new()
    {
        SectionId = sectionId,
        PreApproved = PostCategories.None,
        SecondCheck = SecondCheckSetting.Required,
    };

    public void Update(Actor by, PostCategories preApproved, SecondCheckSetting secondCheck, DateTimeOffset at, string? categoryDScope = null)
    {
        if (!by.IsHeadOf(SectionId))
        {
            throw new DomainForbiddenException("発信の事前承認範囲と確認の設定は、その所属の所属長が行います。");
        }
        var scope = categoryDScope?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        scope = string.IsNullOrEmpty(scope) ? null : scope;
        if (scope is { Length: > MaxCategoryDScope })
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["categoryDScope"] = [$"Dの範囲は{MaxCategoryDScope}文字以内で入力してください（現在{scope.Length}文字）。"],
            });
        }
        if (preApproved.HasFlag(PostCategories.D) && scope is null)
        {
            throw new DomainRuleException("D「その他、主管課で所属長の了承を不要と判断できる内容」を事前承認にするには、Dに当たる内容の範囲を記入してください（ガイドライン5(2)ウ(イ)）。",
                "category-d-needs-scope", new Dictionary<string, string[]> { ["categoryDScope"] = ["Dを事前承認にするには、Dに当たる内容の範囲を記入してください。"] });
        }
        var before = Snapshot();
        PreApproved = preApproved & (PostCategories.A | PostCategories.B | PostCategories.C | PostCategories.D);
        SecondCheck = secondCheck;
        CategoryDScope = scope;
        UpdatedAt = at;
        UpdatedByName = by.Name;
        Version++;
        Audit(new AuditRecord("post-settings.updated", nameof(SectionPostSettings), SectionId.ToString(), by.UserId, by.Name, at, before, Snapshot()));
    }

    public string Describe() =>
        (PreApproved == PostCategories.None ? "事前承認の範囲なし（すべて所属長の了承が必要）" : "事前承認: " + string.Join("・", Enum.GetValues<PostCategory>().Where(c => PreApproved.HasFlag(PostRouting.Flag(c)))))
        + (SecondCheck == SecondCheckSetting.Required ? "／他の職員の確認: 必須" : "／他の職員の確認: 任意");

    /// <summary>The scope of D as the author reads it next to the D choice (null while D is not pre-approved).</summary>
    public string? CategoryDScopeShown => PreApproved.HasFlag(PostCategories.D) ? CategoryDScope : null;

    private string Snapshot() => JsonSerializer.Serialize(new { preApproved = PreApproved.ToString(), secondCheck = SecondCheck.ToString(), categoryDScope = CategoryDScope });
}
