using MuniSocial.Domain.Terms;

namespace MuniSocial.Features.Terms;

/// <summary>The PR office edits the standard terms: every save is a new version (TermsTemplateVersion.Next).</summary>
public sealed class EditModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        /// <summary>注意事項, one category a line.</summary>
        public string? Notices { get; set; }
        public string? IntellectualProperty { get; set; }

        /// <summary>免責事項, one item a line.</summary>
        public string? Disclaimers { get; set; }

        /// <summary>The version the editor started from: an edit over someone else's newer version is refused.</summary>
        public int? BaseNumber { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public int CurrentNumber { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var terms = await db.CurrentTermsAsync(ct);
        CurrentNumber = terms.Number;
        Input = new InputModel
        {
            Notices = terms.Notices,
            IntellectualProperty = terms.IntellectualProperty,
            Disclaimers = terms.Disclaimers,
            BaseNumber = terms.Number,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var terms = await db.CurrentTermsAsync(ct);
        CurrentNumber = terms.Number;
        if (Input.BaseNumber is { } seen && seen != terms.Number)
        {
            ModelState.AddModelError(string.Empty,
                $"編集中に他の職員が標準規約を更新しました（現在 第{terms.Number}版）。画面を読み込み直し、最新の版に対してもう一度編集してください。");
            return Page();
        }
        TermsTemplateVersion? next = null;
        var outcome = await this.SaveAsync(db, () =>
        {
            next = TermsTemplateVersion.Next(terms, actor, Lines(Input.Notices), Input.IntellectualProperty ?? "", Lines(Input.Disclaimers), clock.GetUtcNow());
            db.TermsVersions.Add(next);
        }, ct: ct);
        return await this.AnswerAsync(outcome,
            () => this.FlashAndRedirect($"標準規約の第{next!.Number}版を作成しました。これから掲載・承認される運用ポリシーに使われます。", "/terms"));
    }

    private static string[] Lines(string? text) => (text ?? "").ReplaceLineEndings("\n").Split('\n');
}
