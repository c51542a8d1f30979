using System.Text.Json;

namespace MuniSocial.Features.Admin;

/// <summary>
/// The confirmation page after a department, section or unit was deleted: read from the audit record of the deletion
/// (the node itself is gone). Without such a record — nothing was deleted — it goes back to the list.
/// </summary>
public sealed class OrgDeletedModel(CurrentActor current, AppDbContext db) : AdminPageModel(current)
{
    public Confirmation Confirmation { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string kind, Guid id, CancellationToken ct)
    {
        if (OrgDeleteModel.KindOf(kind) is not { } k)
        {
            return NotFound();
        }
        var action = $"organisation.{k.ToString().ToLowerInvariant()}-deleted";
        var entityId = id.ToString();
        var record = await db.AuditEntries.AsNoTracking().Where(e => e.Action == action && e.EntityId == entityId)
            .Select(e => new { e.Before, e.At, e.ActorName }).FirstOrDefaultAsync(ct);
        if (record is null)
        {
            return Redirect(OrgPageModel.ListUrl);
        }
        var what = OrgDeleteModel.Noun(k);
        Confirmation = new Confirmation($"{what}を削除しました", $"{NameIn(record.Before)}（{Wareki.FormatDateTime(record.At)}、{record.ActorName}）", [],
            [
                $"この{what}は組織の一覧と、利用者・アカウントの所属の選択肢から消えました。",
                "削除の記録は監査記録（操作の記録）に残っています。",
            ],
            OrgPageModel.ListUrl, "組織の一覧に戻る");
        return Page();
    }

    /// <summary>"部 課 係" from the deletion's before-state (department, section, name — whichever it has).</summary>
    private static string NameIn(string? before)
    {
        if (before is null)
        {
            return "";
        }
        using var json = JsonDocument.Parse(before);
        var parts = new[] { "department", "section", "name" }
            .Select(p => json.RootElement.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            .Where(v => !string.IsNullOrEmpty(v));
        return string.Join(" ", parts);
    }
}
