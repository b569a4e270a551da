namespace CaseCoordination.Domain.Common;

/// <summary>
/// One event on a case's timeline: consent given or withdrawn, referral sent and answered, lead
/// changed, case closed. It holds codes and ids only, never free text, so that the timeline can be
/// shown to every party of the case under the <c>coordination</c> category.
/// </summary>
public sealed class TimelineEntry
{
    private TimelineEntry()
    {
        Kind = string.Empty;
        ActorUserId = string.Empty;
    }

    public TimelineEntry(Guid caseId, Guid? referralId, string kind, DateTimeOffset at, Actor actor, string? detail = null)
    {
        CaseId = caseId;
        ReferralId = referralId;
        Kind = kind;
        At = at;
        ActorUserId = actor.UserId;
        ActorAgencyId = actor.AgencyId;
        ActorRole = actor.Role;
        Detail = detail;
    }

    /// <summary>Assigned by the database in insertion order; orders events recorded at the same instant.</summary>
    public long Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid? ReferralId { get; private set; }

    /// <summary>A dotted code such as <c>case.opened</c> or <c>referral.accepted</c>.</summary>
    public string Kind { get; private set; }

    public DateTimeOffset At { get; private set; }
    public string ActorUserId { get; private set; }
    public Guid? ActorAgencyId { get; private set; }
    public Role ActorRole { get; private set; }

    /// <summary>A code that qualifies the event (an outcome, a need), never free text.</summary>
    public string? Detail { get; private set; }
}
