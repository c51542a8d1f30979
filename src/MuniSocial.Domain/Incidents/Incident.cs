using System.Text.Json;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Incidents;

/// <summary>The bad days of §5(5): what went wrong decides the playbook.</summary>
public enum IncidentKind
{
    /// <summary>批判・苦情の殺到 (§5(5)ア).</summary>
    Flaming,
    /// <summary>なりすまし (§5(5)イ).</summary>
    Impersonation,
    /// <summary>事実と反する投稿 by others (§5(5)ウ).</summary>
    FalseInformation,
    /// <summary>誤った発信 by the city (§5(5)ア(イ)).</summary>
    WrongPost,
    /// <summary>乗っ取り: someone else acts on an official account.</summary>
    Hijack,
    Other,
}

public enum IncidentStatus
{
    Open,
    Closed,
}

/// <summary>What a timeline entry is.</summary>
public enum IncidentStepKind
{
    /// <summary>What happened (a finding, a development).</summary>
    Event,
    /// <summary>What was done (a playbook item or any other action).</summary>
    Action,
    /// <summary>Who was told (the PR office, the head, the platform, the press).</summary>
    Notification,
    /// <summary>The system did it (opened, pause, warning published, closed).</summary>
    System,
}

/// <summary>
/// An incident (§5(5)): a kind, the accounts and posts concerned, a timeline of what happened and what was done by
/// whom and when, the playbook of its kind walked as a checklist, and who was told. Opened by staff of a section
/// concerned or the PR office; closed only by the PR office (§5(5)ア(ウ) 市広報担当と協議).
/// </summary>
public sealed class Incident : AuditedEntity
{
    public const int MaxSummary = 2000;
    public const int MaxStepText = 4000;

    private Incident() { }

    public Guid Id { get; private set; }
    public IncidentKind Kind { get; private set; }
    public IncidentStatus Status { get; private set; }
    public string Summary { get; private set; } = "";

    /// <summary>The section of the account first concerned; null when the PR office opens one for no account (e.g. a fake of the city itself).</summary>
    public Guid? SectionId { get; private set; }

    /// <summary>An impersonation's fake account as entered, and normalised (<see cref="AccountUrl"/>) for verify.</summary>
    public string? FakeUrl { get; private set; }
    public string? FakeUrlNormalized { get; private set; }

    /// <summary>A hijack: since when someone else controls the account (its opening unless told otherwise).</summary>
    public DateTimeOffset? CompromisedSince { get; private set; }

    /// <summary>Where it was found: a daily check or a head's review, when opened from one.</summary>
    public Guid? SourceDailyCheckId { get; private set; }
    public Guid? SourceAccountReviewId { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }
    public string OpenedById { get; private set; } = "";
    public string OpenedByName { get; private set; } = "";
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? ClosedByName { get; private set; }
    public string? ClosingNote { get; private set; }
    public int Version { get; private set; }

    public List<IncidentAccount> Accounts { get; private set; } = [];
    public List<IncidentPost> Posts { get; private set; } = [];
    public List<IncidentStep> Steps { get; private set; } = [];

    public bool IsOpen => Status == IncidentStatus.Open;

    public IEnumerable<Guid> AccountIds => Accounts.Select(a => a.AccountId);

    /// <summary>Who may open one: staff of the account's section, or the PR office (any account, or none).</summary>
    public static Incident Open(Actor by, IncidentKind kind, SocialAccount? account, string? summary, string? fakeUrl, DateTimeOffset at,
        Guid? sourceDailyCheckId = null, Guid? sourceAccountReviewId = null)
    {
        if (account is null ? !by.Is(Role.PrOffice) : !(by.IsStaffOf(account.SectionId) || by.Is(Role.PrOffice)))
        {
            throw new DomainForbiddenException(account is null
                ? "アカウントを指定しないインシデントを登録できるのは市広報担当です。"
                : "インシデントを登録できるのは、アカウントの所属の職員または市広報担当です。");
        }
        if (!Enum.IsDefined(kind))
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["kind"] = ["インシデントの種類を選んでください。"] });
        }
        var errors = new Dictionary<string, string[]>();
        var text = summary?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() ?? "";
        if (text.Length == 0)
        {
            errors["summary"] = ["何が起きているか（概要）を入力してください。"];
        }
        else if (text.Length > MaxSummary)
        {
            errors["summary"] = [$"概要は{MaxSummary}文字以内で入力してください。"];
        }
        string? fake = null, fakeNormalized = null;
        if (kind == IncidentKind.Impersonation)
        {
            fake = fakeUrl?.Trim();
            if (string.IsNullOrEmpty(fake))
            {
                errors["fakeUrl"] = ["なりすましアカウントのURLを入力してください。"];
            }
            else if (NormalizeFake(fake) is { } n)
            {
                fakeNormalized = n;
            }
            else
            {
                errors["fakeUrl"] = ["なりすましアカウントのURLを https:// で始まる形（または @ユーザー名）で入力してください。"];
            }
        }
        else if (!string.IsNullOrWhiteSpace(fakeUrl))
        {
            errors["fakeUrl"] = ["なりすましアカウントのURLは、種類が「なりすまし」のときに入力します。"];
        }
        if (kind == IncidentKind.Hijack && account is null)
        {
            errors["accountId"] = ["乗っ取りの場合は、乗っ取られたアカウントを選んでください。"];
        }
        if (account is not null && account.Status is not (AccountStatus.Listed or AccountStatus.DelistingRequested or AccountStatus.Closed))
        {
            errors["accountId"] = [$"インシデントを登録できるのは掲載中または掲載を終えたアカウントです（現在: {Labels.Of(account.Status)}）。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            Status = IncidentStatus.Open,
            Summary = text,
            SectionId = account?.SectionId,
            FakeUrl = fake,
            FakeUrlNormalized = fakeNormalized,
            CompromisedSince = kind == IncidentKind.Hijack ? at : null,
            SourceDailyCheckId = sourceDailyCheckId,
            SourceAccountReviewId = sourceAccountReviewId,
            OpenedAt = at,
            OpenedById = by.UserId,
            OpenedByName = by.Name,
            Version = 1,
        };
        if (account is not null)
        {
            incident.Accounts.Add(new IncidentAccount(incident.Id, account.Id, at));
        }
        incident.Steps.Add(new IncidentStep(incident.Id, IncidentStepKind.System, null, $"インシデントを登録しました（{Label(kind)}）。", by, at));
        incident.Record(by, at, "incident.opened", null, incident.Snapshot());
        return incident;
    }

    /// <summary>The normalised address of a fake account, as verify compares it; null when it is not an address.</summary>
    public static string? NormalizeFake(string? url) =>
        PlatformAddressRules.Read(url, PlatformAddressRules.Guess(url))?.Url;

    /// <summary>Who may add to the timeline and link accounts or posts: staff of a section concerned, or the PR office.</summary>
    public bool CanHandle(Actor by) => by.Is(Role.PrOffice) || (SectionId is { } s && by.IsStaffOf(s));

    public void RequireHandler(Actor by, string what)
    {
        if (!CanHandle(by))
        {
            throw new DomainForbiddenException($"{what}できるのは、インシデントの所属の職員または市広報担当です。");
        }
    }

    /// <summary>A timeline entry; <paramref name="playbookItem"/> marks a step of the kind's playbook as done.</summary>
    public IncidentStep AddStep(Actor by, IncidentStepKind kind, string? playbookItem, string? text, DateTimeOffset at, IncidentStepDetails? details = null)
    {
        RequireHandler(by, "経過を記録");
        RequireOpen("経過を記録");
        var errors = new Dictionary<string, string[]>();
        var body = text?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() ?? "";
        if (body.Length == 0)
        {
            errors["text"] = ["経過（何が起き、何をしたか）を入力してください。"];
        }
        else if (body.Length > MaxStepText)
        {
            errors["text"] = [$"経過は{MaxStepText}文字以内で入力してください。"];
        }
        if (playbookItem is not null && IncidentPlaybook.Find(Kind, playbookItem) is null)
        {
            errors["playbookItem"] = [$"「{playbookItem}」は{Label(Kind)}の対応手順にありません。"];
        }
        if (!Enum.IsDefined(kind) || kind == IncidentStepKind.System)
        {
            errors["kind"] = ["経過の種類（発生・経過／対応／連絡）を選んでください。"];
        }
        if (playbookItem == "access-reset")
        {
            errors["playbookItem"] = ["アクセスの回復は「アクセスの回復を記録」から、権限を持つ職員と二要素認証を確認して記録してください。"];
        }
        var d = IncidentStepDetails.Clean(details, errors);
        if (playbookItem == "platform-request" && d?.OccurredOn is null)
        {
            errors["occurredOn"] = ["プラットフォームの運営者へ削除を依頼した日（依頼日）を入力してください。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        var step = new IncidentStep(Id, kind, playbookItem, body, by, at, d);
        Steps.Add(step);
        Touch();
        Record(by, at, "incident.step-added", null, JsonSerializer.Serialize(new
        {
            kind = kind.ToString(),
            playbookItem,
            text = body,
            reference = d?.Reference,
            occurredOn = d?.OccurredOn,
            answer = d?.Answer,
        }));
        return step;
    }

    /// <summary>A step the system records on someone's behalf (e.g. the PR office notified, the account paused).</summary>
    public void AddSystemStep(Actor by, string? playbookItem, string text, DateTimeOffset at)
    {
        Steps.Add(new IncidentStep(Id, IncidentStepKind.System, playbookItem, text, by, at));
        Touch();
        Record(by, at, "incident.step-added", null, JsonSerializer.Serialize(new { kind = nameof(IncidentStepKind.System), playbookItem, text }));
    }

    public void LinkAccount(Actor by, SocialAccount account, DateTimeOffset at)
    {
        RequireHandler(by, "アカウントを追加");
        RequireOpen("アカウントを追加");
        if (!by.CanSee(account.SectionId))
        {
            throw new DomainForbiddenException("他の所属のアカウントを追加できるのは市広報担当です。");
        }
        if (Accounts.Any(a => a.AccountId == account.Id))
        {
            return;
        }
        Accounts.Add(new IncidentAccount(Id, account.Id, at));
        SectionId ??= account.SectionId;
        Touch();
        Record(by, at, "incident.account-linked", null, JsonSerializer.Serialize(new { accountId = account.Id }));
    }

    public void LinkPost(Actor by, Guid postId, Guid postAccountId, DateTimeOffset at)
    {
        RequireHandler(by, "投稿を追加");
        RequireOpen("投稿を追加");
        if (Posts.Any(p => p.PostId == postId))
        {
            return;
        }
        Posts.Add(new IncidentPost(Id, postId, at));
        if (Accounts.All(a => a.AccountId != postAccountId))
        {
            Accounts.Add(new IncidentAccount(Id, postAccountId, at));
        }
        Touch();
        Record(by, at, "incident.post-linked", null, JsonSerializer.Serialize(new { postId }));
    }

    /// <summary>Only the PR office closes an incident, with a note of how it ended.</summary>
    /// <remarks>
    /// The playbook decides: a hijack is never closed before its access reset (rule <c>access-reset-required</c>);
    /// any other required item not done refuses the closing (rule <c>playbook-incomplete</c>) unless
    /// <paramref name="openItemsReason"/> says why it was not needed — the reason and the items go into the timeline.
    /// </remarks>
    public void Close(Actor by, string? note, DateTimeOffset at, string? openItemsReason = null)
    {
        if (!by.Is(Role.PrOffice))
        {
            throw new DomainForbiddenException("インシデントを終了できるのは市広報担当です。");
        }
        RequireOpen("終了");
        var text = note?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["note"] = ["終了の理由（どう収束したか）を入力してください。"] });
        }
        if (text.Length > MaxSummary)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["note"] = [$"終了の理由は{MaxSummary}文字以内で入力してください。"] });
        }
        if (Kind == IncidentKind.Hijack && !IsDone("access-reset"))
        {
            throw new DomainRuleException("乗っ取りのインシデントは、アクセスの回復（パスワードの変更、権限を持つ職員と認証情報の管理者の見直し、二要素認証の確認）を記録するまで終了できません。", "access-reset-required");
        }
        var open = OpenRequiredItems();
        var reason = openItemsReason?.Trim() ?? "";
        if (open.Count > 0 && reason.Length == 0)
        {
            var names = string.Join("／", open.Select(i => i.Label));
            throw new DomainRuleException($"対応手順に未実施の項目があります（{names}）。実施して記録するか、実施しなかった理由を入力してください。", "playbook-incomplete",
                new Dictionary<string, string[]> { ["openItemsReason"] = [$"未実施の手順（{names}）を実施しなかった理由を入力してください。"] });
        }
        if (reason.Length > MaxSummary)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["openItemsReason"] = [$"未実施の理由は{MaxSummary}文字以内で入力してください。"] });
        }
        var before = Snapshot();
        Status = IncidentStatus.Closed;
        ClosedAt = at;
        ClosedByName = by.Name;
        ClosingNote = open.Count > 0 ? $"{text}\n（未実施の手順: {string.Join("／", open.Select(i => i.Label))} — 理由: {reason}）" : text;
        Steps.Add(new IncidentStep(Id, IncidentStepKind.System, null, "インシデントを終了しました: " + ClosingNote, by, at));
        Touch();
        Record(by, at, "incident.closed", before, Snapshot(), ClosingNote);
    }

    /// <summary>The playbook of this kind with, for each item, the step that did it (if any).</summary>
    public IReadOnlyList<(PlaybookItem Item, IncidentStep? DoneBy)> Checklist() =>
        [.. IncidentPlaybook.For(Kind).Select(i => (i, Steps.Where(s => s.PlaybookItem == i.Code).OrderBy(s => s.At).FirstOrDefault()))];

    /// <summary>Whether a step of the timeline did the playbook item <paramref name="code"/>.</summary>
    public bool IsDone(string code) => Steps.Any(s => s.PlaybookItem == code);

    /// <summary>The required items of the kind's playbook that no step did yet.</summary>
    public IReadOnlyList<PlaybookItem> OpenRequiredItems() => [.. IncidentPlaybook.For(Kind).Where(i => i.Required && !IsDone(i.Code))];

    /// <summary>
    /// §5(3) after a hijack: the password changed, every current access holder of the account reviewed (a credential
    /// keeper among them) and two-factor authentication recorded as on after the incident opened. What the section
    /// records on the account's access page is checked here; the step names the holders reviewed.
    /// </summary>
    public IncidentStep RecordAccessReset(Actor by, AccessReset reset, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(reset);
        RequireHandler(by, "アクセスの回復を記録");
        RequireOpen("アクセスの回復を記録");
        if (IncidentPlaybook.Find(Kind, "access-reset") is null)
        {
            throw new DomainRuleException($"アクセスの回復は乗っ取りの対応手順です（このインシデント: {Label(Kind)}）。", "not-hijack");
        }
        if (Accounts.All(a => a.AccountId != reset.AccountId))
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["accountId"] = ["このインシデントのアカウントを選んでください。"] });
        }
        var errors = new Dictionary<string, string[]>();
        if (!reset.PasswordChanged)
        {
            errors["passwordChanged"] = ["パスワード（認証情報）を変更したことを確認してください。"];
        }
        var current = reset.Holders.Where(h => h.IsCurrent && h.AccountId == reset.AccountId).ToList();
        if (!current.Any(h => h.Kind == Operations.AccessKind.CredentialKeeper))
        {
            errors["holders"] = ["認証情報（ID・パスワード）を管理する職員が記録されていません。アクセス権限の画面で記録してから確認してください。"];
        }
        else if (current.Where(h => !reset.ReviewedHolderIds.Contains(h.Id)).Select(h => h.UserName).ToList() is { Count: > 0 } missing)
        {
            errors["holders"] = [$"権限を持つ職員をすべて見直して確認してください（未確認: {string.Join("、", missing)}）。不要な権限はアクセス権限の画面で削除を記録してください。"];
        }
        if (reset.TwoFactor is not { Enabled: true } tf || tf.SetAt < OpenedAt)
        {
            errors["twoFactor"] = ["インシデントの登録後に、アクセス権限の画面で二要素認証を「有効」と記録してください。"];
        }
        var note = reset.Note?.Trim();
        if (note is { Length: > MaxStepText / 2 })
        {
            errors["note"] = [$"備考は{MaxStepText / 2}文字以内で入力してください。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        var text = $"アクセスを回復しました: パスワードを変更し、権限を持つ職員を見直しました（{string.Join("、", current.Select(h => $"{h.UserName}・{Operations.AccessLabels.Of(h.Kind)}"))}）。"
            + $"二要素認証: 有効（コードの受け取り: {reset.TwoFactor!.CodeRecipient}、{reset.TwoFactor.SetByName}が記録）。" + (string.IsNullOrEmpty(note) ? "" : " " + note);
        var step = new IncidentStep(Id, IncidentStepKind.Action, "access-reset", text, by, at);
        Steps.Add(step);
        Touch();
        Record(by, at, "incident.access-reset", null, JsonSerializer.Serialize(new
        {
            accountId = reset.AccountId,
            holders = current.Select(h => new { h.Id, h.UserName, kind = h.Kind.ToString() }),
            twoFactorSetAt = reset.TwoFactor.SetAt,
            note,
        }));
        return step;
    }

    public static string Label(IncidentKind kind) => kind switch
    {
        IncidentKind.Flaming => "批判・苦情の殺到（炎上）",
        IncidentKind.Impersonation => "なりすまし",
        IncidentKind.FalseInformation => "事実と反する投稿",
        IncidentKind.WrongPost => "誤った発信",
        IncidentKind.Hijack => "乗っ取り",
        IncidentKind.Other => "その他",
        _ => kind.ToString(),
    };

    public static string Label(IncidentStatus status) => status switch
    {
        IncidentStatus.Open => "対応中",
        IncidentStatus.Closed => "終了",
        _ => status.ToString(),
    };

    public static string Label(IncidentStepKind kind) => kind switch
    {
        IncidentStepKind.Event => "発生・経過",
        IncidentStepKind.Action => "対応",
        IncidentStepKind.Notification => "連絡",
        IncidentStepKind.System => "記録",
        _ => kind.ToString(),
    };

    private void RequireOpen(string what)
    {
        if (Status != IncidentStatus.Open)
        {
            throw new DomainRuleException($"終了したインシデントには{what}できません。", "incident-closed");
        }
    }

    private void Touch() => Version++;

    private string Snapshot() => JsonSerializer.Serialize(new
    {
        kind = Kind.ToString(),
        status = Status.ToString(),
        summary = Summary,
        fakeUrl = FakeUrl,
        accounts = Accounts.Select(a => a.AccountId),
        closingNote = ClosingNote,
    });

    private void Record(Actor by, DateTimeOffset at, string action, string? before, string? after, string? reason = null) =>
        Audit(new AuditRecord(action, nameof(Incident), Id.ToString(), by.UserId, by.Name, at, before, after, reason));
}

public sealed class IncidentAccount
{
    private IncidentAccount() { }

    internal IncidentAccount(Guid incidentId, Guid accountId, DateTimeOffset at)
    {
        IncidentId = incidentId;
        AccountId = accountId;
        LinkedAt = at;
    }

    public Guid IncidentId { get; private set; }
    public Guid AccountId { get; private set; }
    public DateTimeOffset LinkedAt { get; private set; }
}

public sealed class IncidentPost
{
    private IncidentPost() { }

    internal IncidentPost(Guid incidentId, Guid postId, DateTimeOffset at)
    {
        IncidentId = incidentId;
        PostId = postId;
        LinkedAt = at;
    }

    public Guid IncidentId { get; private set; }
    public Guid PostId { get; private set; }
    public DateTimeOffset LinkedAt { get; private set; }
}

/// <summary>One entry of an incident's timeline: what happened or was done, by whom, when. Never changed.</summary>
public sealed class IncidentStep
{
    private IncidentStep() { }

    internal IncidentStep(Guid incidentId, IncidentStepKind kind, string? playbookItem, string text, Actor by, DateTimeOffset at, IncidentStepDetails? details = null)
    {
        Id = Guid.CreateVersion7();
        Reference = details?.Reference;
        OccurredOn = details?.OccurredOn;
        Answer = details?.Answer;
        IncidentId = incidentId;
        Kind = kind;
        PlaybookItem = playbookItem;
        Text = text;
        ById = by.UserId;
        ByName = by.Name;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid IncidentId { get; private set; }
    public IncidentStepKind Kind { get; private set; }
    public string? PlaybookItem { get; private set; }
    public string Text { get; private set; } = "";

    /// <summary>A request's reference (e.g. the platform's 受付番号).</summary>
    public string? Reference { get; private set; }

    /// <summary>The day it happened when not today (e.g. the 依頼日 of a deletion request).</summary>
    public DateOnly? OccurredOn { get; private set; }

    /// <summary>The answer received (e.g. the platform's reply).</summary>
    public string? Answer { get; private set; }

    public string ById { get; private set; } = "";
    public string ByName { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
}

/// <summary>The structured part of a step: a request's date, reference number and the answer received.</summary>
public sealed record IncidentStepDetails(string? Reference, DateOnly? OccurredOn, string? Answer)
{
    public const int MaxReference = 200;
    public const int MaxAnswer = 2000;

    /// <summary>Trimmed, empty as null; null when nothing is given. Adds field errors for what is too long.</summary>
    internal static IncidentStepDetails? Clean(IncidentStepDetails? d, Dictionary<string, string[]> errors)
    {
        if (d is null)
        {
            return null;
        }
        var reference = string.IsNullOrWhiteSpace(d.Reference) ? null : d.Reference.Trim();
        var answer = string.IsNullOrWhiteSpace(d.Answer) ? null : d.Answer.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (reference is { Length: > MaxReference })
        {
            errors["reference"] = [$"受付番号などは{MaxReference}文字以内で入力してください。"];
        }
        if (answer is { Length: > MaxAnswer })
        {
            errors["answer"] = [$"回答は{MaxAnswer}文字以内で入力してください。"];
        }
        return reference is null && answer is null && d.OccurredOn is null ? null : new IncidentStepDetails(reference, d.OccurredOn, answer);
    }
}

/// <summary>What the access reset of a hijack is checked against: the account's holders and 2FA as recorded now, and what the handler confirms.</summary>
public sealed record AccessReset(Guid AccountId, IReadOnlyList<Operations.AccessHolder> Holders, IReadOnlyCollection<Guid> ReviewedHolderIds,
    bool PasswordChanged, Operations.AccountTwoFactor? TwoFactor, string? Note);
