namespace MuniSocial.Domain;

/// <summary>
/// The thing to change does not exist (HTTP 404; a page shows the message). Not a <see cref="DomainRuleException"/>:
/// no rule is broken, and a page that catches both tells them apart.
/// </summary>
public class DomainNotFoundException : Exception
{
    public DomainNotFoundException() : this("対象") { }

    public DomainNotFoundException(string what) : base($"{what}が見つかりません。") => What = what;

    public DomainNotFoundException(string message, Exception innerException) : base(message, innerException) => What = "対象";

    /// <summary>What was not found, in Japanese (部, 課, 係 …).</summary>
    public string What { get; }
}
