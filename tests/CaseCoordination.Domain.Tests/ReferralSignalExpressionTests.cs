using CaseCoordination.Domain.Referrals;
using Xunit;
using static CaseCoordination.Domain.Tests.Support.ReferralFixture;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// One definition per signal: the one-argument predicates the database receives for lists and dashboards open
/// exactly where the in-memory evaluation of a referral does, at every status and on both sides of each deadline.
/// </summary>
public sealed class ReferralSignalExpressionTests
{
    private static readonly TimeSpan StalledAfter = TimeSpan.FromDays(30);

    public static TheoryData<ReferralStatus> Statuses => new(Enum.GetValues<ReferralStatus>());

    [Theory]
    [MemberData(nameof(Statuses))]
    public void The_database_predicates_agree_with_the_in_memory_signals(ReferralStatus status)
    {
        var referral = SentAndDrivenTo(status);
        var instants = new[]
        {
            SentAt, referral.ReceiveBy - TimeSpan.FromTicks(1), referral.ReceiveBy, referral.AnswerBy, referral.FirstContactBy,
            referral.LastEventAt + StalledAfter - TimeSpan.FromTicks(1), referral.LastEventAt + StalledAfter,
        };

        foreach (var now in instants)
        {
            var fromPredicates = new List<string>();
            if (ReferralSignals.IsNotReceived(now).Compile()(referral))
            {
                fromPredicates.Add(ReferralSignals.NotReceived);
            }

            if (ReferralSignals.IsNotAnswered(now).Compile()(referral))
            {
                fromPredicates.Add(ReferralSignals.NotAnswered);
            }

            if (ReferralSignals.HasNoFirstContact(now).Compile()(referral))
            {
                fromPredicates.Add(ReferralSignals.NoFirstContact);
            }

            if (ReferralSignals.IsStalled(now - StalledAfter).Compile()(referral))
            {
                fromPredicates.Add(ReferralSignals.Stalled);
            }

            Assert.Equal(ReferralSignals.OpenAt(referral, now, StalledAfter), fromPredicates);
        }
    }

    [Fact]
    public void A_requested_referral_past_its_receive_by_is_not_received_in_the_database_predicate()
    {
        var referral = Send();

        Assert.False(ReferralSignals.IsNotReceived(referral.ReceiveBy - TimeSpan.FromTicks(1)).Compile()(referral));
        Assert.True(ReferralSignals.IsNotReceived(referral.ReceiveBy).Compile()(referral));
        Assert.Single(ReferralSignals.IsNotReceived(referral.ReceiveBy).Parameters);
    }
}
