
namespace MuniSocial.Features.Accounts;

/// <summary>An operator or section head registers an account of their section with its (possibly incomplete) policy.</summary>
public sealed class NewModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PolicyFormPageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (SectionOf(actor) is not { } section)
        {
            return Forbid();
        }
        Input = PolicyFormInput.Blank();
        Options = await PolicyFormOptions.LoadAsync(db, section, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (SectionOf(actor) is not { } section)
        {
            return Forbid();
        }
        Options = await PolicyFormOptions.LoadAsync(db, section, ct);
        var content = Input.ToContent(ModelState, Options.Units.Select(u => u.Id).ToList());
        if (content is null)
        {
            return Page();
        }
        SocialAccount? account = null;
        var outcome = await this.SaveAsync(db, async () =>
        {
            var operators = await db.OperatorsAsync(section, Input.Operators ?? [], ct);
            account = SocialAccount.Create(actor, section, content, operators, clock.GetUtcNow());
            db.Accounts.Add(account);
        }, ct: ct);
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect("アカウントを登録し、運用ポリシーを下書きとして保存しました。", $"/accounts/{account!.Id}"));
    }

    /// <summary>Only the staff of a section register its accounts; the PR office does so only as staff of its own section.</summary>
    private static Guid? SectionOf(Actor actor) =>
        SocialAccount.CreateRefusal(actor, actor.SectionId) is null ? actor.SectionId : null;
}
