using System.Text.Json;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Incidents;

/// <summary>
/// The crisis switch: the PR office pauses publishing on one account or on all of them, with a reason. While a pause
/// applies, no post of the account can be approved or published and anything scheduled or queued is held. Opening a
/// hijack incident pauses its account at once; only the PR office lifts a pause, and not while its hijack is open.
/// </summary>
public sealed class PublishingPause : AuditedEntity
{
    public const string Rule = "publishing-paused";
    public const int MaxReason = 1000;

    private PublishingPause() { }

    public Guid Id { get; private set; }

    /// <summary>The account paused; null = every account.</summary>
    public Guid? AccountId { get; private set; }
    public string Reason { get; private set; } = "";

    /// <summary>The hijack incident that paused it, if any.</summary>
    public Guid? IncidentId { get; private set; }
    public DateTimeOffset PausedAt { get; private set; }
    public string PausedById { get; private set; } = "";
    public string PausedByName { get; private set; } = "";
    public DateTimeOffset? LiftedAt { get; private set; }
    public string? LiftedByName { get; private set; }
    public string? LiftNote { get; private set; }
    public int Version { get; private set; }

    public bool IsActive => LiftedAt is null;

    public bool Applies(Guid accountId) => IsActive && Covers(accountId);

    /// <summary>
    /// The PR office pauses one account (<paramref name="accountId"/>) or all (null); given the pauses in force
    /// (<paramref name="active"/>), a scope already paused is refused (rule <c>already-paused</c>).
    /// </summary>
    public static PublishingPause Pause(Actor by, Guid? accountId, string? reason, DateTimeOffset at, IEnumerable<PublishingPause>? active = null)
    {
        if (!by.Is(Role.PrOffice))
        {
            throw new DomainForbiddenException("発信を一時停止できるのは市広報担当です。");
        }
        var pause = Create(by, accountId, reason, null, at);
        EnsureNotAlreadyPaused(active ?? [], accountId);
        return pause;
    }

    /// <summary>Opening a hijack incident pauses its account at once, whoever opened it (§5(5): stop the damage first).</summary>
    public static PublishingPause ForHijack(Actor by, Incident incident, DateTimeOffset at)
    {
        if (incident.Kind != IncidentKind.Hijack)
        {
            throw new DomainRuleException("自動の一時停止は乗っ取りのインシデントだけです。", "pause-not-hijack");
        }
        var pause = Create(by, incident.AccountIds.First(), $"乗っ取りのインシデント: {incident.Summary}", incident.Id, at);
        incident.AddSystemStep(by, "paused", "アカウントの発信を一時停止しました（乗っ取りの登録による自動停止）。", at);
        return pause;
    }

    /// <summary>Only the PR office lifts a pause; a hijack's pause stays while its incident is open.</summary>
    public void Lift(Actor by, string? note, Incident? incident, DateTimeOffset at)
    {
        if (!by.Is(Role.PrOffice))
        {
            throw new DomainForbiddenException("一時停止を解除できるのは市広報担当です。");
        }
        if (!IsActive)
        {
            throw new DomainRuleException("この一時停止は既に解除されています。", "pause-lifted");
        }
        if (IncidentId is not null && incident is { IsOpen: true })
        {
            throw new DomainRuleException("乗っ取りのインシデントが対応中のため、一時停止は解除できません。アクセスの回復を記録し、インシデントを終了してから解除してください。", "incident-open");
        }
        var text = note?.Trim() ?? "";
        if (text.Length > MaxReason)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["note"] = [$"解除のメモは{MaxReason}文字以内で入力してください。"] });
        }
        var before = Snapshot();
        LiftedAt = at;
        LiftedByName = by.Name;
        LiftNote = text.Length == 0 ? null : text;
        Version++;
        Audit(new AuditRecord("publishing.resumed", nameof(PublishingPause), Id.ToString(), by.UserId, by.Name, at, before, Snapshot(), LiftNote));
    }

    /// <summary>Whether this pause's scope takes in the account, active or not (one account, or all).</summary>
    public bool Covers(Guid accountId) => AccountId is null || AccountId == accountId;

    /// <summary>The first of <paramref name="pauses"/> that applies to the account now, or null: what the pages ask before offering approve / record-published.</summary>
    public static PublishingPause? Applying(IEnumerable<PublishingPause>? pauses, Guid accountId) =>
        pauses?.FirstOrDefault(p => p.Applies(accountId));

    /// <summary>
    /// A second pause of a scope already paused is refused (rule <c>already-paused</c>): one account while it or all are
    /// paused, or all while all are. Pausing all while single accounts are paused is allowed (it is wider).
    /// </summary>
    private static void EnsureNotAlreadyPaused(IEnumerable<PublishingPause> active, Guid? accountId)
    {
        var live = active.Where(p => p.IsActive).ToList();
        var covering = accountId is { } id ? live.FirstOrDefault(p => p.Covers(id)) : live.FirstOrDefault(p => p.AccountId is null);
        if (covering is not null)
        {
            var scope = covering.AccountId is null ? "すべてのアカウント" : "このアカウント";
            throw new DomainRuleException($"{scope}の発信は既に一時停止中です（{covering.PausedByName}、理由: {covering.Reason}）。", "already-paused");
        }
    }

    /// <summary>Throws the 409 rule when any of <paramref name="pauses"/> applies to the account.</summary>
    public static void EnsureNotPaused(IEnumerable<PublishingPause>? pauses, Guid accountId, string what)
    {
        if (Applying(pauses, accountId) is { } pause)
        {
            throw new DomainRuleException(pause.Refusal(what), Rule);
        }
    }

    /// <summary>The message of the refusal, which the pages also show next to the buttons they do not offer.</summary>
    public string Refusal(string what) =>
        $"{(AccountId is null ? "すべてのアカウント" : "このアカウント")}の発信は一時停止中のため、{what}できません（理由: {Reason}）。市広報担当が解除するまでお待ちください。";

    private static PublishingPause Create(Actor by, Guid? accountId, string? reason, Guid? incidentId, DateTimeOffset at)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length is 0 or > MaxReason)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["reason"] = [$"一時停止の理由を{MaxReason}文字以内で入力してください。"] });
        }
        var pause = new PublishingPause
        {
            Id = Guid.CreateVersion7(),
            AccountId = accountId,
            Reason = text,
            IncidentId = incidentId,
            PausedAt = at,
            PausedById = by.UserId,
            PausedByName = by.Name,
            Version = 1,
        };
        pause.Audit(new AuditRecord("publishing.paused", nameof(PublishingPause), pause.Id.ToString(), by.UserId, by.Name, at, null, pause.Snapshot(), text));
        return pause;
    }

    private string Snapshot() => JsonSerializer.Serialize(new { accountId = AccountId, reason = Reason, incidentId = IncidentId, liftedAt = LiftedAt });
}
