using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MuniSocial.Domain.Audit;
using MuniSocial.Domain.Forms;
using MuniSocial.Infrastructure.Documents;

namespace MuniSocial.Features.Forms;

/// <summary>
/// Issues the forms of a transition in the same save as the transition, whoever made it (a page, the
/// API, the demo seed): for each account's pending audit record whose action issues forms
/// (<see cref="FormKinds.IssuedBy"/>), renders them, stores the files and writes their SHA-256 into
/// that audit record's After (documents: [{id, form, sha256Pdf, sha256Docx}]) before it is chained.
/// </summary>
public sealed class FormIssuing(FormRendering rendering, IOptions<OfficeOptions> officeDefaults) : IBeforeAuditStep
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task BeforeAuditAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var work = db.ChangeTracker.Entries<SocialAccount>()
            .Select(e => e.Entity)
            .SelectMany(a => a.PendingAudit.Select(r => (Account: a, Record: r)))
            .Where(x => FormKinds.IssuedBy(x.Record.Action).Count > 0 && !AlreadyIssued(x.Record))
            .OrderBy(x => x.Record.At)
            .ToList();
        if (work.Count == 0)
        {
            return;
        }
        var office = await db.OfficeAsync(officeDefaults, cancellationToken);
        foreach (var (account, record) in work)
        {
            var policy = PolicyOf(account, record);
            var issued = new List<IssuedDocument>();
            foreach (var kind in FormKinds.IssuedBy(record.Action))
            {
                var number = kind is FormKind.Form3 or FormKind.Form5 && office.DocumentNumberFormat is not null
                    ? office.DocumentNumber(await NextNoticeNumberAsync(db, record.At, cancellationToken))
                    : null;
                var data = await db.ForAccountAsync(kind, account, policy, office, record.At, number, cancellationToken);
                var files = rendering.Render(data);
                var document = IssuedDocument.Issue(account.Id, policy.AccountName, kind, policy.Number, number, record.Action,
                    record.At, record.ActorId, record.ActorName, files.Pdf, files.Docx);
                db.IssuedDocuments.Add(document);
                issued.Add(document);
            }
            account.AmendPendingAudit(record, record with { After = WithDocuments(record.After, issued) });
        }
    }

    /// <summary>
    /// The policy version the transition was about: the one submitted at that moment for a request or
    /// revision, else the accepted one (listing notice, delisting request and notice).
    /// </summary>
    private static PolicyVersion PolicyOf(SocialAccount account, AuditRecord record) =>
        record.Action is "account.listing-requested" or "account.revision-submitted"
            ? account.Policies.Where(p => p.SubmittedAt == record.At).MaxBy(p => p.Number) ?? account.CurrentPolicy
            : account.AcceptedPolicy ?? account.CurrentPolicy;

    /// <summary>文書番号: the PR office's notices (様式3・様式5) are numbered from 1 in each fiscal year (April–March).</summary>
    private static async Task<int> NextNoticeNumberAsync(AppDbContext db, DateTimeOffset at, CancellationToken ct)
    {
        var day = Wareki.TodayIn(at);
        var fiscalStart = new DateOnly(day.Month >= 4 ? day.Year : day.Year - 1, 4, 1);
        var from = new DateTimeOffset(fiscalStart.ToDateTime(TimeOnly.MinValue), Wareki.Tokyo.GetUtcOffset(fiscalStart.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();
        var stored = await db.IssuedDocuments.CountAsync(d => (d.Form == FormKind.Form3 || d.Form == FormKind.Form5) && d.IssuedAt >= from && d.DocumentNumber != null, ct);
        var pending = db.ChangeTracker.Entries<IssuedDocument>().Count(e => e.State == EntityState.Added
            && e.Entity.Form is FormKind.Form3 or FormKind.Form5 && e.Entity.DocumentNumber is not null && e.Entity.IssuedAt >= from);
        return stored + pending + 1;
    }

    private static bool AlreadyIssued(AuditRecord record) =>
        record.After is { } after && after.Contains("\"documents\"", StringComparison.Ordinal);

    private static string WithDocuments(string? after, List<IssuedDocument> documents)
    {
        JsonObject json;
        try
        {
            json = after is null ? [] : JsonNode.Parse(after) as JsonObject ?? new JsonObject { ["value"] = after };
        }
        catch (JsonException)
        {
            json = new JsonObject { ["value"] = after };
        }
        json["documents"] = new JsonArray(documents.Select(d => (JsonNode)new JsonObject
        {
            ["id"] = d.Id.ToString(),
            ["form"] = FormKinds.Label(d.Form),
            ["sha256Pdf"] = d.Sha256Pdf,
            ["sha256Docx"] = d.Sha256Docx,
        }).ToArray());
        return json.ToJsonString(Json);
    }
}
