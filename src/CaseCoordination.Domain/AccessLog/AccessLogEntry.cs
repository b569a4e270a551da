using CaseCoordination.Domain.Common;

namespace CaseCoordination.Domain.AccessLog;

public enum AccessOutcome
{
    Allowed = 1,
    Refused,
}

/// <summary>
/// One entry of the access log: when, who, what, on which basis, and the outcome. Written in the
/// same transaction as the act it records; never changed or deleted.
/// </summary>
public sealed class AccessLogEntry
{
    private AccessLogEntry()
    {
        UserId = string.Empty;
        Action = string.Empty;
        ResourceType = string.Empty;
    }

    public AccessLogEntry(
        DateTimeOffset at,
        string userId,
        Guid? agencyId,
        Role? role,
        string? callingSystem,
        string action,
        string resourceType,
        Guid? resourceId,
        Guid? caseId,
        Guid? subjectId,
        AccessOutcome outcome,
        string? basis,
        string? refusalCode)
    {
        At = at;
        UserId = userId;
        AgencyId = agencyId;
        Role = role;
        CallingSystem = callingSystem;
        Action = action;
        ResourceType = resourceType;
        ResourceId = resourceId;
        CaseId = caseId;
        SubjectId = subjectId;
        Outcome = outcome;
        Basis = basis;
        RefusalCode = refusalCode;
    }

    /// <summary>Assigned by the database in insertion order: the log's sequence.</summary>
    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string UserId { get; private set; }
    public Guid? AgencyId { get; private set; }
    public Role? Role { get; private set; }

    /// <summary>The client system that made the call (token <c>azp</c>/<c>client_id</c>), where known.</summary>
    public string? CallingSystem { get; private set; }

    /// <summary>A dotted code such as <c>case.read</c> or <c>referral.accept</c>.</summary>
    public string Action { get; private set; }

    public string ResourceType { get; private set; }
    public Guid? ResourceId { get; private set; }
    public Guid? CaseId { get; private set; }
    public Guid? SubjectId { get; private set; }
    public AccessOutcome Outcome { get; private set; }

    /// <summary>The ground of the access: <c>party</c>, <c>consent:{id}</c> or a legal basis code.</summary>
    public string? Basis { get; private set; }

    /// <summary>Why a refused attempt was refused (a stable error code), never free text.</summary>
    public string? RefusalCode { get; private set; }
}
