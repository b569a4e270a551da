namespace CaseCoordination.Domain.Common;

/// <summary>The roles of domain.md; the token claim <c>role</c> carries them in kebab case.</summary>
public enum Role
{
    Caseworker = 1,
    Coordinator,
    Auditor,
    Admin,
}

/// <summary>The data categories that consent and legal bases cover.</summary>
public enum DataCategory
{
    Coordination = 1,
    Identity,
    Situation,
    Health,
    CriminalMatters,
}

/// <summary>What an agency can be asked to take on, and what a referral asks for.</summary>
public enum Need
{
    ChildProtectionReport = 1,
    TraumaSupport,
    Healthcare,
    SexualHealth,
    Psychiatry,
    SubstanceUse,
    Housing,
    Shelter,
    LegalSupport,
    PoliceReport,
    FinancialSupport,
    Interpreter,
    Other,
}
