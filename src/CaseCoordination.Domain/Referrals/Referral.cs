using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
using CaseCoordination.Domain.Directory;

namespace CaseCoordination.Domain.Referrals;

/// <summary>
/// A handover: one agency asks another to take on a need for a case. It carries deadlines computed
/// when it is sent, and moves through the lifecycle of <see cref="ReferralLifecycle"/>.
/// </summary>
public sealed class Referral : AggregateRoot
{
    private List<DataCategory> _sharedCategories = [];

    private Referral()
    {
        SentByUserId = string.Empty;
        LastEventByUserId = string.Empty;
    }

    /// <summary>
    /// Sends a referral on what the sender asks to share: it must go to another agency, and the
    /// <see cref="SharingPolicy"/> decides its basis from the case's consents, or refuses it.
    /// </summary>
    /// <param name="caseConsents">Every consent recorded in the case (any state).</param>
    public static (Referral Referral, SharingDecision Sharing) SendUnderPolicy(
        Guid id,
        Guid caseId,
        Guid fromAgencyId,
        Agency receiver,
        Person person,
        Need need,
        Urgency urgency,
        SharingRequest sharing,
        IReadOnlyCollection<Consent> caseConsents,
        string? message,
        ServiceLevels serviceLevels,
        Actor actor,
        DateTimeOffset now)
    {
        EnsureMaySend(actor, fromAgencyId, receiver.Id);
        var decision = SharingPolicy.ForReferral(sharing, person, receiver, caseConsents, now);
        var referral = Sent(id, caseId, fromAgencyId, receiver.Id, need, urgency, sharing.Categories, decision.Basis, message, serviceLevels, actor, now);
        return (referral, decision);
    }

    /// <summary>Sends a referral on a basis already decided (synthetic data and tests).</summary>
    public static Referral Send(
        Guid id,
        Guid caseId,
        Guid fromAgencyId,
        Guid toAgencyId,
        Need need,
        Urgency urgency,
        IEnumerable<DataCategory> sharedCategories,
        SharingBasis? basis,
        string? message,
        ServiceLevels serviceLevels,
        Actor actor,
        DateTimeOffset now)
    {
        EnsureMaySend(actor, fromAgencyId, toAgencyId);
        return Sent(id, caseId, fromAgencyId, toAgencyId, need, urgency, sharedCategories, basis, message, serviceLevels, actor, now);
    }

    /// <summary>What a referral shares: the categories asked for, and always coordination (it makes the receiver a party).</summary>
    public static IReadOnlyList<DataCategory> CategoriesToShare(IEnumerable<DataCategory> asked) =>
        asked.Append(DataCategory.Coordination).Distinct().Order().ToList();

    /// <summary>Only a caseworker of the sending agency sends, and to another agency than its own.</summary>
    private static void EnsureMaySend(Actor actor, Guid fromAgencyId, Guid toAgencyId)
    {
        if (!actor.IsCaseworkerOf(fromAgencyId))
        {
            throw new ActNotPermittedException("caseworker-required", "Only a caseworker of the sending agency can send a referral.");
        }

        if (fromAgencyId == toAgencyId)
        {
            throw new DomainRuleViolationException("referral-to-self", "A referral must go to another agency than the sending one.");
        }
    }

    private static Referral Sent(
        Guid id,
        Guid caseId,
        Guid fromAgencyId,
        Guid toAgencyId,
        Need need,
        Urgency urgency,
        IEnumerable<DataCategory> sharedCategories,
        SharingBasis? basis,
        string? message,
        ServiceLevels serviceLevels,
        Actor actor,
        DateTimeOffset now)
    {
        var categories = CategoriesToShare(sharedCategories).ToList();
        var deadlines = serviceLevels.DeadlinesFor(urgency, now);
        var referral = new Referral
        {
            Id = id,
            CaseId = caseId,
            FromAgencyId = fromAgencyId,
            ToAgencyId = toAgencyId,
            Need = need,
            Urgency = urgency,
            _sharedCategories = categories,
            Basis = basis,
            Message = message,
            Status = ReferralStatus.Requested,
            RequestedAt = now,
            SentByUserId = actor.UserId,
            ReceiveBy = deadlines.ReceiveBy,
            AnswerBy = deadlines.AnswerBy,
            FirstContactBy = deadlines.FirstContactBy,
            LastEventAt = now,
            LastEventByUserId = actor.UserId,
            LastEventByAgencyId = fromAgencyId,
        };
        referral.Record(new TimelineEntry(caseId, id, "referral.requested", now, actor, Codes.Of(need)));
        return referral;
    }

    public Guid CaseId { get; private set; }
    public Guid FromAgencyId { get; private set; }
    public Guid ToAgencyId { get; private set; }
    public Need Need { get; private set; }
    public Urgency Urgency { get; private set; }
    public IReadOnlyList<DataCategory> SharedCategories => _sharedCategories;
    public SharingBasis? Basis { get; private set; }

    /// <summary>Free text from the sender to the receiver.</summary>
    public string? Message { get; private set; }

    public ReferralStatus Status { get; private set; }
    public string SentByUserId { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }
    public DateTimeOffset? ReceivedAt { get; private set; }

    /// <summary>When the receiving agency accepted or rejected.</summary>
    public DateTimeOffset? AnsweredAt { get; private set; }

    public DateTimeOffset? FirstContactAt { get; private set; }

    /// <summary>When the referral reached an end state (completed, rejected, failed, cancelled).</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    public DateTimeOffset ReceiveBy { get; private set; }
    public DateTimeOffset AnswerBy { get; private set; }
    public DateTimeOffset FirstContactBy { get; private set; }

    public DateTimeOffset LastEventAt { get; private set; }
    public string LastEventByUserId { get; private set; }
    public Guid LastEventByAgencyId { get; private set; }

    public string? RejectionReason { get; private set; }
    public Guid? SuggestedAgencyId { get; private set; }
    public CompletionOutcome? Outcome { get; private set; }
    public FailureReason? FailureReason { get; private set; }
    public string? FailureDetails { get; private set; }
    public string? CancellationReason { get; private set; }

    /// <summary>
    /// Whether the receiver's services in the directory cover the referral's need, the case's municipality
    /// and the person's group, assessed when it was sent (<see cref="Coverage.OfReferral"/>):
    /// <see cref="CoverageMismatch.None"/> when one covers it, else what none of them covered. Null only for
    /// a referral sent before the directory existed (not assessed).
    /// </summary>
    public CoverageMismatch? OutsideCoverage { get; private set; }

    /// <summary>The receiver turned it away for lack of capacity (rejected as such, or failed with <c>no-capacity</c>).</summary>
    public bool TurnedAwayForCapacity { get; private set; }

    /// <summary>
    /// Records, as it is sent, whether the receiver's services cover the referral (<see cref="Coverage.OfReferral"/>).
    /// A referral outside coverage is allowed (people move, capacity changes) but says so on the timeline.
    /// </summary>
    public void RecordCoverage(CoverageMismatch coverage, Actor actor)
    {
        if (Status != ReferralStatus.Requested || Version != 1)
        {
            throw new InvalidOperationException("Coverage is recorded when a referral is sent.");
        }

        OutsideCoverage = coverage;
        if (coverage != CoverageMismatch.None)
        {
            Record(new TimelineEntry(CaseId, Id, "referral.outside-coverage", RequestedAt, actor, string.Join(',', Coverage.Criteria(coverage).Select(Codes.Of))));
        }
    }

    public bool IsOpen => ReferralLifecycle.Open.Contains(Status);

    public IReadOnlyList<string> AllowedActs => ReferralLifecycle.AllowedFrom(Status).Select(ReferralLifecycle.Code).ToList();

    public bool IsPartyTo(Guid agencyId) => FromAgencyId == agencyId || ToAgencyId == agencyId;

    /// <summary>Minutes from sent to received (for the dashboards' medians).</summary>
    public int? MinutesToReceive { get; private set; }

    /// <summary>Minutes from received to answered (accepted or rejected).</summary>
    public int? MinutesToAnswer { get; private set; }

    /// <summary>Minutes from accepted to the first contact.</summary>
    public int? MinutesToFirstContact { get; private set; }

    private static int Minutes(DateTimeOffset from, DateTimeOffset to) => (int)Math.Max(0, Math.Round((to - from).TotalMinutes));

    public void Receive(Actor actor, DateTimeOffset now)
    {
        Transition(ReferralAct.Receive, actor, now, null);
        ReceivedAt = now;
        MinutesToReceive = Minutes(RequestedAt, now);
    }

    public void Accept(Actor actor, DateTimeOffset now)
    {
        Transition(ReferralAct.Accept, actor, now, null);
        AnsweredAt = now;
        MinutesToAnswer = Minutes(ReceivedAt ?? RequestedAt, now);
    }

    /// <param name="noCapacity">The receiver turns it away because it cannot take anyone now (counted in the coverage figures).</param>
    public void Reject(string reason, Guid? suggestedAgencyId, Actor actor, DateTimeOffset now, bool noCapacity = false)
    {
        // Who may act and whether the state allows it are checked before what the act needs.
        EnsureMay(ReferralAct.Reject, actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleViolationException("reason-required", "Rejecting a referral needs a reason.");
        }

        Transition(ReferralAct.Reject, actor, now, noCapacity ? "no-capacity" : null);
        AnsweredAt = now;
        MinutesToAnswer = Minutes(ReceivedAt ?? RequestedAt, now);
        EndedAt = now;
        RejectionReason = reason;
        SuggestedAgencyId = suggestedAgencyId;
        TurnedAwayForCapacity = noCapacity;
    }

    /// <summary>Records the first contact between the receiving agency and the person.</summary>
    public void Start(Actor actor, DateTimeOffset now)
    {
        Transition(ReferralAct.Start, actor, now, null);
        FirstContactAt = now;
        MinutesToFirstContact = Minutes(AnsweredAt ?? RequestedAt, now);
    }

    public void Complete(CompletionOutcome outcome, Actor actor, DateTimeOffset now)
    {
        Transition(ReferralAct.Complete, actor, now, Codes.Of(outcome));
        Outcome = outcome;
        EndedAt = now;
    }

    public void Fail(FailureReason reason, string? details, Actor actor, DateTimeOffset now)
    {
        Transition(ReferralAct.Fail, actor, now, Codes.Of(reason));
        FailureReason = reason;
        FailureDetails = details;
        TurnedAwayForCapacity = reason == Referrals.FailureReason.NoCapacity;
        EndedAt = now;
    }

    public void Cancel(string? reason, Actor actor, DateTimeOffset now)
    {
        Transition(ReferralAct.Cancel, actor, now, null);
        CancellationReason = reason;
        EndedAt = now;
    }

    private void EnsureMay(ReferralAct act, Actor actor)
    {
        var mustBe = ReferralLifecycle.IsSendersAct(act) ? FromAgencyId : ToAgencyId;
        if (!actor.IsCaseworkerOf(mustBe))
        {
            var who = ReferralLifecycle.IsSendersAct(act) ? "sending" : "receiving";
            throw new ActNotPermittedException(
                "wrong-agency",
                $"Only a caseworker of the {who} agency may {ReferralLifecycle.Code(act)} this referral.");
        }

        if (!ReferralLifecycle.TryNext(Status, act, out _))
        {
            throw new StateConflictException(
                "illegal-transition",
                $"The referral is {Codes.Of(Status)}; '{ReferralLifecycle.Code(act)}' is not allowed now.",
                AllowedActs);
        }
    }

    private void Transition(ReferralAct act, Actor actor, DateTimeOffset now, string? detail)
    {
        var mustBe = ReferralLifecycle.IsSendersAct(act) ? FromAgencyId : ToAgencyId;
        if (!actor.IsCaseworkerOf(mustBe))
        {
            var who = ReferralLifecycle.IsSendersAct(act) ? "sending" : "receiving";
            throw new ActNotPermittedException(
                "wrong-agency",
                $"Only a caseworker of the {who} agency may {ReferralLifecycle.Code(act)} this referral.");
        }

        if (!ReferralLifecycle.TryNext(Status, act, out var next))
        {
            throw new StateConflictException(
                "illegal-transition",
                $"The referral is {Codes.Of(Status)}; '{ReferralLifecycle.Code(act)}' is not allowed now.",
                AllowedActs);
        }

        Status = next;
        LastEventAt = now;
        LastEventByUserId = actor.UserId;
        LastEventByAgencyId = mustBe;
        Changed();
        Record(new TimelineEntry(CaseId, Id, "referral." + Codes.Of(next), now, actor, detail));
    }
}
