namespace CaseCoordination.Domain.Common;

/// <summary>
/// What kind of refusal it is. The Api turns each kind into one HTTP status and title (ADR 0024); the
/// domain names the kind only, so that no layer but the Api knows HTTP.
/// </summary>
public enum RefusalKind
{
    /// <summary>The resource does not exist or the caller's agency may not see it (404).</summary>
    NotFound,

    /// <summary>The caller may not do this: wrong role, or not the agency that may (403).</summary>
    Forbidden,

    /// <summary>The state of the resource does not allow the act now (409).</summary>
    Conflict,

    /// <summary>The request's <c>If-Match</c> is not the current version (412).</summary>
    PreconditionFailed,

    /// <summary>The change must name the version it was based on (428).</summary>
    PreconditionRequired,

    /// <summary>A well-formed request that a rule does not allow (422).</summary>
    Unprocessable,
}

/// <summary>
/// The one refusal type: every answer "no" that the application gives on purpose is, or derives from,
/// this exception. It carries everything the answer and the access log need — the stable code, the
/// kind (hence the status) and the problem's extensions — so that neither has to switch on types.
/// Its message is the problem's <c>detail</c>: written for the caller, never carrying personal data.
/// </summary>
public class RefusalException : Exception
{
    private static readonly IReadOnlyDictionary<string, object?> NoExtensions = new Dictionary<string, object?>();

    public RefusalException(RefusalKind kind, string code, string message, IReadOnlyDictionary<string, object?>? extensions = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Extensions = extensions ?? NoExtensions;
    }

    public RefusalKind Kind { get; }

    /// <summary>A stable, kebab-case code that clients can branch on, and the access log's refusal code.</summary>
    public string Code { get; }

    /// <summary>Further members of the problem document (e.g. <c>allowedTransitions</c>, <c>uncoveredCategories</c>).</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; }
}
