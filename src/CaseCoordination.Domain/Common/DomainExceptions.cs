namespace CaseCoordination.Domain.Common;

/// <summary>A well-formed request that a domain rule does not allow (<see cref="RefusalKind.Unprocessable"/>).</summary>
public sealed class DomainRuleViolationException(string code, string message, IReadOnlyDictionary<string, object?>? extensions = null)
    : RefusalException(RefusalKind.Unprocessable, code, message, extensions);

/// <summary>The actor's agency takes part, but is not the one that may do this act (<see cref="RefusalKind.Forbidden"/>).</summary>
public sealed class ActNotPermittedException(string code, string message) : RefusalException(RefusalKind.Forbidden, code, message);

/// <summary>The state of the aggregate does not allow the act now (<see cref="RefusalKind.Conflict"/>), naming the acts that are.</summary>
public sealed class StateConflictException(string code, string message, IReadOnlyList<string> allowed)
    : RefusalException(RefusalKind.Conflict, code, message, new Dictionary<string, object?> { ["allowedTransitions"] = allowed })
{
    /// <summary>The acts that are allowed in the current state.</summary>
    public IReadOnlyList<string> Allowed { get; } = allowed;
}
