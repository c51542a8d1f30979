
namespace MuniSocial.Features.Accounts;

/// <summary>Edits the policy being written: a Draft account's, or a Listed account's revision in draft.</summary>
public sealed class EditModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PolicyFormPageModel
{
    public Guid Id { get; private set; }
    public string AccountName { get; private set; } = "";

    /// <summary>Why the policy cannot be edited now (the form is not shown), or null.</summary>
    public string? NotEditable { get; private set; }
    public string? ReturnReason { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var (account, actor, refusal) = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        Input = PolicyFormInput.From(account.CurrentPolicy, account.Operators.Select(o => o.UserId), account.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var (account, actor, refusal) = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var content = Input.ToContent(ModelState, Options.Units.Select(u => u.Id).ToList());
        if (content is null)
        {
            return Page();
        }
        if (Input.Version is { } seen)
        {
            // Optimistic concurrency across requests: the save fails if the account changed since the form was opened.
            db.Entry(account).Property(a => a.Version).OriginalValue = seen;
        }
        // The policy and its operators are one form, so both changes are saved together or not at all.
        var outcome = await this.SaveAsync(db, async () =>
        {
            account.UpdatePolicy(actor, content, clock.GetUtcNow());
            var chosen = (Input.Operators ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
            if (!chosen.SequenceEqual(account.Operators.Select(o => o.UserId).Order(StringComparer.Ordinal)))
            {
                account.SetOperators(actor, await db.OperatorsAsync(account.SectionId, chosen, ct), clock.GetUtcNow());
            }
        }, ct: ct);
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect(
            IsRevision ? "改訂案を保存しました。所属長が「改訂を提出」すると市広報担当の審査に回ります。" : "運用ポリシーの下書きを保存しました。", $"/accounts/{id}"));
    }

    /// <summary>The account and actor, or the answer when there is nothing to edit here (404) or the actor may not (403).</summary>
    private async Task<(SocialAccount Account, Actor Actor, IActionResult? Refusal)> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var account = await db.FindVisibleAsync(id, actor, ct);
        if (account is null)
        {
            return (null!, actor, NotFound());
        }
        if (account.PolicyEditBlock(actor) is { Forbidden: true })
        {
            return (account, actor, Forbid());
        }
        await DescribeAsync(account, actor, ct);
        return (account, actor, null);
    }

    private async Task DescribeAsync(SocialAccount account, Actor actor, CancellationToken ct)
    {
        Id = account.Id;
        AccountName = PolicyDisplay.AccountName(account);
        IsRevision = account.Status == AccountStatus.Listed;
        Options = await PolicyFormOptions.LoadAsync(db, account.SectionId, ct);
        var open = account.OpenPolicy;
        ReturnReason = open is { Status: PolicyVersionStatus.Draft } ? open.ReturnReason : null;
        // The domain's reason, the same one UpdatePolicy would refuse the save with.
        NotEditable = account.PolicyEditBlock(actor)?.Explanation;
    }
}
