using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Forms;
using MuniSocial.Infrastructure.Api;
using MuniSocial.Infrastructure.Documents;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Features.Forms;

/// <summary>
/// The forms 様式1–5: issued by the workflow (<see cref="FormIssuing"/>), listed and downloaded per account
/// (pages and API), and printed blank.
/// </summary>
public static class FormsEndpoints
{
    public const string PdfType = "application/pdf";
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static void AddForms(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OfficeOptions>().Bind(builder.Configuration.GetSection("Office")).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OfficeOptions>, OfficeOptionsValidation>();
        builder.Services.AddOptions<FormFontOptions>().Bind(builder.Configuration.GetSection("Forms"))
            .Validate(FormFontOptions.IsValid, FormFontOptions.Problem).ValidateOnStart();
        builder.Services.AddSingleton(sp => new FormRendering(FormFonts.Load(sp.GetRequiredService<IOptions<FormFontOptions>>().Value.FontFolder)));
        builder.Services.AddScoped<IBeforeAuditStep, FormIssuing>();
    }

    public static void MapForms(this WebApplication app, RouteGroupBuilder api)
    {
        // Fails at start, with what to install, when the Japanese fonts are missing.
        _ = app.Services.GetRequiredService<FormRendering>();

        var staff = app.MapGroup("").RequireAuthorization(Policies.StaffOrPr).ExcludeFromDescription();
        staff.MapGet("/accounts/{id:guid}/documents/{docId:guid}.pdf", (Guid id, Guid docId, AppDbContext db, CurrentActor current, CancellationToken ct) =>
            DownloadAsync(id, docId, pdf: true, db, current, api: false, ct));
        staff.MapGet("/accounts/{id:guid}/documents/{docId:guid}.docx", (Guid id, Guid docId, AppDbContext db, CurrentActor current, CancellationToken ct) =>
            DownloadAsync(id, docId, pdf: false, db, current, api: false, ct));
        staff.MapGet("/forms/blank/{n:int}.pdf", (int n, AppDbContext db, FormRendering rendering, IOptions<OfficeOptions> office, CancellationToken ct) =>
            BlankAsync(n, pdf: true, db, rendering, office, ct));
        staff.MapGet("/forms/blank/{n:int}.docx", (int n, AppDbContext db, FormRendering rendering, IOptions<OfficeOptions> office, CancellationToken ct) =>
            BlankAsync(n, pdf: false, db, rendering, office, ct));

        var documents = api.MapGroup("/accounts/{id:guid}/documents").WithTags("Forms");
        documents.MapGet("", ListAsync).WithName("ListDocuments")
            .WithSummary("様式1–5: the forms this account's history issued (PDF and Word, with SHA-256).");
        documents.MapGet("/{docId:guid}.pdf", (Guid id, Guid docId, AppDbContext db, CurrentActor current, CancellationToken ct) =>
            DownloadAsync(id, docId, pdf: true, db, current, api: true, ct)).WithSummary("The issued PDF, byte for byte as stored.");
        documents.MapGet("/{docId:guid}.docx", (Guid id, Guid docId, AppDbContext db, CurrentActor current, CancellationToken ct) =>
            DownloadAsync(id, docId, pdf: false, db, current, api: true, ct)).WithSummary("The issued Word file, byte for byte as stored.");
    }

    public sealed record DocumentDto(Guid Id, string Form, string Name, int? PolicyVersion, string? DocumentNumber, DateTimeOffset IssuedAt,
        string IssuedBy, string Sha256, string Sha256Docx, string PdfUrl, string DocxUrl);

    /// <summary>The rows of an account's issued documents, newest first, without the file bytes.</summary>
    public static async Task<List<IssuedDocumentRow>> RowsAsync(this AppDbContext db, Guid accountId, CancellationToken ct)
    {
        var rows = await db.IssuedDocuments.AsNoTracking().Where(d => d.AccountId == accountId)
            .Select(d => new IssuedDocumentRow(d.Id, d.Form, d.PolicyVersionNumber, d.DocumentNumber, d.AccountName, d.IssuedAt, d.IssuedByName, d.Sha256Pdf, d.Sha256Docx, d.Pdf.Length))
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.IssuedAt).ThenByDescending(r => r.Form).ToList();
    }

    private static async Task<IResult> ListAsync(Guid id, AppDbContext db, CurrentActor current, CancellationToken ct)
    {
        var actor = await current.FindAsync(ct);
        if (actor is null || !IsStaffOrPr(actor))
        {
            return new DomainForbiddenException("様式を見られるのは、所属の職員と市広報担当です。").ToProblem();
        }
        if (!await db.Accounts.VisibleTo(actor).AnyAsync(a => a.Id == id, ct))
        {
            return Problems.NotFound();
        }
        var rows = (await db.RowsAsync(id, ct)).Select(r => new DocumentDto(r.Id, FormKinds.Label(r.Form), FormKinds.Name(r.Form), r.PolicyVersion,
            r.DocumentNumber, r.IssuedAt, r.IssuedByName, r.Sha256Pdf, r.Sha256Docx,
            $"/api/v1/accounts/{id}/documents/{r.Id}.pdf", $"/api/v1/accounts/{id}/documents/{r.Id}.docx")).ToList();
        return TypedResults.Ok(rows);
    }

    private static async Task<IResult> DownloadAsync(Guid id, Guid docId, bool pdf, AppDbContext db, CurrentActor current, bool api, CancellationToken ct)
    {
        var actor = await current.FindAsync(ct);
        if (actor is null || !IsStaffOrPr(actor))
        {
            return api ? new DomainForbiddenException("様式を見られるのは、所属の職員と市広報担当です。").ToProblem() : Results.Forbid();
        }
        if (!await db.Accounts.VisibleTo(actor).AnyAsync(a => a.Id == id, ct))
        {
            return api ? Problems.NotFound() : Results.NotFound();
        }
        var query = db.IssuedDocuments.AsNoTracking().Where(d => d.Id == docId && d.AccountId == id);
        var file = pdf
            ? await query.Select(d => new { Bytes = d.Pdf, d.Form, d.IssuedAt, d.AccountName }).FirstOrDefaultAsync(ct)
            : await query.Select(d => new { Bytes = d.Docx, d.Form, d.IssuedAt, d.AccountName }).FirstOrDefaultAsync(ct);
        if (file is null)
        {
            return api ? Problems.NotFound("様式") : Results.NotFound();
        }
        var name = IssuedDocument.FileName(file.Form, Wareki.TodayIn(file.IssuedAt), file.AccountName, pdf ? "pdf" : "docx");
        return Results.File(file.Bytes, pdf ? PdfType : DocxType, name);
    }

    private static async Task<IResult> BlankAsync(int n, bool pdf, AppDbContext db, FormRendering rendering, IOptions<OfficeOptions> office, CancellationToken ct)
    {
        if (!FormKinds.TryParse(n, out var kind))
        {
            return Results.NotFound();
        }
        var files = rendering.Render(await db.BlankAsync(kind, office, ct));
        var name = $"{FormKinds.Label(kind)}_{FormKinds.Name(kind, (await db.OfficeAsync(office, ct)).CityName)}（白紙）.{(pdf ? "pdf" : "docx")}";
        return Results.File(pdf ? files.Pdf : files.Docx, pdf ? PdfType : DocxType, name);
    }

    private static bool IsStaffOrPr(Actor actor) => actor.Is(Role.Operator) || actor.Is(Role.SectionHead) || actor.Is(Role.PrOffice);
}

public sealed record IssuedDocumentRow(Guid Id, FormKind Form, int? PolicyVersion, string? DocumentNumber, string? AccountName,
    DateTimeOffset IssuedAt, string IssuedByName, string Sha256Pdf, string Sha256Docx, int PdfBytes);
