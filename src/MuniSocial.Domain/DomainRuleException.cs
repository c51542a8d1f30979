namespace MuniSocial.Domain;

/// <summary>
/// A rule of the guideline or of the lifecycle does not hold. The message is shown to a clerk as it is
/// (Japanese); <see cref="Rule"/> is a stable code for API clients.
/// </summary>
public class DomainRuleException : Exception
{
    public DomainRuleException() : this("操作できません。", "domain-rule") { }

    public DomainRuleException(string message) : this(message, "domain-rule") { }

    public DomainRuleException(string message, Exception innerException) : base(message, innerException) => Rule = "domain-rule";

    public DomainRuleException(string message, string rule, IReadOnlyDictionary<string, string[]>? fieldErrors = null) : base(message)
    {
        Rule = rule;
        FieldErrors = fieldErrors ?? new Dictionary<string, string[]>();
    }

    public string Rule { get; }

    /// <summary>Problems per field (field name as in the API), when the rule is about the content.</summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; } = new Dictionary<string, string[]>();
}

/// <summary>The actor's role or section does not allow this action (HTTP 403).</summary>
public sealed class DomainForbiddenException : DomainRuleException
{
    public DomainForbiddenException() : base("この操作を行う権限がありません。", "forbidden") { }

    public DomainForbiddenException(string message) : base(message, "forbidden") { }

    public DomainForbiddenException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Input that can never be valid (HTTP 400), e.g. an end date before the start date.</summary>
public sealed class DomainValidationException : DomainRuleException
{
    public DomainValidationException() : base("入力内容に誤りがあります。", "validation") { }

    public DomainValidationException(string message) : base(message, "validation") { }

    public DomainValidationException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>One field's problem: the message as it is (not prefixed), and the field it belongs to.</summary>
    public DomainValidationException(string field, string message)
        : base(message, "validation", new Dictionary<string, string[]> { [field] = [message] }) { }

    public DomainValidationException(IReadOnlyDictionary<string, string[]> fieldErrors)
        : base("入力内容に誤りがあります: " + string.Join(" / ", fieldErrors.SelectMany(e => e.Value)), "validation", fieldErrors) { }
}
