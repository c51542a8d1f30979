using MuniSocial.Domain.Forms;

namespace MuniSocial.Features.Accounts;

/// <summary>
/// "Check your answers" before an account's one-way step (掲載依頼・掲載・一覧から削除): shows what will happen and
/// changes nothing; its button posts to the step's handler with the version shown here.
/// </summary>
public sealed class CheckModel(AppDbContext db, CurrentActor current, TimeProvider clock) : AccountPageModel(db, current, clock)
{
    public AccountStep Step { get; private set; } = null!;
    public CheckAnswers Answers { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, string step, CancellationToken ct)
    {
        if (AccountStep.Find(step) is not { } found)
        {
            return NotFound();
        }
        Step = found;
        if (found.HasForm)
        {
            // 削除依頼 is checked after its form (the date and reason typed there): /accounts/{id}/delisting.
            return Redirect($"/accounts/{id}/delisting");
        }
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (Account.RefusalOf(found.Action, Actor) is { } refusal)
        {
            if (refusal.Forbidden)
            {
                return Forbid();
            }
            // Already done, or not yet possible: say why on the account's page rather than offer the button.
            this.Flash(refusal.Explanation);
            return Redirect(found.ByPrOffice ? $"/review/{id}" : $"/accounts/{id}");
        }
        Answers = await AnswersAsync(found, ct);
        return Page();
    }

    protected override string AfterAction(Guid id) => $"/accounts/{id}";

    private async Task<CheckAnswers> AnswersAsync(AccountStep step, CancellationToken ct)
    {
        var a = Account;
        var policy = step == AccountStep.Delist ? a.AcceptedPolicy ?? a.CurrentPolicy : a.CurrentPolicy;
        var edit = step == AccountStep.RequestListing ? $"/accounts/{a.Id}/edit" : null;
        var rows = new List<CheckRow>();
        var byKey = Rows(policy).ToDictionary(r => r.Key);
        foreach (var key in new[] { "accountName", "platform", "accountUrl", "section", "ownerKind", "period", "hours", "replyPolicy" })
        {
            rows.Add(new CheckRow(byKey[key].Label, byKey[key].Value, edit));
        }
        rows.Add(new CheckRow("運用担当者", a.Operators.Count == 0 ? PolicyDisplay.Missing : string.Join("、", a.Operators.Select(o => o.Name)), edit, "運用担当者"));
        rows.Add(new CheckRow("運用ポリシーの版", $"第{policy.Number}版"));
        if (step == AccountStep.Delist)
        {
            rows.Add(new CheckRow("閉鎖日", a.ClosedOn is { } c ? Wareki.Format(c) : PolicyDisplay.Missing));
            rows.Add(new CheckRow("閉鎖理由", a.CloseReason ?? PolicyDisplay.Missing));
            rows.Add(new CheckRow("削除依頼（様式4）", $"{a.DelistingRequestedByName} {(a.DelistingRequestedAt is { } d ? Wareki.FormatDateTime(d) : "")}"));
        }
        else if (step == AccountStep.List)
        {
            rows.Add(new CheckRow("掲載依頼（様式2）", $"{policy.SubmittedByName} {(policy.SubmittedAt is { } s ? Wareki.FormatDateTime(s) : "")}"));
            rows.Add(new CheckRow("ともに掲載する標準規約", $"第{(await Db.CurrentTermsAsync(ct)).Number}版"));
        }
        var section = Names.Section(a.SectionId);
        var issues = string.Join("と", step.Issues.Select(k => $"{FormKinds.Name(k)}（{FormKinds.Label(k)}）"))
            + $"を、この時点の内容でPDFとWordで発行します。提出先・送付先: {step.IssuedTo}{(step.ByPrOffice && section.Length > 0 ? "・" + section : "")}。";
        var warnings = new List<string>();
        var blocked = false;
        if (step == AccountStep.RequestListing)
        {
            var missing = a.SubmissionProblems(await Db.IsUrlTakenAsync(a, ct)).SelectMany(p => p.Value).ToList();
            if (missing.Count > 0)
            {
                warnings.Add("このままでは提出できません: " + string.Join(" ", missing) + "「変更する」から直してください。");
                blocked = true;
            }
        }
        if (step.ByPrOffice)
        {
            warnings.Add("自分が提出した依頼は、別の市広報担当者が処理します。");
        }
        return new CheckAnswers(step.Heading, rows, issues, step.Irreversible, step.PostUrl(a.Id), Version ?? a.Version, step.Button,
            step.ByPrOffice ? $"/review/{a.Id}" : $"/accounts/{a.Id}", warnings, Danger: step == AccountStep.Delist, Blocked: blocked);
    }
}
