using CaseCoordination.Domain.Common;

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
        if (actor.Role != Role.Caseworker || actor.AgencyId is not { } agencyId)
        {
            throw new ActNotPermittedException("caseworker-required", "Only a caseworker of an agency can open a case.");
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
            OpenedByAgencyId = agencyId,
            OpenedByUserId = actor.UserId,
            LeadAgencyId = agencyId,
            LeadSince = now,
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

    /// <summary>Why a case with open referrals was closed anyway; coordinators see it.</summary>
    public string? CloseJustification { get; private set; }

    public bool IsLead(Guid agencyId) => LeadAgencyId == agencyId;

    /// <summary>
    /// Closes the case. Only a caseworker of the lead agency may close. Closing while referrals are
    /// still open needs a written justification: a case is never closed quietly on top of a handover.
    /// </summary>
    public void Close(CaseOutcome outcome, string? justification, int openReferrals, Actor actor, DateTimeOffset now)
    {
        if (Status == CaseStatus.Closed)
        {
            throw new StateConflictException("case-closed", "The case is already closed.", []);
        }

        if (actor.AgencyId is not { } agencyId || !actor.IsCaseworkerOf(agencyId) || !IsLead(agencyId))
        {
            throw new ActNotPermittedException("lead-required", "Only a caseworker of the lead agency may close the case.");
        }

        if (openReferrals > 0 && string.IsNullOrWhiteSpace(justification))
        {
            throw new DomainRuleViolationException(
                "justification-required",
                $"The case has {openReferrals} open referral(s); closing it needs a written justification.");
        }

        Status = CaseStatus.Closed;
        Outcome = outcome;
        CloseJustification = string.IsNullOrWhiteSpace(justification) ? null : justification;
        ClosedAt = now;
        Changed();
        Record(new TimelineEntry(Id, null, "case.closed", now, actor, Codes.Of(outcome)));
    }

    public void EnsureOpen()
    {
        if (Status != CaseStatus.Open)
        {
            throw new StateConflictException("case-closed", "The case is closed.", []);
        }
    }
}
