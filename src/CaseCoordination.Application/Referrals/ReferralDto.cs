using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;
using CaseCoordination.Domain.Referrals;

namespace CaseCoordination.Application.Referrals;

public sealed record DeadlinesDto(DateTimeOffset ReceiveBy, DateTimeOffset AnswerBy, DateTimeOffset FirstContactBy);

public sealed record BasisDto(SharingBasisKind Kind, Guid? ConsentId, string? Justification, bool NeedsAuditReview);

/// <summary>
/// A referral as its sending or receiving agency sees it. The message is withheld from the receiving
/// agency once the referral is rejected or cancelled: its access to what was shared has ended.
/// </summary>
public sealed record ReferralDto(
    Guid Id,
    Guid CaseId,
    string CaseNumber,
    ReferralStatus Status,
    Guid FromAgencyId,
    Guid ToAgencyId,
    Need Need,
    Urgency Urgency,
    IReadOnlyList<DataCategory> SharedCategories,
    BasisDto? Basis,
    string? Message,
    DateTimeOffset RequestedAt,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? FirstContactAt,
    DateTimeOffset? EndedAt,
    DeadlinesDto Deadlines,
    IReadOnlyList<string> Signals,
    IReadOnlyList<string> AllowedActions,
    string? RejectionReason,
    Guid? SuggestedAgencyId,
    CompletionOutcome? Outcome,
    FailureReason? FailureReason,
    string? FailureDetails,
    string? CancellationReason,
    bool MessageWithheld,
    bool? OutsideCoverage,
    IReadOnlyList<CoverageCriterion> CoverageMismatches,
    bool TurnedAwayForCapacity,
    int Version)
{
    /// <summary>A referral as the caller's agency sees it, with its open signals (from the signal rows, or evaluated in memory for a referral just changed: <see cref="Signals.CaseStates"/>).</summary>
    public static ReferralDto For(Referral r, string caseNumber, Guid callerAgencyId, IReadOnlyList<string> signals)
    {
        var withheld = r.ToAgencyId == callerAgencyId && r.FromAgencyId != callerAgencyId
            && r.Status is ReferralStatus.Rejected or ReferralStatus.Cancelled;

        // The acts the caller's agency may do now: the sender cancels, the receiver does the rest.
        var allowed = ReferralLifecycle.AllowedFrom(r.Status)
            .Where(act => ReferralLifecycle.IsSendersAct(act) ? r.FromAgencyId == callerAgencyId : r.ToAgencyId == callerAgencyId)
            .Select(ReferralLifecycle.Code)
            .ToList();
        return new ReferralDto(
            r.Id,
            r.CaseId,
            caseNumber,
            r.Status,
            r.FromAgencyId,
            r.ToAgencyId,
            r.Need,
            r.Urgency,
            r.SharedCategories,
            r.Basis is { } b ? new BasisDto(b.Kind, b.ConsentId, withheld ? null : b.Justification, b.NeedsAuditReview) : null,
            withheld ? null : r.Message,
            r.RequestedAt,
            r.ReceivedAt,
            r.AnsweredAt,
            r.FirstContactAt,
            r.EndedAt,
            new DeadlinesDto(r.ReceiveBy, r.AnswerBy, r.FirstContactBy),
            signals,
            allowed,
            r.RejectionReason,
            r.SuggestedAgencyId,
            r.Outcome,
            r.FailureReason,
            r.FailureDetails,
            r.CancellationReason,
            withheld,
            r.OutsideCoverage is { } coverage ? coverage != CoverageMismatch.None : null,
            Coverage.Criteria(r.OutsideCoverage ?? CoverageMismatch.None),
            r.TurnedAwayForCapacity,
            r.Version);
    }
}
