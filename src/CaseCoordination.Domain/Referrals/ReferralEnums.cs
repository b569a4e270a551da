namespace CaseCoordination.Domain.Referrals;

/// <summary>Statuses borrowed from HL7 FHIR's Task, as domain.md draws them.</summary>
public enum ReferralStatus
{
    Requested = 1,
    Received,
    Accepted,
    Rejected,
    InProgress,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>The acts that move a referral through its lifecycle.</summary>
public enum ReferralAct
{
    Receive = 1,
    Accept,
    Reject,
    Start,
    Complete,
    Fail,
    Cancel,
}

public enum Urgency
{
    Immediate = 1,
    Urgent,
    Routine,
}

public enum CompletionOutcome
{
    NeedsMet = 1,
    PartlyMet,
    PersonDeclined,
    ReferredOnward,
}

public enum FailureReason
{
    LostContact = 1,
    PersonDeclined,
    NoCapacity,
    Other,
}

/// <summary>The ground on which data is shared with the receiving agency.</summary>
public enum SharingBasisKind
{
    Consent = 1,
    MandatoryChildReport,
    Emergency,
    SeriousCrime,
}
