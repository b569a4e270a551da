using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.LeadHandovers;

namespace CaseCoordination.Domain.Cases;

public enum IntakeChannel
{
    Outreach = 1,
    DigitalOutreach,
    SelfReferral,
    Police,
    Healthcare,
    SocialServices,
    School,
    Other,
}

public enum CaseStatus
{
    Open = 1,
    Closed,
}

public enum CaseOutcome
{
    NeedsMet = 1,
    PersonDeclined,
    LostContact,
    MovedAway,
    TransferredOutsideCooperation,
    Other,
}

/// <summary>
/// A case: one person, one municipality, exactly one lead agency at a time (or none while one is
/// being found), and a timeline of everything that happened.
/// </summary>
public sealed class Case : AggregateRoot
{
    private Case()
    {
        CaseNumber = string.Empty;
        MunicipalityCode = string.Empty;
        RegionCode = string.Empty;
        OpenedByUserId = string.Empty;
        Person = null!;
    }

    public static Case Open(
        Guid id,
        string caseNumber,
        Person person,
        string municipalityCode,
        IntakeChannel intakeChannel,
        string? situation,
        Actor actor,
        DateTimeOffset now)
    {
        if (actor.Role != Role.Caseworker || actor.AgencyId is null)
        {
            throw new ActNotPermittedException("caseworker-required", "Only a caseworker of an agency can open a case.");
        }

        if (municipalityCode.Length != 4 || !municipalityCode.All(char.IsAsciiDigit))
        {
            throw new DomainRuleViolationException("invalid-municipality", "A municipality code has four digits.");
        }

        var @case = new Case
        {
            Id = id,
            CaseNumber = caseNumber,
            Person = person,
            MunicipalityCode = municipalityCode,
            RegionCode = municipalityCode[..2],
            IntakeChannel = intakeChannel,
            Situation = situation,
            Status = CaseStatus.Open,
            OpenedAt = now,
            OpenedByAgencyId = actor.AgencyId.GetValueOrDefault(),
            OpenedByUserId = actor.UserId,
            LeadAgencyId = actor.AgencyId,
            LeadSince = now,
            ChildAtOpening = person.IsChildOn(DateOnly.FromDateTime(now.UtcDateTime)) == true,
            OtherNationality = person.HasOtherNationalityThanSwedish,
            ComplexNeeds = person.HasComplexNeeds,
            OtherLanguage = person.NeedsAnotherLanguageThanSwedish,
        };
        @case.Record(new TimelineEntry(id, null, "case.opened", now, actor, Codes.Of(intakeChannel)));
        return @case;
    }

    /// <summary>Human-readable number, e.g. <c>2026-7KQ4XM</c>.</summary>
    public string CaseNumber { get; private set; }

    public Person Person { get; private set; }
    public string MunicipalityCode { get; private set; }

    /// <summary>The region (county) that decides which coordinators and auditors see the case.</summary>
    public string RegionCode { get; private set; }

    public IntakeChannel IntakeChannel { get; private set; }

    /// <summary>Free-text description of what happened and what is needed (category <c>situation</c>).</summary>
    public string? Situation { get; private set; }

    public CaseStatus Status { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }
    public Guid OpenedByAgencyId { get; private set; }
    public string OpenedByUserId { get; private set; }
    public Guid? LeadAgencyId { get; private set; }
    public DateTimeOffset? LeadSince { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public CaseOutcome? Outcome { get; private set; }

    /// <summary>
    /// The groups the dashboards break figures down by, fixed when the case opens: the person was (or
    /// may have been) a child, is of another nationality than Swedish, has complex needs. Aggregated
    /// only, never shown per person.
    /// </summary>
    public bool ChildAtOpening { get; private set; }

    public bool OtherNationality { get; private set; }

    public bool ComplexNeeds { get; private set; }

    /// <summary>The person needs another language than Swedish (the responsibility directory's coverage group).</summary>
    public bool OtherLanguage { get; private set; }

    /// <summary>Why a case with open referrals was closed anyway; coordinators see it.</summary>
    public string? CloseJustification { get; private set; }

    /// <summary>The open lead-handover proposal, if any: at most one per case.</summary>
    public Guid? PendingLeadHandoverId { get; private set; }

    /// <summary>The agency proposed as the next lead while a proposal is open.</summary>
    public Guid? ProposedLeadAgencyId { get; private set; }

    public DateTimeOffset? LeadHandoverProposedAt { get; private set; }

    /// <summary>Since when the case has had no lead (null while it has one).</summary>
    public DateTimeOffset? WithoutLeadSince { get; private set; }

    public bool IsLead(Guid agencyId) => LeadAgencyId == agencyId;

    /// <summary>A caseworker of the lead agency (a case without a lead has none).</summary>
    private bool IsLeadCaseworker(Actor actor) => actor.Role == Role.Caseworker && LeadAgencyId is not null && actor.AgencyId == LeadAgencyId;

    /// <summary>
    /// Proposes a new lead: the current lead's caseworker, or a coordinator of the case's region, may.
    /// The current lead stays responsible until the proposed agency accepts.
    /// </summary>
    public LeadHandover ProposeLead(Guid handoverId, Guid toAgencyId, string? reason, Actor actor, DateTimeOffset now)
    {
        EnsureOpen();
        var mayPropose = actor.Role == Role.Coordinator
            || IsLeadCaseworker(actor);
        if (!mayPropose)
        {
            throw new ActNotPermittedException("lead-required", "Only a caseworker of the lead agency, or a coordinator of the region, may propose a new lead.");
        }

        if (PendingLeadHandoverId is not null)
        {
            throw new StateConflictException("handover-pending", "The case already has an open lead handover; it must be answered first.", []);
        }

        if (LeadAgencyId == toAgencyId)
        {
            throw new DomainRuleViolationException("already-lead", "The proposed agency is already the lead.");
        }

        var handover = LeadHandover.Propose(handoverId, Id, LeadAgencyId, toAgencyId, reason, actor, now);
        PendingLeadHandoverId = handoverId;
        ProposedLeadAgencyId = toAgencyId;
        LeadHandoverProposedAt = now;
        Changed();
        Record(new TimelineEntry(Id, null, "lead.proposed", now, actor, toAgencyId.ToString()));
        return handover;
    }

    /// <summary>The proposed agency answers. On accept it becomes lead in the same step, so there is no gap.</summary>
    public void AnswerLeadHandover(LeadHandover handover, bool accept, string? declineReason, Actor actor, DateTimeOffset now)
    {
        if (handover.CaseId != Id)
        {
            throw new InvalidOperationException("The handover belongs to another case.");
        }

        if (accept && Status != CaseStatus.Open)
        {
            throw new StateConflictException("case-closed", "The case is closed.", []);
        }

        handover.Answer(accept, declineReason, actor, now);
        if (PendingLeadHandoverId == handover.Id)
        {
            ClearPendingProposal();
        }

        if (accept)
        {
            SetLead(handover.ToAgencyId, now);
            Record(new TimelineEntry(Id, null, "lead.accepted", now, actor, handover.ToAgencyId.ToString()));
        }
        else
        {
            Record(new TimelineEntry(Id, null, "lead.declined", now, actor, handover.ToAgencyId.ToString()));
        }

        Changed();
    }

    /// <summary>
    /// A coordinator of the region assigns a lead to a case that has none. A proposal still open (made
    /// before the lead was lost, or by a coordinator) is superseded in the same step: the assignment
    /// decides, and the proposed agency can no longer take the lead over it. The caller passes the case's
    /// open handover when it has one (<see cref="PendingLeadHandoverId"/>).
    /// </summary>
    public void AssignLead(Guid agencyId, Actor actor, DateTimeOffset now, LeadHandover? pendingHandover = null)
    {
        EnsureOpen();
        if (actor.Role != Role.Coordinator)
        {
            throw new ActNotPermittedException("coordinator-required", "Only a coordinator of the region may assign a lead.");
        }

        if (LeadAgencyId is not null)
        {
            throw new StateConflictException("case-has-lead", "The case has a lead; propose a handover instead.", []);
        }

        EnsureIsPending(pendingHandover);
        SetLead(agencyId, now);
        Changed();
        Record(new TimelineEntry(Id, null, "lead.assigned", now, actor, agencyId.ToString()));
        if (pendingHandover is not null)
        {
            Supersede(pendingHandover, actor, now);
        }
    }

    /// <summary>
    /// The agency proposed as lead left the cooperation: it can no longer accept, so the open proposal to
    /// it is superseded (a proposal nobody can answer would block every other one). The lead stays.
    /// </summary>
    public void ProposedLeadLeft(LeadHandover pendingHandover, Actor actor, DateTimeOffset now)
    {
        EnsureIsPending(pendingHandover);
        Supersede(pendingHandover, actor, now);
        Changed();
    }

    private void EnsureIsPending(LeadHandover? handover)
    {
        if (handover?.Id != PendingLeadHandoverId || (handover is not null && handover.CaseId != Id))
        {
            throw new InvalidOperationException("The case's open lead handover, and only it, must be given.");
        }
    }

    private void Supersede(LeadHandover handover, Actor actor, DateTimeOffset now)
    {
        handover.Supersede();
        ClearPendingProposal();
        Record(new TimelineEntry(Id, null, "lead.superseded", now, actor, handover.ToAgencyId.ToString()));
    }

    private void ClearPendingProposal()
    {
        PendingLeadHandoverId = null;
        ProposedLeadAgencyId = null;
        LeadHandoverProposedAt = null;
    }

    /// <summary>The lead agency left the cooperation: from now on the case has no lead until one is assigned.</summary>
    public void LoseLead(Actor actor, DateTimeOffset now)
    {
        if (LeadAgencyId is null || Status != CaseStatus.Open)
        {
            return;
        }

        var lost = LeadAgencyId.Value;
        LeadAgencyId = null;
        LeadSince = null;
        WithoutLeadSince = now;
        Changed();
        Record(new TimelineEntry(Id, null, "lead.lost", now, actor, lost.ToString()));
    }

    private void SetLead(Guid agencyId, DateTimeOffset now)
    {
        LeadAgencyId = agencyId;
        LeadSince = now;
        WithoutLeadSince = null;
    }

    /// <summary>
    /// Closes the case. Only a caseworker of the lead agency may close. Closing while referrals are
    /// still open, or while signals are open, needs a written justification: a case is never closed
    /// quietly on top of a dropped handover.
    /// </summary>
    public void Close(CaseOutcome outcome, string? justification, int openReferrals, Actor actor, DateTimeOffset now, int openSignals = 0)
    {
        if (Status == CaseStatus.Closed)
        {
            throw new StateConflictException("case-closed", "The case is already closed.", []);
        }

        if (!IsLeadCaseworker(actor))
        {
            throw new ActNotPermittedException("lead-required", "Only a caseworker of the lead agency may close the case.");
        }

        EnsureClosingJustified(justification, openReferrals, openSignals);

        // An open lead proposal ends with the case: nobody can take the lead of a closed case.
        ClearPendingProposal();
        Status = CaseStatus.Closed;
        Outcome = outcome;
        CloseJustification = string.IsNullOrWhiteSpace(justification) ? null : justification;
        ClosedAt = now;
        Changed();
        Record(new TimelineEntry(Id, null, "case.closed", now, actor, Codes.Of(outcome)));
    }

    /// <summary>
    /// A case with open referrals or open signals closes only with a written justification. Also
    /// checked again when the close commits, with the referrals as they stand then (a referral sent
    /// while the case was closing must not be closed over quietly).
    /// </summary>
    public static void EnsureClosingJustified(string? justification, int openReferrals, int openSignals)
    {
        if ((openReferrals > 0 || openSignals > 0) && string.IsNullOrWhiteSpace(justification))
        {
            throw new DomainRuleViolationException(
                "justification-required",
                $"The case has {openReferrals} open referral(s) and {openSignals} open signal(s); closing it needs a written justification.");
        }
    }

    public void EnsureOpen()
    {
        if (Status != CaseStatus.Open)
        {
            throw new StateConflictException("case-closed", "The case is closed.", []);
        }
    }
}
