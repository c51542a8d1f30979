namespace MuniSocial.Features.Comments;

/// <summary>CSV import of comments (docs/comments-import.md): the result page lists what was added, the duplicates and the refused lines.</summary>
public sealed class ImportModel(AppDbContext db, CurrentActor current, TimeProvider clock) : AccountCommentPage(db, current)
{
    public CommentImport.Result? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, IFormFile? file)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var ct = HttpContext.RequestAborted;
        var outcome = await this.RunAsync(Db, async () =>
        {
            if (file is null || file.Length == 0)
            {
                throw new DomainValidationException(new Dictionary<string, string[]> { ["file"] = ["取り込むCSVファイルを選んでください。"] });
            }
            if (file.Length > CommentImport.MaxBytes)
            {
                throw new DomainValidationException(new Dictionary<string, string[]>
                {
                    ["file"] = [$"ファイルが大きすぎます（{file.Length / 1024:N0}KB）。{CommentImport.MaxBytes / 1024 / 1024}MB以内、{CommentImport.MaxRows:N0}行以内に分けて取り込んでください。"],
                });
            }
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            Result = await CommentImport.ImportAsync(Db, Actor, Account, buffer.ToArray(), clock.GetUtcNow(), ct);
        }, fieldKey: f => f);
        return outcome == Outcome.Forbidden ? Forbid() : Page();
    }
}
