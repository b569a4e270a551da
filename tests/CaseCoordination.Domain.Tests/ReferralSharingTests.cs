using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
using CaseCoordination.Domain.Referrals;
using Xunit;
using static CaseCoordination.Domain.Tests.Support.ReferralFixture;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// Sending a referral under the sharing policy (domain.md, "Sharing and consent"): it goes to another
/// agency; identity data of a person with protected identity never crosses; a legal basis must apply to
/// the receiver and the person; a named consent must be the case's; and the consent taken must cover every
/// category. Each refusal is a 422 with its stable code and a detail written for the caller.
/// </summary>
public sealed class ReferralSharingTests
{
    private static readonly DateTimeOffset Now = SentAt;
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private static Person Adult(bool protectedIdentity = false) => PersonBorn(Today.AddYears(-30), protectedIdentity);

    private static Person Child(bool protectedIdentity = false) => PersonBorn(Today.AddYears(-15), protectedIdentity);

    private static Person PersonBorn(DateOnly? birthDate, bool protectedIdentity = false) =>
        new(Guid.NewGuid(), "Person", birthDate, null, null, "se", "sv", false, protectedIdentity, [], null);

    private static Agency ReceiverOfKind(AgencyKind kind, Guid? id = null) =>
        Agency.Create(id ?? ReceivingAgencyId, "Receiver", kind, "01", "0184", []);

    private static Consent ConsentFor(Guid agencyId, IEnumerable<DataCategory> categories, Guid? id = null) =>
        Consent.Record(id ?? ConsentId, CaseId, agencyId, null, categories, "Support.", ConsentMethod.Written, ConsentGiver.Person,
            null, null, Sender, SentAt.AddDays(-1));

    private static SharingRequest Legal(SharingBasisKind kind, params DataCategory[] categories) =>
        new(categories, kind, null, "Reasonable suspicion that a child is harmed.");

    private static SharingRequest OnConsent(Guid? consentId, params DataCategory[] categories) =>
        new(categories, SharingBasisKind.Consent, consentId, null);

    private static SharingRequest Unnamed(params DataCategory[] categories) => new(categories, null, null, null);

    private static (Referral Referral, SharingDecision Sharing) Send(
        SharingRequest request, Person? person = null, Agency? receiver = null, IReadOnlyCollection<Consent>? consents = null, Actor? actor = null) =>
        Referral.SendUnderPolicy(ReferralId, CaseId, SendingAgencyId, receiver ?? ReceiverOfKind(AgencyKind.SocialServices), person ?? Adult(),
            Need.ChildProtectionReport, Urgency.Urgent, request, consents ?? [], null, ServiceLevels.Default, actor ?? Sender, Now);

    private static DomainRuleViolationException Refused(string code, Action act)
    {
        var refused = Assert.Throws<DomainRuleViolationException>(act);
        Assert.Equal(code, refused.Code);
        Assert.Equal(RefusalKind.Unprocessable, refused.Kind);
        return refused;
    }

    // --- legal bases: which apply ---

    [Fact]
    public void A_mandatory_child_report_about_a_child_to_social_services_is_sent_on_that_basis_for_audit()
    {
        var (referral, sharing) = Send(Legal(SharingBasisKind.MandatoryChildReport, DataCategory.Identity), Child());

        var expected = new SharingBasis(SharingBasisKind.MandatoryChildReport, null, "Reasonable suspicion that a child is harmed.");
        Assert.Equal(expected, sharing.Basis);
        Assert.Equal(expected, referral.Basis);
        Assert.Null(sharing.Consent);
        Assert.True(referral.Basis!.NeedsAuditReview);
        Assert.Equal([DataCategory.Coordination, DataCategory.Identity], referral.SharedCategories);
    }

    [Fact]
    public void A_mandatory_child_report_about_a_person_of_unknown_age_is_sent_a_child_may_be_concerned()
    {
        var (referral, _) = Send(Legal(SharingBasisKind.MandatoryChildReport), PersonBorn(null));

        Assert.Equal(SharingBasisKind.MandatoryChildReport, referral.Basis!.Kind);
    }

    [Fact]
    public void A_mandatory_child_report_about_a_known_adult_is_refused()
    {
        var refused = Refused("basis-not-applicable", () => Send(Legal(SharingBasisKind.MandatoryChildReport), Adult()));

        Assert.Equal("A mandatory report about a child needs a person who is or may be a child.", refused.Message);
    }

    [Theory]
    [InlineData(AgencyKind.Police)]
    [InlineData(AgencyKind.Healthcare)]
    [InlineData(AgencyKind.Ngo)]
    public void A_mandatory_child_report_goes_to_social_services_only_even_about_a_child(AgencyKind kind)
    {
        var refused = Refused("basis-not-applicable", () => Send(Legal(SharingBasisKind.MandatoryChildReport), Child(), ReceiverOfKind(kind)));

        Assert.Equal("A mandatory report about a child can only go to a social-services agency.", refused.Message);
    }

    [Fact]
    public void A_serious_crime_is_reported_to_the_police()
    {
        var (referral, _) = Send(Legal(SharingBasisKind.SeriousCrime, DataCategory.Situation), Adult(), ReceiverOfKind(AgencyKind.Police));

        Assert.Equal(SharingBasisKind.SeriousCrime, referral.Basis!.Kind);
    }

    [Theory]
    [InlineData(AgencyKind.SocialServices)]
    [InlineData(AgencyKind.Healthcare)]
    [InlineData(AgencyKind.Ngo)]
    public void The_duty_to_inform_of_a_serious_crime_applies_to_the_police_only(AgencyKind kind)
    {
        var refused = Refused("basis-not-applicable", () => Send(Legal(SharingBasisKind.SeriousCrime), Adult(), ReceiverOfKind(kind)));

        Assert.Equal("The duty to inform of a serious crime applies to the police only.", refused.Message);
    }

    [Theory]
    [InlineData(AgencyKind.SocialServices)]
    [InlineData(AgencyKind.Healthcare)]
    [InlineData(AgencyKind.Police)]
    [InlineData(AgencyKind.Ngo)]
    public void An_emergency_applies_to_any_agency_and_about_anyone(AgencyKind kind)
    {
        var (referral, _) = Send(Legal(SharingBasisKind.Emergency, DataCategory.Health), Adult(), ReceiverOfKind(kind));

        Assert.Equal(SharingBasisKind.Emergency, referral.Basis!.Kind);
    }

    [Fact]
    public void A_legal_basis_needs_no_consent_even_when_the_case_has_none()
    {
        var (_, sharing) = Send(Legal(SharingBasisKind.Emergency, DataCategory.Health, DataCategory.Identity), Adult(), ReceiverOfKind(AgencyKind.Ngo), consents: []);

        Assert.Null(sharing.Consent);
    }

    // --- protected identity ---

    [Theory]
    [InlineData(SharingBasisKind.MandatoryChildReport)]
    [InlineData(SharingBasisKind.Emergency)]
    public void Identity_of_a_person_with_protected_identity_is_never_shared_whatever_the_basis(SharingBasisKind kind)
    {
        var refused = Refused("protected-identity", () => Send(Legal(kind, DataCategory.Identity), Child(protectedIdentity: true)));

        Assert.Equal("The person has protected identity: identity data is never shared by referral, whatever the consent says.", refused.Message);
    }

    [Fact]
    public void Identity_of_a_person_with_protected_identity_is_not_shared_on_a_consent_that_covers_it_either()
    {
        var consent = ConsentFor(ReceivingAgencyId, [DataCategory.Identity]);

        Refused("protected-identity", () => Send(OnConsent(consent.Id, DataCategory.Identity), Adult(protectedIdentity: true), consents: [consent]));
    }

    [Fact]
    public void Other_categories_of_a_person_with_protected_identity_are_shared()
    {
        var (referral, _) = Send(Legal(SharingBasisKind.MandatoryChildReport, DataCategory.Situation), Child(protectedIdentity: true));

        Assert.Equal([DataCategory.Coordination, DataCategory.Situation], referral.SharedCategories);
    }

    [Fact]
    public void Protected_identity_is_refused_before_the_basis_is_looked_at()
    {
        Refused("protected-identity", () => Send(Legal(SharingBasisKind.SeriousCrime, DataCategory.Identity), Adult(protectedIdentity: true)));
    }

    // --- to another agency ---

    [Fact]
    public void A_referral_to_the_own_agency_is_refused_before_any_sharing_rule()
    {
        var own = ReceiverOfKind(AgencyKind.SocialServices, SendingAgencyId);

        var refused = Refused("referral-to-self", () => Send(Legal(SharingBasisKind.SeriousCrime, DataCategory.Identity), Adult(protectedIdentity: true), own));

        Assert.Equal("A referral must go to another agency than the sending one.", refused.Message);
    }

    [Fact]
    public void Only_a_caseworker_of_the_sending_agency_sends_under_the_policy()
    {
        var refused = Assert.Throws<ActNotPermittedException>(() => Send(Legal(SharingBasisKind.MandatoryChildReport), Child(), actor: Receiver));

        Assert.Equal("caseworker-required", refused.Code);
    }

    // --- consent ---

    [Fact]
    public void A_named_consent_that_covers_every_category_is_the_basis_and_is_relied_on()
    {
        var consent = ConsentFor(ReceivingAgencyId, [DataCategory.Health]);

        var (referral, sharing) = Send(OnConsent(consent.Id, DataCategory.Health), consents: [ConsentFor(UnrelatedAgencyId, [DataCategory.Health], Guid.NewGuid()), consent]);

        Assert.Same(consent, sharing.Consent);
        Assert.Equal(new SharingBasis(SharingBasisKind.Consent, consent.Id, null), referral.Basis);
        Assert.False(referral.Basis!.NeedsAuditReview);
    }

    [Fact]
    public void A_named_consent_that_is_not_one_of_the_case_is_refused()
    {
        var consent = ConsentFor(ReceivingAgencyId, [DataCategory.Health]);

        var refused = Refused("consent-not-found", () => Send(OnConsent(Guid.NewGuid(), DataCategory.Health), consents: [consent]));

        Assert.Equal("No consent with that id exists for this case.", refused.Message);
    }

    [Fact]
    public void Without_a_named_basis_the_case_consent_that_covers_everything_is_taken()
    {
        var consent = ConsentFor(ReceivingAgencyId, [DataCategory.Health, DataCategory.Situation]);

        var (referral, sharing) = Send(Unnamed(DataCategory.Situation), consents: [consent]);

        Assert.Same(consent, sharing.Consent);
        Assert.Equal(new SharingBasis(SharingBasisKind.Consent, consent.Id, null), referral.Basis);
    }

    [Fact]
    public void Categories_no_consent_covers_are_refused_and_named_in_order()
    {
        var consent = ConsentFor(ReceivingAgencyId, [DataCategory.Health]);

        var refused = Refused("categories-not-covered", () => Send(Unnamed(DataCategory.Situation, DataCategory.Identity, DataCategory.Health), consents: [consent]));

        Assert.Equal("No active consent or stated legal basis covers these categories for the receiving agency: identity, situation.", refused.Message);
        var uncovered = Assert.Single(refused.Extensions);
        Assert.Equal("uncoveredCategories", uncovered.Key);
        Assert.Equal(["identity", "situation"], Assert.IsType<List<string>>(uncovered.Value));
    }

    [Fact]
    public void A_case_without_any_consent_leaves_every_category_uncovered_coordination_included()
    {
        var refused = Refused("categories-not-covered", () => Send(Unnamed(DataCategory.Health)));

        Assert.Equal(["coordination", "health"], Assert.IsType<List<string>>(refused.Extensions["uncoveredCategories"]));
    }

    // --- becoming a party (lead, proposed lead) ---

    [Fact]
    public void An_agency_becomes_a_party_on_a_consent_that_covers_coordination_for_it()
    {
        var forIt = ConsentFor(ReceivingAgencyId, [DataCategory.Health]);

        Assert.Same(forIt, SharingPolicy.ConsentToBecomeParty(ReceiverOfKind(AgencyKind.Ngo), [ConsentFor(UnrelatedAgencyId, [DataCategory.Health], Guid.NewGuid()), forIt], Now));
    }

    [Fact]
    public void An_agency_without_a_consent_for_it_does_not_become_a_party()
    {
        var other = ConsentFor(UnrelatedAgencyId, [DataCategory.Health]);

        var refused = Refused("categories-not-covered", () => SharingPolicy.ConsentToBecomeParty(ReceiverOfKind(AgencyKind.Ngo), [other], Now));

        Assert.Equal("No active consent or stated legal basis covers these categories for the proposed agency: coordination.", refused.Message);
        Assert.Equal(["coordination"], Assert.IsType<List<string>>(refused.Extensions["uncoveredCategories"]));
    }
}
