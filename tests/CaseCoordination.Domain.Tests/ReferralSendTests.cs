using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using Xunit;
using static CaseCoordination.Domain.Tests.Support.ReferralFixture;

namespace CaseCoordination.Domain.Tests;

/// <summary>Sending a referral: its deadlines, its shared categories, and who may send it where.</summary>
public sealed class ReferralSendTests
{
    /// <summary>Different for every urgency and every step, so a mix-up shows.</summary>
    private static readonly ServiceLevels Custom = new(
        new ServiceLevel(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(45)),
        new ServiceLevel(TimeSpan.FromHours(3), TimeSpan.FromHours(7), TimeSpan.FromHours(11)),
        new ServiceLevel(TimeSpan.FromDays(1), TimeSpan.FromDays(4), TimeSpan.FromDays(9)));

    private static Referral SendFrom(Actor actor, Guid toAgencyId) => Referral.Send(
        ReferralId,
        CaseId,
        SendingAgencyId,
        toAgencyId,
        Need.Housing,
        Urgency.Urgent,
        [DataCategory.Identity],
        null,
        null,
        ServiceLevels.Default,
        actor,
        SentAt);

    [Theory]
    [InlineData(Urgency.Immediate, 2, 4, 24)]
    [InlineData(Urgency.Urgent, 24, 2 * 24, 5 * 24)]
    [InlineData(Urgency.Routine, 3 * 24, 7 * 24, 14 * 24)]
    public void The_default_service_levels_set_the_deadlines_from_the_moment_of_sending(
        Urgency urgency, int receiveHours, int answerHours, int firstContactHours)
    {
        var referral = Send(urgency, ServiceLevels.Default);

        Assert.Equal(urgency, referral.Urgency);
        Assert.Equal(SentAt.AddHours(receiveHours), referral.ReceiveBy);
        Assert.Equal(SentAt.AddHours(answerHours), referral.AnswerBy);
        Assert.Equal(SentAt.AddHours(firstContactHours), referral.FirstContactBy);
    }

    [Theory]
    [InlineData(Urgency.Immediate, 10, 25, 45)]
    [InlineData(Urgency.Urgent, 3 * 60, 7 * 60, 11 * 60)]
    [InlineData(Urgency.Routine, 1 * 1440, 4 * 1440, 9 * 1440)]
    public void Configured_service_levels_set_the_deadlines_from_the_moment_of_sending(
        Urgency urgency, int receiveMinutes, int answerMinutes, int firstContactMinutes)
    {
        var referral = Send(urgency, Custom);

        Assert.Equal(SentAt.AddMinutes(receiveMinutes), referral.ReceiveBy);
        Assert.Equal(SentAt.AddMinutes(answerMinutes), referral.AnswerBy);
        Assert.Equal(SentAt.AddMinutes(firstContactMinutes), referral.FirstContactBy);
    }

    [Fact]
    public void A_late_receipt_does_not_push_the_later_deadlines()
    {
        var referral = Send(Urgency.Routine, ServiceLevels.Default);

        referral.Receive(Receiver, SentAt.AddDays(5));

        Assert.Equal(SentAt.AddDays(3), referral.ReceiveBy);
        Assert.Equal(SentAt.AddDays(7), referral.AnswerBy);
        Assert.Equal(SentAt.AddDays(14), referral.FirstContactBy);
    }

    [Fact]
    public void Coordination_is_shared_even_when_not_asked_for()
    {
        var referral = Send(sharedCategories: []);

        Assert.Equal([DataCategory.Coordination], referral.SharedCategories);
    }

    [Fact]
    public void Coordination_is_added_to_the_requested_categories_once_without_duplicates()
    {
        var referral = Send(sharedCategories: [DataCategory.Health, DataCategory.Identity, DataCategory.Health]);

        Assert.Equal(
            [DataCategory.Coordination, DataCategory.Health, DataCategory.Identity],
            referral.SharedCategories.OrderBy(c => c.ToString(), StringComparer.Ordinal));
    }

    [Fact]
    public void Coordination_asked_for_explicitly_is_shared_once()
    {
        var referral = Send(sharedCategories: [DataCategory.Coordination, DataCategory.Situation]);

        Assert.Single(referral.SharedCategories, c => c == DataCategory.Coordination);
        Assert.Equal(2, referral.SharedCategories.Count);
    }

    [Fact]
    public void A_referral_to_the_own_agency_is_refused()
    {
        var refused = Assert.Throws<DomainRuleViolationException>(() => SendFrom(Sender, SendingAgencyId));

        Assert.Equal("referral-to-self", refused.Code);
    }

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Auditor)]
    [InlineData(Role.Admin)]
    public void Only_a_caseworker_can_send_not_another_role_of_the_sending_agency(Role role)
    {
        var refused = Assert.Throws<ActNotPermittedException>(() => SendFrom(new Actor("not-a-caseworker", role, SendingAgencyId), ReceivingAgencyId));

        Assert.Equal("caseworker-required", refused.Code);
    }

    [Fact]
    public void A_caseworker_of_another_agency_cannot_send_on_behalf_of_the_sending_agency()
    {
        var refused = Assert.Throws<ActNotPermittedException>(() =>
            SendFrom(new Actor("unrelated-caseworker", Role.Caseworker, UnrelatedAgencyId), ReceivingAgencyId));

        Assert.Equal("caseworker-required", refused.Code);
    }

    [Fact]
    public void A_sent_referral_keeps_what_it_was_sent_with()
    {
        var referral = Send(Urgency.Immediate);

        Assert.Equal(ReferralId, referral.Id);
        Assert.Equal(CaseId, referral.CaseId);
        Assert.Equal(SendingAgencyId, referral.FromAgencyId);
        Assert.Equal(ReceivingAgencyId, referral.ToAgencyId);
        Assert.Equal(Need.TraumaSupport, referral.Need);
        Assert.Equal(new SharingBasis(SharingBasisKind.Consent, ConsentId, null), referral.Basis);
        Assert.Equal("Please call her this week.", referral.Message);
        Assert.True(referral.IsPartyTo(SendingAgencyId));
        Assert.True(referral.IsPartyTo(ReceivingAgencyId));
        Assert.False(referral.IsPartyTo(UnrelatedAgencyId));
    }
}
