using System.Linq.Expressions;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;
using CaseCoordination.Domain.Referrals;

namespace CaseCoordination.Domain.Signals;

/// <summary>The facts of a case that its signals and dashboard figures depend on (nothing personal).</summary>
public sealed record CaseFacts(
    Guid Id,
    string RegionCode,
    string MunicipalityCode,
    IntakeChannel IntakeChannel,
    bool Child,
    bool OtherNationality,
    bool ComplexNeeds,
    CaseStatus Status,
    DateTimeOffset OpenedAt,
    Guid OpenedByAgencyId,
    Guid? LeadAgencyId,
    DateTimeOffset? WithoutLeadSince,
    Guid? PendingLeadHandoverId,
    Guid? ProposedLeadAgencyId,
    DateTimeOffset? LeadHandoverProposedAt,
    bool OtherLanguage = false)
{
    /// <summary>The facts as a projection the database evaluates (so nothing personal is loaded); <see cref="Of"/> is the same, compiled.</summary>
    public static readonly Expression<Func<Case, CaseFacts>> Projection = c => new CaseFacts(
        c.Id, c.RegionCode, c.MunicipalityCode, c.IntakeChannel, c.ChildAtOpening, c.OtherNationality, c.ComplexNeeds, c.Status,
        c.OpenedAt, c.OpenedByAgencyId, c.LeadAgencyId, c.WithoutLeadSince, c.PendingLeadHandoverId, c.ProposedLeadAgencyId, c.LeadHandoverProposedAt, c.OtherLanguage);

    private static readonly Func<Case, CaseFacts> Compiled = Projection.Compile();

    public static CaseFacts Of(Case c) => Compiled(c);
}

/// <summary>The facts of a referral that its case's signals and dashboard figures depend on (no free text).</summary>
public sealed record ReferralFacts(
    Guid Id,
    Guid CaseId,
    Need Need,
    Guid FromAgencyId,
    Guid ToAgencyId,
    ReferralStatus Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset ReceiveBy,
    DateTimeOffset AnswerBy,
    DateTimeOffset FirstContactBy,
    DateTimeOffset LastEventAt,
    DateTimeOffset? EndedAt,
    int? MinutesToReceive,
    int? MinutesToAnswer,
    int? MinutesToFirstContact,
    CoverageMismatch? OutsideCoverage = null,
    bool TurnedAwayForCapacity = false)
{
    /// <summary>The facts as a projection the database evaluates (no free text is loaded); <see cref="Of"/> is the same, compiled.</summary>
    public static readonly Expression<Func<Referral, ReferralFacts>> Projection = r => new ReferralFacts(
        r.Id, r.CaseId, r.Need, r.FromAgencyId, r.ToAgencyId, r.Status, r.RequestedAt, r.ReceiveBy, r.AnswerBy, r.FirstContactBy, r.LastEventAt, r.EndedAt,
        r.MinutesToReceive, r.MinutesToAnswer, r.MinutesToFirstContact, r.OutsideCoverage, r.TurnedAwayForCapacity);

    private static readonly Func<Referral, ReferralFacts> Compiled = Projection.Compile();

    public static ReferralFacts Of(Referral r) => Compiled(r);

    /// <summary>Neither rejected nor cancelled: the receiver took, or may still take, the referral on.</summary>
    public bool NotTurnedDown => Status is not (ReferralStatus.Rejected or ReferralStatus.Cancelled);

    /// <summary>The receiver accepted it at some point (failing comes only after accepting).</summary>
    public bool WasAccepted => Status is ReferralStatus.Accepted or ReferralStatus.InProgress or ReferralStatus.Completed or ReferralStatus.Failed;
}

/// <summary>
/// A case as its signals see it: its facts, all its referrals, and which agencies are social
/// services (the child rule asks).
/// </summary>
public sealed record CaseState(CaseFacts Case, IReadOnlyCollection<ReferralFacts> Referrals, IReadOnlySet<Guid> SocialServices)
{
    /// <summary>
    /// Social services take part in the case: a social-services agency opened or leads it, or a
    /// child-protection report went to one and was not rejected or cancelled.
    /// </summary>
    public bool SocialServicesTakePart =>
        SocialServices.Contains(Case.OpenedByAgencyId)
        || (Case.LeadAgencyId is { } lead && SocialServices.Contains(lead))
        || Referrals.Any(r => r.Need == Need.ChildProtectionReport && r.NotTurnedDown && SocialServices.Contains(r.ToAgencyId));

    /// <summary>A referral for the same need was sent after <paramref name="instant"/> (the case moved on).</summary>
    public bool SentAgainAfter(Need need, DateTimeOffset instant) => Referrals.Any(n => n.Need == need && n.RequestedAt > instant);
}
