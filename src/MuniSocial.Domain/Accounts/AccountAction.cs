namespace MuniSocial.Domain.Accounts;

/// <summary>What staff and the PR office can do to an existing account: one value per transition of <see cref="SocialAccount"/>.</summary>
public enum AccountAction
{
    /// <summary><see cref="SocialAccount.UpdatePolicy"/>.</summary>
    EditPolicy,
    SetOperators,
    RequestListing,
    List,
    Return,
    StartRevision,
    SubmitRevision,
    AcceptRevision,
    DiscardRevision,
    RequestDelisting,
    Delist,
}

/// <summary>
/// Why an action is not possible now: the exact message the transition throws, its rule name, whether it is a
/// matter of role (403) or of state (409), and — where a page explains the state before anyone tries — the
/// wording for the screen (what to do next).
/// </summary>
public sealed record Refusal(string Message, string Rule, bool Forbidden = false, string? Guidance = null)
{
    internal static Refusal ForRole(string message) => new(message, "forbidden", Forbidden: true);

    /// <summary>What a page shows: the guidance for the screen, else the message.</summary>
    public string Explanation => Guidance ?? Message;

    public DomainRuleException ToException() =>
        Forbidden ? new DomainForbiddenException(Message) : new DomainRuleException(Message, Rule);
}
