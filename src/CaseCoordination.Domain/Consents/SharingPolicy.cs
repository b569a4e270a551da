using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;

namespace CaseCoordination.Domain.Consents;

/// <summary>
/// Which data categories may reach an agency, and on which ground. One policy serves both sharing
/// (sending a referral) and reading (filtering a case), so the two can never disagree.
/// </summary>
public static class SharingPolicy
{
    public static readonly IReadOnlyList<DataCategory> AllCategories = Enum.GetValues<DataCategory>();

    /// <summary>The categories the agency may see in a case now, and the grounds (for the access log).</summary>
    /// <param name="isRecordingAgency">The agency opened the case and recorded the data itself.</param>
    /// <param name="isParty">The agency takes part in the case.</param>
    /// <param name="protectedIdentity">Protected identity: identity is never seen by anyone but the recording agency.</param>
    /// <param name="consents">The case's consents (any state).</param>
    /// <param name="legalReferrals">Referrals to the agency that shared under a legal basis and were not rejected or cancelled.</param>
    public static Visibility VisibleTo(
        Guid agencyId,
        AgencyKind agencyKind,
        bool isRecordingAgency,
        bool isParty,
        bool protectedIdentity,
        IEnumerable<Consent> consents,
        IEnumerable<Referral> legalReferrals,
        DateTimeOffset now)
    {
        if (isRecordingAgency)
        {
            return new Visibility(AllCategories.ToHashSet(), ["recording-agency"]);
        }

        if (!isParty)
        {
            return new Visibility(new HashSet<DataCategory>(), []);
        }

        var visible = new HashSet<DataCategory> { DataCategory.Coordination };
        var grounds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var consent in consents)
        {
            foreach (var category in consent.Categories)
            {
                if (category != DataCategory.Coordination && consent.Covers(agencyId, agencyKind, category, now) && visible.Add(category))
                {
                    grounds.Add("consent:" + consent.Id);
                }
            }
        }

        foreach (var referral in legalReferrals)
        {
            var legalBasis = LegalBasisOpeningTo(referral, agencyId);
            if (legalBasis is null)
            {
                continue;
            }

            foreach (var category in referral.SharedCategories.Where(c => c != DataCategory.Coordination))
            {
                if (visible.Add(category))
                {
                    grounds.Add(Codes.Of(legalBasis.GetValueOrDefault()));
                }
            }
        }

        if (protectedIdentity)
        {
            visible.Remove(DataCategory.Identity);
        }

        if (grounds.Count == 0)
        {
            grounds.Add("party");
        }

        return new Visibility(visible, grounds.ToList());
    }

    /// <summary>
    /// Decides the basis a referral shares on, or refuses it (422). In this order: identity data of a
    /// person with protected identity is never shared by referral (<c>protected-identity</c>); a legal
    /// basis must apply to the receiver and the person (<c>basis-not-applicable</c>) and then covers what
    /// it shares; a named consent must be one of the case's (<c>consent-not-found</c>); and the consent
    /// taken must cover every category, coordination included (<c>categories-not-covered</c>).
    /// </summary>
    /// <param name="caseConsents">Every consent recorded in the case (any state).</param>
    public static SharingDecision ForReferral(
        SharingRequest request, Person person, Agency receiver, IReadOnlyCollection<Consent> caseConsents, DateTimeOffset now)
    {
        var shared = Referral.CategoriesToShare(request.Categories);
        EnsureIdentityStaysProtected(person, shared);
        var kind = request.BasisKind;
        if (kind is not null and not SharingBasisKind.Consent)
        {
            var legal = kind.GetValueOrDefault();
            EnsureApplies(legal, receiver.Kind, person.IsChildOn(DateOnly.FromDateTime(now.UtcDateTime)));
            return new SharingDecision(new SharingBasis(legal, null, request.Justification), null);
        }

        var named = kind == SharingBasisKind.Consent
            ? caseConsents.SingleOrDefault(c => c.Id == request.ConsentId)
                ?? throw new DomainRuleViolationException("consent-not-found", "No consent with that id exists for this case.")
            : null;
        var consent = ConsentCovering(shared, named, caseConsents, receiver, now, "the receiving agency");
        return new SharingDecision(new SharingBasis(SharingBasisKind.Consent, consent.Id, null), consent);
    }

    /// <summary>
    /// The consent on which an agency that takes no part yet may become a party (made lead, or proposed
    /// as lead): like a referral, that needs an active consent covering <c>coordination</c> for it
    /// (422 <c>categories-not-covered</c> otherwise).
    /// </summary>
    public static Consent ConsentToBecomeParty(Agency agency, IEnumerable<Consent> caseConsents, DateTimeOffset now) =>
        ConsentCovering([DataCategory.Coordination], null, caseConsents, agency, now, "the proposed agency");

    /// <summary>Identity data of a person with protected identity is never shared by referral, whatever the consent says.</summary>
    public static void EnsureIdentityStaysProtected(Person person, IReadOnlyCollection<DataCategory> shared)
    {
        if (person.ProtectedIdentity && shared.Contains(DataCategory.Identity))
        {
            throw new DomainRuleViolationException(
                "protected-identity",
                "The person has protected identity: identity data is never shared by referral, whatever the consent says.");
        }
    }

    /// <summary>
    /// Whether a legal basis applies: a mandatory child report goes to social services only, and not
    /// about a person known to be an adult (an unknown age may be a child's); the duty to inform of a
    /// serious crime applies to the police only; an emergency applies to any agency.
    /// </summary>
    /// <param name="isChild">Whether the person is a child now; null when the age is unknown.</param>
    public static void EnsureApplies(SharingBasisKind basis, AgencyKind receiverKind, bool? isChild)
    {
        switch (basis)
        {
            case SharingBasisKind.MandatoryChildReport when receiverKind != AgencyKind.SocialServices:
                throw NotApplicable("A mandatory report about a child can only go to a social-services agency.");
            case SharingBasisKind.MandatoryChildReport when isChild == false:
                throw NotApplicable("A mandatory report about a child needs a person who is or may be a child.");
            case SharingBasisKind.SeriousCrime when receiverKind != AgencyKind.Police:
                throw NotApplicable("The duty to inform of a serious crime applies to the police only.");
        }
    }

    private static DomainRuleViolationException NotApplicable(string message) => new("basis-not-applicable", message);

    /// <summary>The consent that covers every shared category for the agency, or the refusal naming each uncovered one.</summary>
    private static Consent ConsentCovering(
        IReadOnlyCollection<DataCategory> shared, Consent? named, IEnumerable<Consent> caseConsents, Agency receiver, DateTimeOffset now, string recipient)
    {
        var (uncovered, consent) = Check(shared, SharingBasisKind.Consent, named, caseConsents, receiver.Id, receiver.Kind, now);
        if (uncovered.Count > 0 || consent is null)
        {
            var codes = uncovered.Select(Codes.Of).ToList();
            throw new DomainRuleViolationException(
                "categories-not-covered",
                $"No active consent or stated legal basis covers these categories for {recipient}: " + string.Join(", ", codes) + ".",
                new Dictionary<string, object?> { ["uncoveredCategories"] = codes });
        }

        return consent;
    }

    /// <summary>
    /// The legal basis on which a referral opens what it shared to the agency: a referral to that
    /// agency, on a legal basis (not consent), that was not rejected or cancelled. Null when it opens nothing.
    /// </summary>
    private static SharingBasisKind? LegalBasisOpeningTo(Referral referral, Guid agencyId)
    {
        var basis = referral.Basis;
        var opens = referral.ToAgencyId == agencyId
            && basis is not null && basis.Kind != SharingBasisKind.Consent
            && referral.Status is not (ReferralStatus.Rejected or ReferralStatus.Cancelled);
        return opens ? basis?.Kind : null;
    }

    /// <summary>
    /// The categories of a referral that its basis does not cover for the receiving agency. Empty means
    /// the referral may be sent. Coordination is always among the shared categories, because a
    /// referral makes the receiver a party.
    /// </summary>
    /// <remarks>
    /// A legal basis covers what it shares (it is justified, recorded and reviewed instead). A named
    /// consent must cover every category itself. Without a named basis, the one consent of the case
    /// that covers most of the categories is taken, and it must cover them all.
    /// </remarks>
    public static (IReadOnlyList<DataCategory> Uncovered, Consent? Consent) Check(
        IReadOnlyCollection<DataCategory> shared,
        SharingBasisKind? basis,
        Consent? namedConsent,
        IEnumerable<Consent> caseConsents,
        Guid receiverId,
        AgencyKind receiverKind,
        DateTimeOffset now)
    {
        if (basis is not null and not SharingBasisKind.Consent)
        {
            return ([], null);
        }

        var best = namedConsent ?? caseConsents
            .OrderByDescending(c => shared.Count(category => c.Covers(receiverId, receiverKind, category, now)))
            .ThenBy(c => c.RecordedAt)
            .FirstOrDefault();
        var uncovered = shared.Where(category => best is null || !best.Covers(receiverId, receiverKind, category, now)).Order().ToList();
        return (uncovered, best);
    }
}

/// <summary>What a sender asks to share by referral, and on which basis, as the request states it.</summary>
/// <param name="Categories">The categories asked for; coordination is always added.</param>
/// <param name="BasisKind">The stated basis; none means "the case's consent that covers most".</param>
/// <param name="ConsentId">The consent named when the basis is a consent.</param>
/// <param name="Justification">The written justification of a legal basis.</param>
public sealed record SharingRequest(IEnumerable<DataCategory> Categories, SharingBasisKind? BasisKind, Guid? ConsentId, string? Justification);

/// <summary>The basis a referral is sent on, and the consent it relies on (none for a legal basis).</summary>
public sealed record SharingDecision(SharingBasis Basis, Consent? Consent);

public sealed record Visibility(IReadOnlySet<DataCategory> Categories, IReadOnlyList<string> Grounds)
{
    public string Basis => string.Join(",", Grounds);
}
