using System.Text.Json;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Posts;

/// <summary>
/// A section's posting rules, set by its head (§5(2)ウ(イ) 各所属において検討・決定; §5(2)ウ(ウ) 複数の職員で確認).
/// A section without a row uses <see cref="Defaults"/>: nothing pre-approved, a colleague's check required.
/// </summary>
public sealed class SectionPostSettings : AuditedEntity
{
    private SectionPostSettings() { }

    public Guid SectionId { get; private set; }
    public PostCategories PreApproved { get; private set; }
    public SecondCheckSetting SecondCheck { get; private set; }
    public int Version { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }
    public string? UpdatedByName { get; private set; }

    public static SectionPostSettings Defaults(Guid sectionId) => new()
    {
        SectionId = sectionId,
        PreApproved = PostCategories.None,
        SecondCheck = SecondCheckSetting.Required,
    };

    public void Update(Actor by, PostCategories preApproved, SecondCheckSetting secondCheck, DateTimeOffset at)
    {
        if (!by.IsHeadOf(SectionId))
        {
            throw new DomainForbiddenException("発信の事前承認範囲と確認の設定は、その所属の所属長が行います。");
        }
        var before = Snapshot();
        PreApproved = preApproved & (PostCategories.A | PostCategories.B | PostCategories.C | PostCategories.D);
        SecondCheck = secondCheck;
        UpdatedAt = at;
        UpdatedByName = by.Name;
        Version++;
        Audit(new AuditRecord("post-settings.updated", nameof(SectionPostSettings), SectionId.ToString(), by.UserId, by.Name, at, before, Snapshot()));
    }

    public string Describe() =>
        (PreApproved == PostCategories.None ? "事前承認の範囲なし（すべて所属長の了承が必要）" : "事前承認: " + string.Join("・", Enum.GetValues<PostCategory>().Where(c => PreApproved.HasFlag(PostRouting.Flag(c)))))
        + (SecondCheck == SecondCheckSetting.Required ? "／他の職員の確認: 必須" : "／他の職員の確認: 任意");

    private string Snapshot() => JsonSerializer.Serialize(new { preApproved = PreApproved.ToString(), secondCheck = SecondCheck.ToString() });
}
