using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Domain.Tests.Support;
using Xunit;
using static CaseCoordination.Domain.Tests.Support.ReferralFixture;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// The sharing policy (domain.md, "Sharing and consent"): which categories an agency sees in a case and on
/// which ground, and which categories of a referral its basis leaves uncovered.
/// </summary>
public sealed class SharingPolicyTests
{
    private static readonly Guid Receiver = ReceivingAgencyId;
    private static readonly DateTimeOffset Now = SentAt.AddDays(1);

    private static Consent ConsentFor(
        Guid? agency, AgencyKind? kind, IEnumerable<DataCategory> categories, DateTimeOffset? recordedAt = null, Guid? id = null) =>
        Consent.Record(id ?? ConsentId, CaseId, agency, kind, categories, "Support after the shelter stay.", ConsentMethod.Written,
            ConsentGiver.Person, null, null, Sender, recordedAt ?? SentAt);

    private static Referral LegalReferral(SharingBasisKind kind, IEnumerable<DataCategory> categories, Guid? to = null) =>
        Referral.Send(ReferralId, CaseId, SendingAgencyId, to ?? Receiver, Need.TraumaSupport, Urgency.Routine, categories,
            new SharingBasis(kind, null, "Immediate danger to life."), null, ServiceLevels.Default, Sender, SentAt);

    private static Visibility PartyView(IEnumerable<Consent>? consents = null, IEnumerable<Referral>? referrals = null, bool protectedIdentity = false) =>
        SharingPolicy.VisibleTo(Receiver, AgencyKind.Ngo, isRecordingAgency: false, isParty: true, protectedIdentity,
            consents ?? [], referrals ?? [], Now);

    [Fact]
    public void The_recording_agency_sees_every_category_on_the_ground_recording_agency()
    {
        var view = SharingPolicy.VisibleTo(Receiver, AgencyKind.Ngo, isRecordingAgency: true, isParty: true, protectedIdentity: true, [], [], Now);

        Assert.Equal(Enum.GetValues<DataCategory>().ToHashSet(), view.Categories.ToHashSet());
        Assert.Equal(["recording-agency"], view.Grounds);
    }

    [Fact]
    public void An_agency_that_takes_no_part_sees_nothing_even_with_a_consent_for_it()
    {
        var consent = ConsentFor(Receiver, null, [DataCategory.Health]);

        var view = SharingPolicy.VisibleTo(Receiver, AgencyKind.Ngo, isRecordingAgency: false, isParty: false, false, [consent], [], Now);

        Assert.Empty(view.Categories);
        Assert.Empty(view.Grounds);
    }

    [Fact]
    public void A_party_without_consent_or_legal_basis_sees_coordination_only_on_the_ground_party()
    {
        var view = PartyView();

        Assert.Equal([DataCategory.Coordination], view.Categories);
        Assert.Equal("party", view.Basis);
    }

    [Fact]
    public void An_active_consent_for_the_agency_opens_its_categories_and_names_itself_as_ground()
    {
        var consent = ConsentFor(Receiver, null, [DataCategory.Health, DataCategory.Situation]);

        var view = PartyView([consent]);

        Assert.Equal([DataCategory.Coordination, DataCategory.Situation, DataCategory.Health], view.Categories.Order());
        Assert.Equal(["consent:" + ConsentId], view.Grounds);
    }

    [Fact]
    public void A_consent_for_another_agency_or_a_withdrawn_consent_opens_nothing()
    {
        var forOther = ConsentFor(UnrelatedAgencyId, null, [DataCategory.Health], id: Guid.NewGuid());
        var withdrawn = ConsentFor(Receiver, null, [DataCategory.Situation]);
        withdrawn.Withdraw(Sender, Now.AddMinutes(-1));

        var view = PartyView([forOther, withdrawn]);

        Assert.Equal([DataCategory.Coordination], view.Categories);
        Assert.Equal("party", view.Basis);
    }

    [Fact]
    public void A_consent_that_covers_only_coordination_is_not_a_ground()
    {
        var consent = ConsentFor(Receiver, null, [DataCategory.Coordination]);

        var view = PartyView([consent]);

        Assert.Equal([DataCategory.Coordination], view.Categories);
        Assert.Equal("party", view.Basis);
    }

    [Fact]
    public void A_category_already_opened_by_one_consent_does_not_name_a_second_consent_as_ground()
    {
        var first = ConsentFor(Receiver, null, [DataCategory.Health], id: Guid.Parse("e0000000-0000-0000-0000-00000000000f"));
        var second = ConsentFor(null, AgencyKind.Ngo, [DataCategory.Health], id: Guid.Parse("e0000000-0000-0000-0000-00000000000e"));

        var view = PartyView([first, second]);

        Assert.Equal(["consent:" + first.Id], view.Grounds);
    }

    [Theory]
    [InlineData(SharingBasisKind.Emergency, "emergency")]
    [InlineData(SharingBasisKind.MandatoryChildReport, "mandatory-child-report")]
    [InlineData(SharingBasisKind.SeriousCrime, "serious-crime")]
    public void A_referral_on_a_legal_basis_opens_its_categories_to_the_receiver_on_that_basis(SharingBasisKind kind, string code)
    {
        var referral = LegalReferral(kind, [DataCategory.Identity, DataCategory.Health]);

        var view = PartyView(referrals: [referral]);

        Assert.Equal([DataCategory.Coordination, DataCategory.Identity, DataCategory.Health], view.Categories.Order());
        Assert.Equal([code], view.Grounds);
    }

    [Theory]
    [InlineData(ReferralStatus.Rejected)]
    [InlineData(ReferralStatus.Cancelled)]
    public void A_referral_on_a_legal_basis_that_was_rejected_or_cancelled_no_longer_opens_its_categories(ReferralStatus ended)
    {
        var referral = LegalReferral(SharingBasisKind.Emergency, [DataCategory.Health]);
        var path = ExpectedLifecycle.PathTo(ended);
        for (var i = 0; i < path.Count; i++)
        {
            Do(referral, path[i], ActorFor(path[i]), StepAt(i + 1));
        }

        var view = PartyView(referrals: [referral]);

        Assert.Equal([DataCategory.Coordination], view.Categories);
        Assert.Equal("party", view.Basis);
    }

    [Theory]
    [InlineData(ReferralStatus.Accepted)]
    [InlineData(ReferralStatus.Completed)]
    [InlineData(ReferralStatus.Failed)]
    public void A_referral_on_a_legal_basis_keeps_its_categories_open_after_it_was_accepted(ReferralStatus status)
    {
        var referral = LegalReferral(SharingBasisKind.Emergency, [DataCategory.Health]);
        var path = ExpectedLifecycle.PathTo(status);
        for (var i = 0; i < path.Count; i++)
        {
            Do(referral, path[i], ActorFor(path[i]), StepAt(i + 1));
        }

        Assert.Contains(DataCategory.Health, PartyView(referrals: [referral]).Categories);
    }

    [Fact]
    public void A_legal_referral_to_another_agency_opens_nothing_to_this_one()
    {
        var referral = LegalReferral(SharingBasisKind.Emergency, [DataCategory.Health], to: UnrelatedAgencyId);

        Assert.Equal([DataCategory.Coordination], PartyView(referrals: [referral]).Categories);
    }

    [Fact]
    public void A_referral_on_consent_is_no_legal_ground_even_when_passed_as_one()
    {
        var referral = Send(sharedCategories: [DataCategory.Health]);

        var view = PartyView(referrals: [referral]);

        Assert.Equal([DataCategory.Coordination], view.Categories);
        Assert.Equal("party", view.Basis);
    }

    [Fact]
    public void A_referral_without_a_basis_opens_nothing()
    {
        var referral = Referral.Send(ReferralId, CaseId, SendingAgencyId, Receiver, Need.TraumaSupport, Urgency.Routine, [DataCategory.Health],
            null, null, ServiceLevels.Default, Sender, SentAt);

        Assert.Equal([DataCategory.Coordination], PartyView(referrals: [referral]).Categories);
    }

    [Fact]
    public void A_category_opened_by_consent_names_only_the_consent_even_if_a_legal_referral_shares_it_too()
    {
        var consent = ConsentFor(Receiver, null, [DataCategory.Health]);
        var referral = LegalReferral(SharingBasisKind.Emergency, [DataCategory.Health]);

        Assert.Equal(["consent:" + ConsentId], PartyView([consent], [referral]).Grounds);
    }

    [Fact]
    public void Protected_identity_is_never_seen_by_anyone_but_the_recording_agency_whatever_the_ground()
    {
        var consent = ConsentFor(Receiver, null, [DataCategory.Identity, DataCategory.Health]);
        var referral = LegalReferral(SharingBasisKind.Emergency, [DataCategory.Identity]);

        var view = PartyView([consent], [referral], protectedIdentity: true);

        Assert.DoesNotContain(DataCategory.Identity, view.Categories);
        Assert.Contains(DataCategory.Health, view.Categories);
        Assert.Contains(DataCategory.Identity, PartyView([consent], [referral]).Categories);
    }

    [Fact]
    public void Grounds_are_listed_once_each_in_ordinal_order_and_joined_with_commas()
    {
        var consent = ConsentFor(Receiver, null, [DataCategory.Health]);
        var referral = LegalReferral(SharingBasisKind.SeriousCrime, [DataCategory.CriminalMatters, DataCategory.Situation]);

        var view = PartyView([consent], [referral]);

        Assert.Equal(["consent:" + ConsentId, "serious-crime"], view.Grounds);
        Assert.Equal("consent:" + ConsentId + ",serious-crime", view.Basis);
    }

    [Fact]
    public void Legal_grounds_are_listed_in_ordinal_order_whatever_the_order_of_the_referrals()
    {
        var crime = LegalReferral(SharingBasisKind.SeriousCrime, [DataCategory.CriminalMatters]);
        var emergency = LegalReferral(SharingBasisKind.Emergency, [DataCategory.Health]);

        Assert.Equal(["emergency", "serious-crime"], PartyView(referrals: [crime, emergency]).Grounds);
    }

    // --- Check: may a referral be sent with these categories on this basis? ---

    [Theory]
    [InlineData(SharingBasisKind.Emergency)]
    [InlineData(SharingBasisKind.MandatoryChildReport)]
    [InlineData(SharingBasisKind.SeriousCrime)]
    public void A_legal_basis_covers_every_category_it_shares_without_a_consent(SharingBasisKind kind)
    {
        var (uncovered, consent) = SharingPolicy.Check([DataCategory.Identity, DataCategory.Health], kind, null, [], Receiver, AgencyKind.Ngo, Now);

        Assert.Empty(uncovered);
        Assert.Null(consent);
    }

    [Fact]
    public void On_consent_without_any_consent_every_shared_category_is_uncovered_in_order()
    {
        var (uncovered, consent) = SharingPolicy.Check(
            [DataCategory.Health, DataCategory.Coordination, DataCategory.Identity], SharingBasisKind.Consent, null, [], Receiver, AgencyKind.Ngo, Now);

        Assert.Equal([DataCategory.Coordination, DataCategory.Identity, DataCategory.Health], uncovered);
        Assert.Null(consent);
    }

    [Fact]
    public void Without_a_named_basis_a_consent_is_required_too()
    {
        var (uncovered, _) = SharingPolicy.Check([DataCategory.Health], null, null, [], Receiver, AgencyKind.Ngo, Now);

        Assert.Equal([DataCategory.Health], uncovered);
    }

    [Fact]
    public void The_consent_of_the_case_that_covers_most_categories_is_taken_and_the_rest_is_uncovered()
    {
        var narrow = ConsentFor(Receiver, null, [DataCategory.Situation], id: Guid.Parse("e0000000-0000-0000-0000-000000000011"));
        var wide = ConsentFor(Receiver, null, [DataCategory.Situation, DataCategory.Health], id: Guid.Parse("e0000000-0000-0000-0000-000000000012"));

        var (uncovered, consent) = SharingPolicy.Check(
            [DataCategory.Situation, DataCategory.Health, DataCategory.Identity], null, null, [narrow, wide], Receiver, AgencyKind.Ngo, Now);

        Assert.Same(wide, consent);
        Assert.Equal([DataCategory.Identity], uncovered);
    }

    [Fact]
    public void Between_equally_covering_consents_the_earliest_recorded_is_taken()
    {
        var later = ConsentFor(Receiver, null, [DataCategory.Health], recordedAt: SentAt.AddHours(2), id: Guid.Parse("e0000000-0000-0000-0000-000000000021"));
        var earlier = ConsentFor(Receiver, null, [DataCategory.Health], recordedAt: SentAt.AddHours(1), id: Guid.Parse("e0000000-0000-0000-0000-000000000022"));

        var (uncovered, consent) = SharingPolicy.Check([DataCategory.Health], null, null, [later, earlier], Receiver, AgencyKind.Ngo, Now);

        Assert.Same(earlier, consent);
        Assert.Empty(uncovered);
    }

    [Fact]
    public void A_named_consent_must_cover_the_categories_itself_even_when_another_consent_would()
    {
        var named = ConsentFor(Receiver, null, [DataCategory.Situation], id: Guid.Parse("e0000000-0000-0000-0000-000000000031"));
        var other = ConsentFor(Receiver, null, [DataCategory.Situation, DataCategory.Health], id: Guid.Parse("e0000000-0000-0000-0000-000000000032"));

        var (uncovered, consent) = SharingPolicy.Check(
            [DataCategory.Situation, DataCategory.Health], SharingBasisKind.Consent, named, [named, other], Receiver, AgencyKind.Ngo, Now);

        Assert.Same(named, consent);
        Assert.Equal([DataCategory.Health], uncovered);
    }

    [Fact]
    public void A_consent_for_another_agency_covers_nothing_for_the_receiver()
    {
        var other = ConsentFor(UnrelatedAgencyId, null, [DataCategory.Health]);

        var (uncovered, _) = SharingPolicy.Check([DataCategory.Coordination, DataCategory.Health], null, null, [other], Receiver, AgencyKind.Ngo, Now);

        Assert.Equal([DataCategory.Coordination, DataCategory.Health], uncovered);
    }
}
