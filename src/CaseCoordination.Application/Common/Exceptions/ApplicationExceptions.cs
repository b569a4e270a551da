using CaseCoordination.Domain.Common;

namespace CaseCoordination.Application.Common.Exceptions;

// The application's refusals: each is a RefusalException (Domain/Common/Refusal.cs) with its kind and
// stable code, so the problem details and the access log read both from it (ADR 0024).

/// <summary>
/// A resource that does not exist or that the caller's agency may not see. The two are never told
/// apart, so that the existence of a case does not leak (404 <c>not-found</c>).
/// </summary>
public sealed class NotFoundException(string resourceType)
    : RefusalException(RefusalKind.NotFound, "not-found", $"The {resourceType} does not exist or is not visible to your agency.")
{
    public string ResourceType { get; } = resourceType;
}

/// <summary>A role that may never do this, or a scope that does not reach (403).</summary>
public sealed class ForbiddenAccessException(string code, string message) : RefusalException(RefusalKind.Forbidden, code, message);

/// <summary>The <c>If-Match</c> version is not the current one (412 <c>precondition-failed</c>).</summary>
public sealed class PreconditionFailedException(int currentVersion)
    : RefusalException(RefusalKind.PreconditionFailed, "precondition-failed", "The resource has changed since it was read; read it again and retry.")
{
    public int CurrentVersion { get; } = currentVersion;
}

/// <summary>Another client changed the same resource at the same moment (409 <c>concurrency-conflict</c>).</summary>
public sealed class ConcurrencyConflictException()
    : RefusalException(RefusalKind.Conflict, "concurrency-conflict", "Another change to the same resource was saved first; read it again and retry.")
{
    /// <summary>How an act that lost a race answers: 412 when it named the version it was based on (<c>If-Match</c>), else 409.</summary>
    public static RefusalException RaceLost(bool conditional) =>
        conditional ? new PreconditionFailedException(-1) : new ConcurrencyConflictException();
}

/// <summary>The request is well-formed, but refers to something that cannot be used (422).</summary>
public sealed class UnprocessableException(string code, string message, IReadOnlyDictionary<string, object?>? details = null)
    : RefusalException(RefusalKind.Unprocessable, code, message, details);

/// <summary>A change that must name the version it was based on was sent without <c>If-Match</c> (428 <c>precondition-required</c>).</summary>
public sealed class PreconditionRequiredException()
    : RefusalException(
        RefusalKind.PreconditionRequired,
        "precondition-required",
        "This change needs an If-Match header with the ETag of the case, so that a stale view cannot overwrite a newer one.");

/// <summary>The database stayed busy beyond the configured wait (HTTP 503 with Retry-After). A fault, not a refusal.</summary>
public sealed class DatabaseBusyException() : Exception("The database is busy; retry shortly.");
