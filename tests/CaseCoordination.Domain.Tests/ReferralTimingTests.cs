using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using Xunit;
using static CaseCoordination.Domain.Tests.Support.ReferralFixture;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// The handover times the dashboards' medians are built from (domain.md, "Dashboards"): minutes from sent to
/// received, from received to answered, from accepted to first contact; and the order in which a refused act
/// explains itself.
/// </summary>
public sealed class ReferralTimingTests
{
    [Fact]
    public void Each_step_is_timed_from_the_step_before_it_in_whole_minutes()
    {
        var referral = Send();

        referral.Receive(Receiver, SentAt.AddMinutes(90));
        referral.Accept(Receiver, SentAt.AddMinutes(90 + 45));
        referral.Start(Receiver, SentAt.AddMinutes(90 + 45 + 600));

        Assert.Equal(90, referral.MinutesToReceive);
        Assert.Equal(45, referral.MinutesToAnswer);
        Assert.Equal(600, referral.MinutesToFirstContact);
    }

    [Fact]
    public void A_rejection_is_timed_from_the_receipt()
    {
        var referral = Send();
        referral.Receive(Receiver, SentAt.AddMinutes(30));

        referral.Reject("No capacity.", null, Receiver, SentAt.AddMinutes(30 + 20));

        Assert.Equal(20, referral.MinutesToAnswer);
    }

    [Fact]
    public void Minutes_are_rounded_to_the_nearest_minute()
    {
        var referral = Send();

        referral.Receive(Receiver, SentAt.AddSeconds(89));

        Assert.Equal(1, referral.MinutesToReceive);
    }

    [Fact]
    public void An_act_stamped_before_the_step_it_follows_counts_as_zero_minutes_never_negative()
    {
        var referral = Send();

        referral.Receive(Receiver, SentAt.AddMinutes(-5));

        Assert.Equal(0, referral.MinutesToReceive);
    }

    [Fact]
    public void Who_may_reject_is_checked_before_the_reason()
    {
        var referral = Send();
        referral.Receive(Receiver, StepAt(1));

        var refused = Assert.Throws<ActNotPermittedException>(() => referral.Reject(" ", null, Sender, StepAt(2)));

        Assert.Equal("wrong-agency", refused.Code);
        Assert.Contains("receiving agency may reject", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ReferralStatus.Received, referral.Status);
    }

    [Fact]
    public void Whether_the_state_allows_a_rejection_is_checked_before_the_reason()
    {
        var referral = Send();

        var refused = Assert.Throws<StateConflictException>(() => referral.Reject(" ", null, Receiver, StepAt(1)));

        Assert.Equal("illegal-transition", refused.Code);
        Assert.Contains("requested", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["cancel", "receive"], refused.Allowed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_refused_cancel_names_the_sending_agency_and_a_refused_receive_the_receiving_one()
    {
        var cancel = Assert.Throws<ActNotPermittedException>(() => Send().Cancel(null, Receiver, StepAt(1)));
        var receive = Assert.Throws<ActNotPermittedException>(() => Send().Receive(Sender, StepAt(1)));

        Assert.Contains("sending agency may cancel", cancel.Message, StringComparison.Ordinal);
        Assert.Contains("receiving agency may receive", receive.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_send_explains_itself()
    {
        var notCaseworker = Assert.Throws<ActNotPermittedException>(() => Referral.Send(ReferralId, CaseId, SendingAgencyId, ReceivingAgencyId,
            Need.Housing, Urgency.Routine, [], null, null, ServiceLevels.Default, Receiver, SentAt));
        var toSelf = Assert.Throws<DomainRuleViolationException>(() => Referral.Send(ReferralId, CaseId, SendingAgencyId, SendingAgencyId,
            Need.Housing, Urgency.Routine, [], null, null, ServiceLevels.Default, Sender, SentAt));

        Assert.False(string.IsNullOrWhiteSpace(notCaseworker.Message));
        Assert.False(string.IsNullOrWhiteSpace(toSelf.Message));
    }
}
