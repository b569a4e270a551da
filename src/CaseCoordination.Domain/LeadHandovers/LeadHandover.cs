using CaseCoordination.Domain.Common;

namespace CaseCoordination.Domain.LeadHandovers;

public enum LeadHandoverStatus
{
    Proposed = 1,
    Accepted,
    Declined,

    /// <summary>
    /// Ended unanswered because the case's lead was settled without it: a coordinator assigned a lead
    /// while it was open, or the proposed agency left the cooperation. It can no longer be answered.
    /// </summary>
    Superseded,
}

/// <summary>
/// The first step of a change of lead: a proposal that the proposed agency accepts or declines.
/// Until it accepts, the current lead stays responsible, so a handover never leaves a gap.
/// </summary>
public sealed class LeadHandover : AggregateRoot
{
    private LeadHandover()
    {
        ProposedByUserId = string.Empty;
    }

    internal static LeadHandover Propose(Guid id, Guid caseId, Guid? fromAgencyId, Guid toAgencyId, string? reason, Actor actor, DateTimeOffset now) => new()
    {
        Id = id,
        CaseId = caseId,
        FromAgencyId = fromAgencyId,
        ToAgencyId = toAgencyId,
        Reason = reason,
        Status = LeadHandoverStatus.Proposed,
        ProposedAt = now,
        ProposedByUserId = actor.UserId,
        ProposedByAgencyId = actor.AgencyId,
        ProposedByRole = actor.Role,
    };

    public Guid CaseId { get; private set; }

    /// <summary>The lead when the proposal was made (null when the case had none).</summary>
    public Guid? FromAgencyId { get; private set; }

    public Guid ToAgencyId { get; private set; }
    public string? Reason { get; private set; }
    public LeadHandoverStatus Status { get; private set; }
    public DateTimeOffset ProposedAt { get; private set; }
    public string ProposedByUserId { get; private set; }
    public Guid? ProposedByAgencyId { get; private set; }
    public Role ProposedByRole { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public string? DeclineReason { get; private set; }

    public bool IsOpen => Status == LeadHandoverStatus.Proposed;

    internal void Answer(bool accepted, string? declineReason, Actor actor, DateTimeOffset now)
    {
        if (!actor.IsCaseworkerOf(ToAgencyId))
        {
            throw new ActNotPermittedException("wrong-agency", "Only a caseworker of the proposed agency may answer a lead handover.");
        }

        if (Status == LeadHandoverStatus.Superseded)
        {
            throw new StateConflictException(
                "handover-superseded",
                "The lead handover was superseded (a coordinator assigned a lead, or the proposed agency left the cooperation); it can no longer be answered.",
                []);
        }

        if (Status != LeadHandoverStatus.Proposed)
        {
            throw new StateConflictException("handover-answered", $"The lead handover is already {Codes.Of(Status)}.", []);
        }

        Status = accepted ? LeadHandoverStatus.Accepted : LeadHandoverStatus.Declined;
        DeclineReason = accepted ? null : declineReason;
        AnsweredAt = now;
        Changed();
    }

    /// <summary>Ends the open proposal unanswered (see <see cref="LeadHandoverStatus.Superseded"/>); <c>AnsweredAt</c> stays empty.</summary>
    internal void Supersede()
    {
        if (Status != LeadHandoverStatus.Proposed)
        {
            throw new InvalidOperationException("Only an open lead handover can be superseded.");
        }

        Status = LeadHandoverStatus.Superseded;
        Changed();
    }
}
