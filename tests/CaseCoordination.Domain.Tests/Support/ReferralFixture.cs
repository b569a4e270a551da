using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;

namespace CaseCoordination.Domain.Tests.Support;

/// <summary>A referral from a sending to a receiving agency, and the actors and fixed times around it.</summary>
internal static class ReferralFixture
{
    public static readonly Guid CaseId = Guid.Parse("c0000000-0000-0000-0000-000000000001");
    public static readonly Guid ReferralId = Guid.Parse("f0000000-0000-0000-0000-000000000001");
    public static readonly Guid ConsentId = Guid.Parse("e0000000-0000-0000-0000-000000000001");
    public static readonly Guid SendingAgencyId = Guid.Parse("a0000000-0000-0000-0000-00000000000a");
    public static readonly Guid ReceivingAgencyId = Guid.Parse("a0000000-0000-0000-0000-00000000000b");
    public static readonly Guid UnrelatedAgencyId = Guid.Parse("a0000000-0000-0000-0000-00000000000c");

    public static readonly Actor Sender = new("sender-caseworker", Role.Caseworker, SendingAgencyId);
    public static readonly Actor Receiver = new("receiver-caseworker", Role.Caseworker, ReceivingAgencyId);

    /// <summary>Monday 2 March 2026, 09:00 Swedish winter time.</summary>
    public static readonly DateTimeOffset SentAt = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));

    /// <summary>
    /// The time of the n-th act (1-based) on the way to a status: an hour apart, so every stamp is distinct
    /// and every deadline of a routine referral is still ahead.
    /// </summary>
    public static DateTimeOffset StepAt(int step) => SentAt.AddHours(step);

    public static Referral Send(
        Urgency urgency = Urgency.Routine,
        ServiceLevels? serviceLevels = null,
        IEnumerable<DataCategory>? sharedCategories = null) =>
        Referral.Send(
            ReferralId,
            CaseId,
            SendingAgencyId,
            ReceivingAgencyId,
            Need.TraumaSupport,
            urgency,
            sharedCategories ?? [DataCategory.Situation],
            new SharingBasis(SharingBasisKind.Consent, ConsentId, null),
            "Please call her this week.",
            serviceLevels ?? ServiceLevels.Default,
            Sender,
            SentAt);

    /// <summary>Sends a routine referral and takes it to <paramref name="status"/> through legal acts, one an hour.</summary>
    public static Referral SentAndDrivenTo(ReferralStatus status)
    {
        var referral = Send();
        var path = ExpectedLifecycle.PathTo(status);
        for (var i = 0; i < path.Count; i++)
        {
            Do(referral, path[i], ActorFor(path[i]), StepAt(i + 1));
        }

        return referral;
    }

    /// <summary>Who may do an act: the sending agency cancels, the receiving agency does everything else.</summary>
    public static Actor ActorFor(ReferralAct act) => act == ReferralAct.Cancel ? Sender : Receiver;

    /// <summary>Does an act with valid arguments (a reason for reject, an outcome for complete, a reason for fail).</summary>
    public static void Do(Referral referral, ReferralAct act, Actor actor, DateTimeOffset now)
    {
        switch (act)
        {
            case ReferralAct.Receive:
                referral.Receive(actor, now);
                break;
            case ReferralAct.Accept:
                referral.Accept(actor, now);
                break;
            case ReferralAct.Reject:
                referral.Reject("No capacity this month.", UnrelatedAgencyId, actor, now);
                break;
            case ReferralAct.Start:
                referral.Start(actor, now);
                break;
            case ReferralAct.Complete:
                referral.Complete(CompletionOutcome.NeedsMet, actor, now);
                break;
            case ReferralAct.Fail:
                referral.Fail(FailureReason.LostContact, "Phone number no longer in use.", actor, now);
                break;
            case ReferralAct.Cancel:
                referral.Cancel("Sent to the wrong unit.", actor, now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(act), act, "The fixture does not know this act.");
        }
    }
}

/// <summary>Everything an act may change on a referral, so that "nothing changed" is one comparison.</summary>
internal sealed record ReferralSnapshot(
    ReferralStatus Status,
    int Version,
    int RecordedEventCount,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? FirstContactAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset LastEventAt,
    string LastEventByUserId,
    Guid LastEventByAgencyId,
    string? RejectionReason,
    Guid? SuggestedAgencyId,
    CompletionOutcome? Outcome,
    FailureReason? FailureReason,
    string? FailureDetails,
    string? CancellationReason)
{
    public static ReferralSnapshot Of(Referral r) => new(
        r.Status,
        r.Version,
        r.RecordedEvents.Count,
        r.ReceivedAt,
        r.AnsweredAt,
        r.FirstContactAt,
        r.EndedAt,
        r.LastEventAt,
        r.LastEventByUserId,
        r.LastEventByAgencyId,
        r.RejectionReason,
        r.SuggestedAgencyId,
        r.Outcome,
        r.FailureReason,
        r.FailureDetails,
        r.CancellationReason);
}
