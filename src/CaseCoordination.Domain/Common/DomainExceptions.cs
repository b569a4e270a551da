namespace CaseCoordination.Domain.Common;

/// <summary>Base of every rule the domain refuses to break. Messages never carry personal data.</summary>
public abstract class DomainException : Exception
{
    protected DomainException(string code, string message) : base(message) => Code = code;

    /// <summary>A stable, kebab-case code that clients can branch on.</summary>
    public string Code { get; }
}

/// <summary>A well-formed request that a domain rule does not allow (HTTP 422).</summary>
public sealed class DomainRuleViolationException(string code, string message) : DomainException(code, message);

/// <summary>The actor's agency takes part, but is not the one that may do this act (HTTP 403).</summary>
public sealed class ActNotPermittedException(string code, string message) : DomainException(code, message);

/// <summary>The state of the aggregate does not allow the act now (HTTP 409).</summary>
public sealed class StateConflictException(string code, string message, IReadOnlyList<string> allowed)
    : DomainException(code, message)
{
    /// <summary>The acts that are allowed in the current state.</summary>
    public IReadOnlyList<string> Allowed { get; } = allowed;
}
