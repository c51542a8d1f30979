using System.Text.Json;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Accounts;

/// <summary>A staff member named as an operator of an account (運用体制, §5(2)ア).</summary>
public sealed record StaffMember(string UserId, string Name, Guid? SectionId);

public sealed class AccountOperator
{
    private AccountOperator() { }

    internal AccountOperator(Guid accountId, StaffMember member)
    {
        AccountId = accountId;
        UserId = member.UserId;
        Name = member.Name;
    }

    public Guid AccountId { get; private set; }
    public string UserId { get; private set; } = "";
    public string Name { get; private set; } = "";
}

/// <summary>
/// An official social media account of the city and its lifecycle (§5(3)):
/// Draft → ListingRequested → Listed → DelistingRequested → Closed, with returns and policy revisions.
/// Every transition checks who acts and the state, throws a <see cref="DomainRuleException"/> a clerk
/// can read when a rule does not hold, and queues its audit record.
/// </summary>
public sealed class SocialAccount : AuditedEntity
{
    public const int MinimumOperators = 2;

    private SocialAccount() { }

    public Guid Id { get; private set; }
    public Guid SectionId { get; private set; }
    public AccountStatus Status { get; private set; }

    /// <summary>Incremented by every change; the optimistic concurrency token.</summary>
    public int Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedById { get; private set; } = "";
    public DateTimeOffset? ListingRequestedAt { get; private set; }
    public string? ListingRequestedById { get; private set; }
    public DateTimeOffset? ListedAt { get; private set; }
    public string? ListedByName { get; private set; }

    /// <summary>閉鎖日 — the day the account was deleted on the platform (様式4).</summary>
    public DateOnly? ClosedOn { get; private set; }

    /// <summary>閉鎖理由 (様式4).</summary>
    public string? CloseReason { get; private set; }
    public DateTimeOffset? DelistingRequestedAt { get; private set; }
    public string? DelistingRequestedById { get; private set; }
    public string? DelistingRequestedByName { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? ClosedByName { get; private set; }

    public List<AccountOperator> Operators { get; private set; } = [];
    public List<PolicyVersion> Policies { get; private set; } = [];

    /// <summary>The policy the public sees: the newest accepted version.</summary>
    public PolicyVersion? AcceptedPolicy => Policies.Where(p => p.Status == PolicyVersionStatus.Accepted).MaxBy(p => p.Number);

    /// <summary>§5(1)キ: whether the accepted policy lets the account reply to users (返信しない does not).</summary>
    public bool OffersReplies => AcceptedPolicy?.ReplyPolicy != ReplyPolicyKind.NoReply;

    /// <summary>The version the section is writing or the PR office is reviewing, if any.</summary>
    public PolicyVersion? OpenPolicy => Policies.Where(p => p.Status is PolicyVersionStatus.Draft or PolicyVersionStatus.Submitted).MaxBy(p => p.Number);

    /// <summary>What staff see as "the" policy: the open version, else the accepted one.</summary>
    public PolicyVersion CurrentPolicy => OpenPolicy ?? AcceptedPolicy ?? Policies.MaxBy(p => p.Number)!;

    public bool HasRevisionUnderReview => Status == AccountStatus.Listed && OpenPolicy?.Status == PolicyVersionStatus.Submitted;

    /// <summary>A request is waiting for the PR office: a listing request, a revision under review or a delisting request.</summary>
    public bool AwaitsPrOffice => Status is AccountStatus.ListingRequested or AccountStatus.DelistingRequested || HasRevisionUnderReview;

    public bool HasRevisionInDraft => Status == AccountStatus.Listed && OpenPolicy?.Status == PolicyVersionStatus.Draft;

    /// <summary>運用期間 has ended but the account is not Closed: the hijack risk of §5(3)イ.</summary>
    public bool IsOverdue(DateOnly today) => IsOverdueOn(Status, AcceptedPolicy?.PeriodEnd, today);

    /// <summary>
    /// The one definition of overdue, for callers that hold only the columns (the board's read model): the account
    /// exists on the platform (掲載中 or 削除依頼中) and the accepted policy's 運用期間 ended before <paramref name="today"/>.
    /// </summary>
    public static bool IsOverdueOn(AccountStatus status, DateOnly? acceptedPeriodEnd, DateOnly today) =>
        status is AccountStatus.Listed or AccountStatus.DelistingRequested && acceptedPeriodEnd is { } end && end < today;

    /// <summary>Why <paramref name="by"/> may not register an account of <paramref name="sectionId"/> (null: they may).</summary>
    public static Refusal? CreateRefusal(Actor by, Guid? sectionId) =>
        sectionId is { } section && by.IsStaffOf(section)
            ? null
            : Refusal.ForRole("アカウントを登録できるのは、その所属の担当者または所属長です。");

    /// <summary>Throws what <see cref="Create"/> would for the role, before the caller reads the rest of the request.</summary>
    public static void EnsureCanCreate(Actor by, Guid? sectionId)
    {
        if (CreateRefusal(by, sectionId) is { } refusal)
        {
            throw refusal.ToException();
        }
    }

    public static SocialAccount Create(Actor by, Guid sectionId, PolicyContent content, IReadOnlyList<StaffMember> operators, DateTimeOffset at)
    {
        EnsureCanCreate(by, sectionId);
        if (string.IsNullOrWhiteSpace(content.AccountName))
        {
            // A draft is found again by its name: an empty "save" must not leave a nameless account behind.
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["accountName"] = ["アカウント名を入力してください。下書きとして保存する場合も、アカウント名は必要です。"],
            });
        }
        var account = new SocialAccount
        {
            Id = Guid.CreateVersion7(),
            SectionId = sectionId,
            Status = AccountStatus.Draft,
            CreatedAt = at,
            CreatedById = by.UserId,
        };
        var policy = new PolicyVersion(account.Id, 1, content, by, at);
        account.Policies.Add(policy);
        account.ReplaceOperators(operators);
        account.Record(by, at, "account.created", null, account.State(), null);
        return account;
    }

    /// <summary>
    /// Why <paramref name="by"/> may not discard this draft, or null: only a draft never submitted (a returned one was
    /// submitted: it is a record of the request), only by the staff member who registered it or the section head, and
    /// only while nothing else (daily checks, access holders, comments …) refers to it.
    /// </summary>
    public Refusal? DiscardRefusal(Actor by, bool hasRecords) =>
        (by.UserId == CreatedById && by.IsStaffOf(SectionId)) || by.IsHeadOf(SectionId)
            ? Status != AccountStatus.Draft || ListingRequestedAt is not null
                ? new Refusal("掲載依頼を提出したことのあるアカウントは破棄できません。提出の記録として残します。", "discard-submitted")
                : hasRecords
                    ? new Refusal("このアカウントには確認や書込み等の記録があるため、破棄できません。", "discard-has-records")
                    : null
            : Refusal.ForRole("下書きを破棄できるのは、登録した職員またはその所属の所属長です。");

    /// <summary>
    /// 下書きの破棄: a draft never submitted is removed (the caller removes the entity); the audit record keeps what it
    /// was, so the audit trail still shows it.
    /// </summary>
    public void Discard(Actor by, DateTimeOffset at, bool hasRecords)
    {
        if (DiscardRefusal(by, hasRecords) is { } refusal)
        {
            throw refusal.ToException();
        }
        var before = State();
        Touch();
        Record(by, at, "account.discarded", before, null, null);
    }

    /// <summary>Save the policy being written (a Draft account's, or a Listed account's revision).</summary>
    public void UpdatePolicy(Actor by, PolicyContent content, DateTimeOffset at)
    {
        Require(AccountAction.EditPolicy, by);
        var open = OpenPolicy!;
        var before = open.Snapshot();
        open.Apply(content, at);
        Touch();
        Audit(new AuditRecord("account.policy-updated", nameof(SocialAccount), Id.ToString(), by.UserId, by.Name, at,
            before, open.Snapshot()));
    }

    public void SetOperators(Actor by, IReadOnlyList<StaffMember> operators, DateTimeOffset at)
    {
        Require(AccountAction.SetOperators, by);
        if (Status != AccountStatus.Draft && operators.Select(o => o.UserId).Distinct().Count() < MinimumOperators)
        {
            throw new DomainRuleException($"運用担当者は{MinimumOperators}人以上必要です（ガイドライン5(2)ア 複数の職員による確認）。", "operators-minimum");
        }
        var before = OperatorNames();
        ReplaceOperators(operators);
        Touch();
        Audit(new AuditRecord("account.operators-changed", nameof(SocialAccount), Id.ToString(), by.UserId, by.Name, at,
            before, OperatorNames()));
    }

    /// <summary>掲載依頼 (様式2 with 様式1): the section head sends the policy to the PR office.</summary>
    public void RequestListing(Actor by, DateTimeOffset at, bool urlAlreadyRegistered)
    {
        Require(AccountAction.RequestListing, by);
        var policy = OpenPolicy!;
        RequireComplete(urlAlreadyRegistered);
        var before = State();
        policy.Submit(by, at);
        Status = AccountStatus.ListingRequested;
        ListingRequestedAt = at;
        ListingRequestedById = by.UserId;
        Touch();
        Record(by, at, "account.listing-requested", before, State(), null);
    }

    /// <summary>掲載 (様式3): the PR office lists the account on the public list.</summary>
    /// <remarks>
    /// Maker–checker: refused (<c>own-request</c>, <c>own-account</c>) to a PR office member who drafted or submitted
    /// the request or who operates the account (listed as its operator, or an access holder in
    /// <paramref name="accessHolderIds"/>) — another PR office member lists it (<see cref="InvolvementOf"/>).
    /// </remarks>
    public void List(Actor by, Guid termsVersionId, DateTimeOffset at, IReadOnlyCollection<string>? accessHolderIds = null)
    {
        Require(AccountAction.List, by);
        var policy = OpenPolicy!;
        RequireNotInvolved(AccountAction.List, by, accessHolderIds);
        var before = State();
        policy.Accept(by, termsVersionId, at);
        Status = AccountStatus.Listed;
        ListedAt = at;
        ListedByName = by.Name;
        Touch();
        Record(by, at, "account.listed", before, State(), null);
    }

    /// <summary>差戻し: the PR office returns a listing request or a revision with a reason.</summary>
    public void Return(Actor by, string reason, DateTimeOffset at)
    {
        // The role first, then the reason, then the state: the order the API's clients have always seen.
        var refusal = RefusalOf(AccountAction.Return, by);
        if (refusal is { Forbidden: true })
        {
            throw refusal.ToException();
        }
        var text = RequireReason(reason, "差戻しの理由");
        if (refusal is not null)
        {
            throw refusal.ToException();
        }
        RequireNotOwnRequest(by, OpenPolicy!.SubmittedById, "差戻し");
        var before = State();
        OpenPolicy!.SendBack(by, text, at);
        if (Status == AccountStatus.ListingRequested)
        {
            Status = AccountStatus.Draft;
        }
        Touch();
        Record(by, at, "account.returned", before, State(), text);
    }

    /// <summary>A Listed account's policy is revised: a new draft version starts from the accepted one.</summary>
    public void StartRevision(Actor by, DateTimeOffset at)
    {
        Require(AccountAction.StartRevision, by);
        var accepted = AcceptedPolicy!;
        Policies.Add(new PolicyVersion(Id, Policies.Max(p => p.Number) + 1, accepted.ToContent(), by, at));
        Touch();
        Audit(new AuditRecord("account.revision-started", nameof(SocialAccount), Id.ToString(), by.UserId, by.Name, at,
            $"第{accepted.Number}版", $"第{accepted.Number + 1}版（作成中）"));
    }

    /// <summary>Abandon a revision in draft; the accepted policy stays as it is.</summary>
    public PolicyVersion DiscardRevision(Actor by, DateTimeOffset at)
    {
        Require(AccountAction.DiscardRevision, by);
        var draft = OpenPolicy!;
        Policies.Remove(draft);
        Touch();
        Audit(new AuditRecord("account.revision-discarded", nameof(SocialAccount), Id.ToString(), by.UserId, by.Name, at,
            draft.Snapshot(), $"第{draft.Number}版（作成中）を破棄。公開中の第{AcceptedPolicy!.Number}版のまま"));
        return draft;
    }

    /// <summary>The section head sends a revision to the PR office.</summary>
    public void SubmitRevision(Actor by, DateTimeOffset at, bool urlAlreadyRegistered)
    {
        Require(AccountAction.SubmitRevision, by);
        var revision = OpenPolicy!;
        RequireComplete(urlAlreadyRegistered);
        if (revision.Snapshot() == AcceptedPolicy!.Snapshot())
        {
            throw new DomainRuleException("改訂の内容が公開中の運用ポリシーと同じです。変更してから提出してください。", "revision-unchanged");
        }
        revision.Submit(by, at);
        Touch();
        Audit(new AuditRecord("account.revision-submitted", nameof(SocialAccount), Id.ToString(), by.UserId, by.Name, at,
            AcceptedPolicy!.Snapshot(), revision.Snapshot()));
    }

    /// <summary>The PR office accepts a revision: the public page shows it from now on.</summary>
    public void AcceptRevision(Actor by, Guid termsVersionId, DateTimeOffset at, IReadOnlyCollection<string>? accessHolderIds = null)
    {
        Require(AccountAction.AcceptRevision, by);
        var revision = OpenPolicy!;
        RequireNotInvolved(AccountAction.AcceptRevision, by, accessHolderIds);
        var previous = AcceptedPolicy!;
        previous.Supersede();
        revision.Accept(by, termsVersionId, at);
        Touch();
        Audit(new AuditRecord("account.revision-accepted", nameof(SocialAccount), Id.ToString(), by.UserId, by.Name, at,
            previous.Snapshot(), revision.Snapshot()));
    }

    /// <summary>削除依頼 (様式4): operation ended and the account was deleted on the platform.</summary>
    public void RequestDelisting(Actor by, DateOnly closedOn, string reason, bool deletedOnPlatform, DateTimeOffset at)
    {
        Require(AccountAction.RequestDelisting, by);
        var errors = new Dictionary<string, string[]>();
        if (!deletedOnPlatform)
        {
            errors["deletedOnPlatform"] = ["乗っ取り等の防止のため、先にソーシャルメディア上でアカウントを削除し、削除したことを確認してください（ガイドライン5(3)イ）。"];
        }
        if (closedOn > Wareki.TodayIn(at))
        {
            errors["closedOn"] = ["閉鎖日に未来の日付は指定できません。アカウントを削除した日を入力してください。"];
        }
        if (AcceptedPolicy?.PeriodStart is { } start && closedOn < start)
        {
            errors["closedOn"] = ["閉鎖日が運用期間の開始日より前になっています。"];
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors["closeReason"] = ["閉鎖理由を入力してください。"];
        }
        else if (reason.Trim().Length > 1000)
        {
            errors["closeReason"] = ["閉鎖理由は1000文字以内で入力してください。"];
        }
        if (errors.Count > 0)
        {
            throw new DomainRuleException("削除依頼の内容に不足があります: " + string.Join(" / ", errors.SelectMany(e => e.Value)), "delisting-incomplete", errors);
        }
        var before = State();
        // Operation is ending: a revision still being written or under review is withdrawn, so the PR
        // office is never left with a revision it can neither accept nor return.
        if (OpenPolicy is { } open)
        {
            Policies.Remove(open);
        }
        Status = AccountStatus.DelistingRequested;
        ClosedOn = closedOn;
        CloseReason = reason.Trim();
        DelistingRequestedAt = at;
        DelistingRequestedById = by.UserId;
        DelistingRequestedByName = by.Name;
        Touch();
        Record(by, at, "account.delisting-requested", before, State(), CloseReason);
    }

    /// <summary>削除 (様式5): the PR office removes the account from the public list. It is Closed.</summary>
    /// <remarks>Maker–checker as for <see cref="List"/>: not by the one who requested it or who operates the account.</remarks>
    public void Delist(Actor by, DateTimeOffset at, IReadOnlyCollection<string>? accessHolderIds = null)
    {
        Require(AccountAction.Delist, by);
        RequireNotInvolved(AccountAction.Delist, by, accessHolderIds);
        var before = State();
        // A revision still under review is moot once the account is closed.
        if (OpenPolicy is { } open)
        {
            Policies.Remove(open);
        }
        Status = AccountStatus.Closed;
        ClosedAt = at;
        ClosedByName = by.Name;
        Touch();
        Record(by, at, "account.delisted", before, State(), null);
    }

    // ---- what each action needs ------------------------------------------------------------------

    /// <summary>
    /// Whether <paramref name="by"/> may take <paramref name="action"/> now, by role and by state: exactly the checks
    /// the transition makes first. What depends on the input or on the request itself is checked by the transition
    /// after these: a complete policy (<see cref="SubmissionProblems"/>), a URL registered elsewhere, a changed
    /// revision, the reason or date given, and the four-eyes rule that a PR office member does not decide a request
    /// they submitted (the review page offers the decision and says beforehand that another member makes it).
    /// </summary>
    public bool Can(AccountAction action, Actor by) => RefusalOf(action, by) is null;

    /// <summary>Every action <paramref name="by"/> may take now (what a page shows as buttons).</summary>
    public IReadOnlySet<AccountAction> AllowedActions(Actor by) =>
        Enum.GetValues<AccountAction>().Where(a => Can(a, by)).ToHashSet();

    /// <summary>Why <paramref name="by"/> may not take <paramref name="action"/> now, or null when they may. The transition throws this.</summary>
    public Refusal? RefusalOf(AccountAction action, Actor by) => action switch
    {
        AccountAction.EditPolicy => StaffOnly(by, "運用ポリシーを編集") ?? PolicyNotEditable(),
        AccountAction.SetOperators => StaffOnly(by, "運用担当者を変更")
            ?? (Status == AccountStatus.Closed ? new Refusal("運用終了したアカウントの担当者は変更できません。", "account-closed") : null),
        AccountAction.RequestListing => HeadOnly(by, "掲載依頼を提出") ?? OnlyIn(AccountStatus.Draft, "掲載依頼"),
        AccountAction.List => PrOfficeOnly(by, "掲載") ?? OnlyIn(AccountStatus.ListingRequested, "掲載"),
        AccountAction.Return => PrOfficeOnly(by, "差戻し")
            ?? (Status == AccountStatus.ListingRequested || HasRevisionUnderReview
                ? null
                : new Refusal($"差戻しできるのは掲載依頼中のアカウントまたは審査中の改訂のみです（現在: {Labels.Of(Status)}）。", "invalid-state")),
        AccountAction.StartRevision => StaffOnly(by, "運用ポリシーを改訂") ?? OnlyIn(AccountStatus.Listed, "改訂を作成")
            ?? (OpenPolicy is not null ? new Refusal("作成中または審査中の改訂が既にあります。", "revision-open") : null),
        AccountAction.SubmitRevision => HeadOnly(by, "改訂を提出") ?? OnlyIn(AccountStatus.Listed, "改訂を提出")
            ?? (HasRevisionInDraft ? null
                : new Refusal(HasRevisionUnderReview ? "この改訂は既に提出され、審査中です。" : "提出する改訂がありません。先に改訂を作成してください。", "no-revision")),
        AccountAction.AcceptRevision => PrOfficeOnly(by, "改訂の承認") ?? OnlyIn(AccountStatus.Listed, "改訂を承認")
            ?? (HasRevisionUnderReview ? null : new Refusal("審査中の改訂がありません。", "no-revision")),
        AccountAction.DiscardRevision => StaffOnly(by, "改訂を破棄")
            ?? (HasRevisionInDraft ? null : new Refusal("破棄できる作成中の改訂がありません。", "no-revision")),
        AccountAction.RequestDelisting => HeadOnly(by, "削除依頼を提出") ?? OnlyIn(AccountStatus.Listed, "削除依頼"),
        AccountAction.Delist => PrOfficeOnly(by, "掲載削除") ?? OnlyIn(AccountStatus.DelistingRequested, "掲載削除"),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>
    /// Maker–checker (issue 14 item 8): why <paramref name="by"/> may not decide the request behind
    /// <paramref name="action"/> (掲載 様式3, 改訂の承認, 掲載削除 様式5) although their role and the state allow it —
    /// they submitted it (<c>own-request</c>), drafted it (<c>own-request</c>: the account or the policy version
    /// under review was written by them), or they operate the account (<c>own-account</c>: listed as an operator, or
    /// holding access to it, <paramref name="accessHolderIds"/>). Null when another pair of eyes is theirs to give.
    /// The PR office's queue shows this beside the request instead of the button.
    /// </summary>
    public Refusal? InvolvementOf(AccountAction action, Actor by, IReadOnlyCollection<string>? accessHolderIds = null)
    {
        var what = action switch
        {
            AccountAction.List => "掲載",
            AccountAction.AcceptRevision => "改訂の承認",
            AccountAction.Delist => "掲載削除",
            _ => null,
        };
        if (what is null)
        {
            return null;
        }
        var open = OpenPolicy;
        var submitted = action == AccountAction.Delist ? DelistingRequestedById : open?.SubmittedById;
        if (submitted is not null && submitted == by.UserId)
        {
            return new Refusal($"自分が提出した依頼の{what}はできません。別の市広報担当者が行ってください。", "own-request");
        }
        var drafted = action switch
        {
            AccountAction.List => CreatedById == by.UserId || open?.CreatedById == by.UserId,
            AccountAction.AcceptRevision => open?.CreatedById == by.UserId,
            _ => false,
        };
        if (drafted)
        {
            return new Refusal($"自分が作成した依頼の{what}はできません。別の市広報担当者が行ってください。", "own-request");
        }
        if (Operators.Any(o => o.UserId == by.UserId) || accessHolderIds?.Contains(by.UserId) == true)
        {
            return new Refusal($"自分が運用担当者またはアクセス権保有者になっているアカウントの{what}はできません。別の市広報担当者が行ってください。", "own-account");
        }
        return null;
    }

    /// <summary>Why the policy cannot be edited now (null: it can) — what the edit page shows instead of the form.</summary>
    public Refusal? PolicyEditBlock(Actor by) => RefusalOf(AccountAction.EditPolicy, by);

    /// <summary>
    /// What the policy being written still lacks for a submission (掲載依頼 or 改訂の提出), per field, in the domain's
    /// field names: the checklist the detail page shows, and exactly what the submission refuses. Empty when complete
    /// or when no policy is being written.
    /// </summary>
    public Dictionary<string, string[]> SubmissionProblems(bool urlAlreadyRegistered)
    {
        if (OpenPolicy is not { Status: PolicyVersionStatus.Draft } policy)
        {
            return [];
        }
        var problems = policy.ToContent().Problems(complete: true);
        if (Operators.Count < MinimumOperators)
        {
            problems["operators"] = [$"運用担当者を{MinimumOperators}人以上指定してください（現在{Operators.Count}人。ガイドライン5(2)ア）。"];
        }
        if (urlAlreadyRegistered)
        {
            problems["accountUrl"] = [.. problems.GetValueOrDefault("accountUrl") ?? [], "このアカウントのURLは、既に別のアカウントとして登録されています。"];
        }
        return problems;
    }

    private void Require(AccountAction action, Actor by)
    {
        if (RefusalOf(action, by) is { } refusal)
        {
            throw refusal.ToException();
        }
    }

    private void RequireComplete(bool urlAlreadyRegistered)
    {
        var problems = SubmissionProblems(urlAlreadyRegistered);
        if (problems.Count > 0)
        {
            throw new DomainRuleException("運用ポリシーに不足または誤りがあります: " + string.Join(" / ", problems.SelectMany(p => p.Value)),
                "policy-incomplete", problems);
        }
    }

    private Refusal? PolicyNotEditable()
    {
        var open = OpenPolicy;
        if (Status is AccountStatus.Draft or AccountStatus.Listed && open is { Status: PolicyVersionStatus.Draft })
        {
            return null;
        }
        return Status switch
        {
            AccountStatus.ListingRequested => new Refusal("掲載依頼中は運用ポリシーを編集できません。市広報担当の審査をお待ちください。", "policy-not-editable",
                Guidance: "掲載依頼中のため、編集できません。市広報担当の審査をお待ちください。差し戻された場合は再び編集できます。"),
            AccountStatus.Listed when open?.Status == PolicyVersionStatus.Submitted => new Refusal("改訂の審査中は編集できません。", "policy-not-editable",
                Guidance: "改訂が市広報担当の審査中のため、編集できません。差し戻された場合は再び編集できます。"),
            AccountStatus.Listed => new Refusal("掲載中のアカウントの運用ポリシーは、改訂を作成してから編集してください。", "policy-not-editable",
                Guidance: "掲載中のアカウントの運用ポリシーを変更するには、アカウントの画面で「改訂を作成」してください。"),
            _ => new Refusal($"{Labels.Of(Status)}のアカウントの運用ポリシーは編集できません。", "policy-not-editable"),
        };
    }

    private Refusal? StaffOnly(Actor by, string what) =>
        by.IsStaffOf(SectionId) ? null : Refusal.ForRole($"{what}できるのは、その所属の担当者または所属長です。");

    private Refusal? HeadOnly(Actor by, string what) =>
        by.IsHeadOf(SectionId) ? null : Refusal.ForRole($"{what}できるのは、その所属の所属長です。");

    private static Refusal? PrOfficeOnly(Actor by, string what) =>
        by.Is(Role.PrOffice) ? null : Refusal.ForRole($"{what}は市広報担当が行います。");

    private static void RequireNotOwnRequest(Actor by, string? requesterId, string what)
    {
        if (requesterId is not null && requesterId == by.UserId)
        {
            throw new DomainRuleException($"自分が提出した依頼の{what}はできません。別の市広報担当者が行ってください。", "own-request");
        }
    }

    private void RequireNotInvolved(AccountAction action, Actor by, IReadOnlyCollection<string>? accessHolderIds)
    {
        if (InvolvementOf(action, by, accessHolderIds) is { } refusal)
        {
            throw refusal.ToException();
        }
    }

    private Refusal? OnlyIn(AccountStatus expected, string what) =>
        Status == expected
            ? null
            : new Refusal($"{what}できるのは「{Labels.Of(expected)}」のアカウントのみです（現在: {Labels.Of(Status)}）。", "invalid-state");

    private static string RequireReason(string? reason, string label)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["reason"] = [$"{label}を入力してください。"] });
        }
        if (text.Length > 2000)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["reason"] = [$"{label}は2000文字以内で入力してください。"] });
        }
        return text;
    }

    private void ReplaceOperators(IReadOnlyList<StaffMember> operators)
    {
        var foreign = operators.Where(o => o.SectionId != SectionId).Select(o => o.Name).ToList();
        if (foreign.Count > 0)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["operators"] = [$"運用担当者は所属の職員から選んでください（{string.Join("、", foreign)}）。"],
            });
        }
        Operators.Clear();
        foreach (var member in operators.DistinctBy(o => o.UserId))
        {
            Operators.Add(new AccountOperator(Id, member));
        }
    }

    private void Touch() => Version++;

    private string OperatorNames() => string.Join("、", Operators.Select(o => o.Name));

    private string State() => JsonSerializer.Serialize(new
    {
        status = Status.ToString(),
        policyVersion = CurrentPolicy.Number,
        policyStatus = CurrentPolicy.Status.ToString(),
        accountName = CurrentPolicy.AccountName,
        closedOn = ClosedOn,
    }, PolicyVersion.SnapshotOptions);

    private void Record(Actor by, DateTimeOffset at, string action, string? before, string? after, string? reason) =>
        Audit(new AuditRecord(action, nameof(SocialAccount), Id.ToString(), by.UserId, by.Name, at, before, after, reason));
}
