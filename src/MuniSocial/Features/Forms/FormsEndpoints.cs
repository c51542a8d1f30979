using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MuniSocial.Domain.Forms;
using MuniSocial.Infrastructure.Documents;

namespace MuniSocial.Features.Forms;

/// <summary>
/// The forms 様式1–5: issued by the workflow (<see cref="FormIssuing"/>), listed and downloaded per account
/// (pages and API), and printed blank.
/// </summary>
public static class FormsEndpoints
{
    public static void AddForms(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OfficeOptions>().Bind(builder.Configuration.GetSection("Office")).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OfficeOptions>, OfficeOptionsValidation>();
        builder.Services.AddOptions<FormFontOptions>().Bind(builder.Configuration.GetSection("Forms"))
            .Validate(FormFontOptions.IsValid, FormFontOptions.Problem).ValidateOnStart();
        builder.Services.AddSingleton(sp => new FormRendering(FormFonts.Load(sp.GetRequiredService<IOptions<FormFontOptions>>().Value.FontFolder)));
        builder.Services.AddScoped<IBeforeAuditStep, FormIssuing>();
        builder.Services.AddSingleton<Emblem>();
        builder.Services.AddSingleton<SiteBrand>();
    }

    public static void MapForms(this WebApplication app, RouteGroupBuilder api)
    {
        // Fails at start, with what to install, when the Japanese fonts are missing.
        _ = app.Services.GetRequiredService<FormRendering>();

        // The city's emblem in every page's header (set on /admin/office).
        app.MapGet("/branding/emblem", Emblem.Serve).AllowAnonymous().ExcludeFromDescription();

        var staff = app.MapGroup("").RequireAuthorization(Policies.StaffOrPr).ExcludeFromDescription();
        staff.MapGet("/accounts/{id:guid}/documents/{docId:guid}.pdf", (Guid id, Guid docId, AppDbContext db, CurrentActor current, CancellationToken ct) =>
            DownloadAsync(id, docId, pdf: true, db, current, ct));
        staff.MapGet("/accounts/{id:guid}/documents/{docId:guid}.docx", (Guid id, Guid docId, AppDbContext db, CurrentActor current, CancellationToken ct) =>
            DownloadAsync(id, docId, pdf: false, db, current, ct));
        staff.MapGet("/forms/blank/{n:int}.pdf", (int n, AppDbContext db, FormRendering rendering, IOptions<OfficeOptions> office, CancellationToken ct) =>
            BlankAsync(n, pdf: true, db, rendering, office, ct));
        staff.MapGet("/forms/blank/{n:int}.docx", (int n, AppDbContext db, FormRendering rendering, IOptions<OfficeOptions> office, CancellationToken ct) =>
            BlankAsync(n, pdf: false, db, rendering, office, ct));

        var documents = api.MapGroup("/accounts/{id:guid}/documents").WithTags("Forms").RequireAuthorization(Policies.StaffOrPr);
        documents.MapGet("", ListAsync)
            .WithName("ListDocuments")
            .WithSummary("このアカウントの手続で発行された様式1–5（PDF と Word、SHA-256 付き。新しい順）")
            .WithProblems(StatusCodes.Status404NotFound);
        documents.MapGet("/{docId:guid}.pdf", (Guid id, Guid docId, [AsParameters] ApiContext c) => ApiDownloadAsync(id, docId, pdf: true, c))
            .WithName("DownloadDocumentPdf")
            .WithSummary("発行された様式の PDF（保存されたとおりのバイト列）")
            .Produces<Stream>(StatusCodes.Status200OK, FormRendering.PdfType)
            .WithProblems(StatusCodes.Status404NotFound);
        documents.MapGet("/{docId:guid}.docx", (Guid id, Guid docId, [AsParameters] ApiContext c) => ApiDownloadAsync(id, docId, pdf: false, c))
            .WithName("DownloadDocumentDocx")
            .WithSummary("発行された様式の Word ファイル（保存されたとおりのバイト列）")
            .Produces<Stream>(StatusCodes.Status200OK, FormRendering.DocxType)
            .WithProblems(StatusCodes.Status404NotFound);
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

    private static async Task<Results<Ok<List<DocumentDto>>, ProblemHttpResult>> ListAsync(Guid id, [AsParameters] ApiContext c)
    {
        var actor = await c.StaffOrPrAsync();
        if (!await c.Db.Accounts.VisibleTo(actor).AnyAsync(a => a.Id == id, c.Ct))
        {
            return Problems.NotFound();
        }
        var rows = (await c.Db.RowsAsync(id, c.Ct)).Select(r => new DocumentDto(r.Id, FormKinds.Label(r.Form), FormKinds.Name(r.Form), r.PolicyVersion,
            r.DocumentNumber, r.IssuedAt, r.IssuedByName, r.Sha256Pdf, r.Sha256Docx,
            $"/api/v1/accounts/{id}/documents/{r.Id}.pdf", $"/api/v1/accounts/{id}/documents/{r.Id}.docx")).ToList();
        return TypedResults.Ok(rows);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ApiDownloadAsync(Guid id, Guid docId, bool pdf, ApiContext c)
    {
        var (visible, file) = await FindFileAsync(id, docId, pdf, c.Db, await c.StaffOrPrAsync(), c.Ct);
        return !visible ? Problems.NotFound()
            : file is null ? Problems.NotFound("様式")
            : TypedResults.File(file.Bytes, file.ContentType, file.Name);
    }

    /// <summary>The cookie download for the pages: 403 / 404 as status pages.</summary>
    private static async Task<IResult> DownloadAsync(Guid id, Guid docId, bool pdf, AppDbContext db, CurrentActor current, CancellationToken ct)
    {
        var actor = await current.FindAsync(ct);
        if (actor is null || !IsStaffOrPr(actor))
        {
            return Results.Forbid();
        }
        var (visible, file) = await FindFileAsync(id, docId, pdf, db, actor, ct);
        return visible && file is not null ? Results.File(file.Bytes, file.ContentType, file.Name) : Results.NotFound();
    }

    private sealed record DocumentFile(byte[] Bytes, string ContentType, string Name);

    /// <summary>Whether the actor may see the account, and the stored file (null when the account has no such document).</summary>
    private static async Task<(bool Visible, DocumentFile? File)> FindFileAsync(Guid id, Guid docId, bool pdf, AppDbContext db, Actor actor, CancellationToken ct)
    {
        if (!await db.Accounts.VisibleTo(actor).AnyAsync(a => a.Id == id, ct))
        {
            return (false, null);
        }
        var query = db.IssuedDocuments.AsNoTracking().Where(d => d.Id == docId && d.AccountId == id);
        var file = pdf
            ? await query.Select(d => new { Bytes = d.Pdf, d.Form, d.IssuedAt, d.AccountName }).FirstOrDefaultAsync(ct)
            : await query.Select(d => new { Bytes = d.Docx, d.Form, d.IssuedAt, d.AccountName }).FirstOrDefaultAsync(ct);
        return file is null
            ? (true, null)
            : (true, new DocumentFile(file.Bytes, pdf ? FormRendering.PdfType : FormRendering.DocxType,
                IssuedDocument.FileName(file.Form, Wareki.TodayIn(file.IssuedAt), file.AccountName, pdf ? "pdf" : "docx")));
    }

    /// <summary>The roles as the database has them now (the token's may be older).</summary>
    private static Task<Actor> StaffOrPrAsync(this ApiContext c) =>
        c.ActorInRoleAsync("様式を見られるのは、所属の職員と市広報担当です。", Role.Operator, Role.SectionHead, Role.PrOffice);

    private static async Task<IResult> BlankAsync(int n, bool pdf, AppDbContext db, FormRendering rendering, IOptions<OfficeOptions> office, CancellationToken ct)
    {
        if (!FormKinds.TryParse(n, out var kind))
        {
            return Results.NotFound();
        }
        var files = rendering.Render(await db.BlankAsync(kind, office, ct));
        var name = $"{FormKinds.Label(kind)}_{FormKinds.Name(kind, (await db.OfficeAsync(office, ct)).CityName)}（白紙）.{(pdf ? "pdf" : "docx")}";
        return Results.File(pdf ? files.Pdf : files.Docx, pdf ? FormRendering.PdfType : FormRendering.DocxType, name);
    }

    private static bool IsStaffOrPr(Actor actor) => actor.Is(Role.Operator) || actor.Is(Role.SectionHead) || actor.Is(Role.PrOffice);
}

public sealed record IssuedDocumentRow(Guid Id, FormKind Form, int? PolicyVersion, string? DocumentNumber, string? AccountName,
    DateTimeOffset IssuedAt, string IssuedByName, string Sha256Pdf, string Sha256Docx, int PdfBytes);
