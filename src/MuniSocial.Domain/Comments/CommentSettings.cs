using System.Text.Json;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Comments;

/// <summary>
/// How long the personal data in users' comments is kept (issue 10 item 4): the text, author and URL of a comment
/// are redacted this many days after it was closed. One row for the city; without it, <see cref="DefaultRetentionDays"/>.
/// </summary>
public sealed class CommentSettings : AuditedEntity
{
    public static readonly Guid SingletonId = new("6c0d5a3e-0000-4000-8000-00000000c0c0");
    public const int DefaultRetentionDays = 365;
    public const int MinRetentionDays = 30;
    public const int MaxRetentionDays = 3650;

    private CommentSettings() { }

    public Guid Id { get; private set; }
    public int RetentionDays { get; private set; }
    public int Version { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }
    public string? UpdatedByName { get; private set; }

    public static CommentSettings CreateDefault() => new() { Id = SingletonId, RetentionDays = DefaultRetentionDays };

    /// <summary>The PR office or the administrator sets the retention period (30 days to 10 years).</summary>
    public void Update(Actor by, int? retentionDays, DateTimeOffset at)
    {
        if (!(by.Is(Role.PrOffice) || by.Is(Role.Admin)))
        {
            throw new DomainForbiddenException("書込みの保存期間を設定できるのは、市広報担当またはシステム管理者です。");
        }
        if (retentionDays is not { } days || days < MinRetentionDays || days > MaxRetentionDays)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["retentionDays"] = [$"保存期間は{MinRetentionDays}日以上{MaxRetentionDays}日以下の日数で入力してください。"],
            });
        }
        var before = Snapshot();
        RetentionDays = days;
        UpdatedAt = at;
        UpdatedByName = by.Name;
        Version++;
        Audit(new AuditRecord("comment-settings.updated", nameof(CommentSettings), Id.ToString(), by.UserId, by.Name, at, before, Snapshot()));
    }

    private string Snapshot() => JsonSerializer.Serialize(new { retentionDays = RetentionDays });
}
