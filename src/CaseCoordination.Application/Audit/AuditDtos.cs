using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Audit;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;

namespace CaseCoordination.Application.Audit;

public sealed record AccessLogEntryDto(
    long Id,
    DateTimeOffset At,
    string UserId,
    Guid? AgencyId,
    Role? Role,
    string? CallingSystem,
    string Action,
    string ResourceType,
    Guid? ResourceId,
    Guid? CaseId,
    Guid? SubjectId,
    string? RegionCode,
    AccessOutcome Outcome,
    string? Basis,
    string? RefusalCode)
{
    public static AccessLogEntryDto From(AccessLogEntry e) => new(
        e.Id, e.At, e.UserId, e.AgencyId, e.Role, e.CallingSystem, e.Action, e.ResourceType, e.ResourceId, e.CaseId, e.SubjectId,
        e.RegionCode, e.Outcome, e.Basis, e.RefusalCode);
}

public sealed record VerifyResult(bool Valid, long VerifiedEntries, long? FirstInvalidEntryId, string? Reason, long LastEntryId, int DigestsChecked);

public sealed record AgencyAccessSummary(Guid? AgencyId, int Accesses, DateTimeOffset First, DateTimeOffset Last);

/// <summary>Who read or changed a person's data, when and why; refused attempts apart.</summary>
public sealed record AccessReport(
    Guid SubjectId,
    IReadOnlyList<AgencyAccessSummary> Agencies,
    IReadOnlyList<AccessLogEntryDto> Accesses,
    IReadOnlyList<AccessLogEntryDto> Refused);

public sealed record LegalBasisReviewDto(
    Guid Id,
    Guid ReferralId,
    Guid CaseId,
    string RegionCode,
    SharingBasisKind Kind,
    string? Justification,
    DateTimeOffset UsedAt,
    Guid UsedByAgencyId,
    string UsedByUserId,
    Guid ToAgencyId,
    DateTimeOffset? ReviewedAt,
    string? ReviewedByUserId,
    string? ReviewNote)
{
    public static LegalBasisReviewDto From(LegalBasisReview r, string? justification) => new(
        r.Id, r.ReferralId, r.CaseId, r.RegionCode, r.Kind, justification, r.UsedAt, r.UsedByAgencyId, r.UsedByUserId, r.ToAgencyId,
        r.ReviewedAt, r.ReviewedByUserId, r.ReviewNote);
}
