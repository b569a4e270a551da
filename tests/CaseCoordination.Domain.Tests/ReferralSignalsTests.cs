using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Domain.Signals;
using Xunit;
using static CaseCoordination.Domain.Tests.Support.ReferralFixture;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// The dropped-handover signals a referral shows on its own (of <see cref="SignalDefinitions"/>): each
/// opens at its deadline (inclusive) and closes once the referral moves on.
/// </summary>
public sealed class ReferralSignalsTests
{
    private static readonly TimeSpan StalledAfter = TimeSpan.FromDays(30);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly string[] OwnSignals = ["not-received", "not-answered", "no-first-contact", "stalled"];

    /// <summary>The referral's own signals open at <paramref name="now"/>, on an open case that holds only this referral.</summary>
    private static List<string> OpenAt(Referral referral, DateTimeOffset now, TimeSpan stalledAfter)
    {
        var @case = new CaseFacts(referral.CaseId, "99", "9999", default, false, false, false, CaseStatus.Open, SentAt, referral.FromAgencyId, referral.FromAgencyId, null, null, null, null);
        var windows = new SignalWindows(TimeSpan.FromDays(3), stalledAfter, TimeSpan.FromDays(1), TimeSpan.FromDays(1), TimeSpan.FromDays(14), TimeSpan.FromDays(7));
        return SignalDefinitions.OpenIn(new CaseState(@case, [ReferralFacts.Of(referral)], new HashSet<Guid>()), windows, now)
            .Where(o => o.ReferralId == referral.Id && OwnSignals.Contains(o.Code)).Select(o => o.Code).ToList();
    }

    [Fact]
    public void A_just_sent_referral_shows_no_signal()
    {
        var referral = Send();

        Assert.Empty(OpenAt(referral, SentAt, StalledAfter));
    }

    [Fact]
    public void Not_received_opens_at_the_receive_by_deadline()
    {
        var referral = Send();

        Assert.Empty(OpenAt(referral, referral.ReceiveBy - Tick, StalledAfter));
        Assert.Equal(["not-received"], OpenAt(referral, referral.ReceiveBy, StalledAfter));
        Assert.Equal(["not-received"], OpenAt(referral, referral.FirstContactBy, StalledAfter));
    }

    [Fact]
    public void Not_answered_opens_at_the_answer_by_deadline_for_a_received_referral()
    {
        var referral = Send();
        referral.Receive(Receiver, StepAt(1));

        Assert.Empty(OpenAt(referral, referral.AnswerBy - Tick, StalledAfter));
        Assert.Equal(["not-answered"], OpenAt(referral, referral.AnswerBy, StalledAfter));
    }

    [Fact]
    public void No_first_contact_opens_at_the_first_contact_by_deadline_for_an_accepted_referral()
    {
        var referral = Send();
        referral.Receive(Receiver, StepAt(1));
        referral.Accept(Receiver, StepAt(2));

        Assert.Empty(OpenAt(referral, referral.FirstContactBy - Tick, StalledAfter));
        Assert.Equal(["no-first-contact"], OpenAt(referral, referral.FirstContactBy, StalledAfter));
    }

    [Fact]
    public void Stalled_opens_when_an_in_progress_referral_has_had_no_event_for_the_stall_window()
    {
        var referral = Send();
        referral.Receive(Receiver, StepAt(1));
        referral.Accept(Receiver, StepAt(2));
        var startedAt = StepAt(3);
        referral.Start(Receiver, startedAt);

        Assert.Empty(OpenAt(referral, startedAt + StalledAfter - Tick, StalledAfter));
        Assert.Equal(["stalled"], OpenAt(referral, startedAt + StalledAfter, StalledAfter));
    }

    [Fact]
    public void The_stall_window_is_the_configured_one()
    {
        var referral = Send();
        referral.Receive(Receiver, StepAt(1));
        referral.Accept(Receiver, StepAt(2));
        referral.Start(Receiver, StepAt(3));
        var shortWindow = TimeSpan.FromSeconds(5);

        Assert.Empty(OpenAt(referral, StepAt(3) + shortWindow - Tick, shortWindow));
        Assert.Equal(["stalled"], OpenAt(referral, StepAt(3) + shortWindow, shortWindow));
    }

    [Fact]
    public void Not_received_closes_once_the_referral_is_received()
    {
        var referral = Send();
        referral.Receive(Receiver, StepAt(1));

        Assert.Empty(OpenAt(referral, referral.ReceiveBy, StalledAfter));
    }

    [Fact]
    public void Not_answered_closes_once_the_referral_is_accepted()
    {
        var referral = Send();
        referral.Receive(Receiver, StepAt(1));
        referral.Accept(Receiver, StepAt(2));

        Assert.Empty(OpenAt(referral, referral.AnswerBy, StalledAfter));
    }

    [Fact]
    public void No_first_contact_closes_once_the_first_contact_is_made()
    {
        var referral = Send();
        referral.Receive(Receiver, StepAt(1));
        referral.Accept(Receiver, StepAt(2));
        referral.Start(Receiver, StepAt(3));

        Assert.Empty(OpenAt(referral, referral.FirstContactBy, StalledAfter));
    }

    [Theory]
    [InlineData(ReferralStatus.Rejected)]
    [InlineData(ReferralStatus.Completed)]
    [InlineData(ReferralStatus.Failed)]
    [InlineData(ReferralStatus.Cancelled)]
    public void An_ended_referral_shows_none_of_its_own_signals_however_late(ReferralStatus status)
    {
        var referral = SentAndDrivenTo(status);

        Assert.Empty(OpenAt(referral, SentAt.AddYears(1), TimeSpan.FromSeconds(1)));
    }
}
