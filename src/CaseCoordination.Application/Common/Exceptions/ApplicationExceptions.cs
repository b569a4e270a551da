namespace CaseCoordination.Application.Common.Exceptions;

/// <summary>
/// A resource that does not exist or that the caller's agency may not see. The two are never told
/// apart, so that the existence of a case does not leak (HTTP 404).
/// </summary>
public sealed class NotFoundException(string resourceType) : Exception($"The {resourceType} was not found.")
{
    public string ResourceType { get; } = resourceType;
}

/// <summary>A role that may never do this (HTTP 403).</summary>
public sealed class ForbiddenAccessException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>The <c>If-Match</c> version is not the current one (HTTP 412).</summary>
public sealed class PreconditionFailedException(int currentVersion)
    : Exception("The resource has changed since it was read; read it again and retry.")
{
    public int CurrentVersion { get; } = currentVersion;
}

/// <summary>Another client changed the same resource at the same moment (HTTP 409).</summary>
public sealed class ConcurrencyConflictException()
    : Exception("Another change to the same resource was saved first; read it again and retry.");

/// <summary>The request is well-formed, but refers to something that cannot be used (HTTP 422).</summary>
public sealed class UnprocessableException(string code, string message, IReadOnlyDictionary<string, object?>? details = null) : Exception(message)
{
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, object?> Details { get; } = details ?? new Dictionary<string, object?>();
}

/// <summary>A change that must name the version it was based on was sent without <c>If-Match</c> (HTTP 428).</summary>
public sealed class PreconditionRequiredException()
    : Exception("This change needs an If-Match header with the ETag of the case, so that a stale view cannot overwrite a newer one.");

/// <summary>The database stayed busy beyond the configured wait (HTTP 503 with Retry-After).</summary>
public sealed class DatabaseBusyException() : Exception("The database is busy; retry shortly.");
