using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Domain.Tests.Support;
using Xunit;
using static CaseCoordination.Domain.Tests.Support.ReferralFixture;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// The referral lifecycle against the table of domain.md (written out in <see cref="ExpectedLifecycle"/>):
/// every legal transition does what it should, and every other (status, act) pair is refused without a trace.
/// </summary>
public sealed class ReferralLifecycleTests
{
    /// <summary>Later than every step of <see cref="ReferralFixture.SentAndDrivenTo"/>, so a new stamp is told apart from an old one.</summary>
    private static readonly DateTimeOffset ActAt = SentAt.AddDays(1);

    [Flags]
    public enum Stamps
    {
        None = 0,
        ReceivedAt = 1,
        AnsweredAt = 2,
        FirstContactAt = 4,
        EndedAt = 8,
    }

    /// <summary>Which of the lifecycle's timestamps an act sets.</summary>
    private static Stamps StampsOf(ReferralAct act) => act switch
    {
        ReferralAct.Receive => Stamps.ReceivedAt,
        ReferralAct.Accept => Stamps.AnsweredAt,
        ReferralAct.Reject => Stamps.AnsweredAt | Stamps.EndedAt,
        ReferralAct.Start => Stamps.FirstContactAt,
        ReferralAct.Complete or ReferralAct.Fail or ReferralAct.Cancel => Stamps.EndedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(act), act, null),
    };

    public static TheoryData<ReferralStatus, ReferralAct> LegalTransitions
    {
        get
        {
            var data = new TheoryData<ReferralStatus, ReferralAct>();
            foreach (var (from, act) in ExpectedLifecycle.Legal.Keys)
            {
                data.Add(from, act);
            }

            return data;
        }
    }

    public static TheoryData<ReferralStatus, ReferralAct> IllegalTransitions
    {
        get
        {
            var data = new TheoryData<ReferralStatus, ReferralAct>();
            foreach (var status in Enum.GetValues<ReferralStatus>())
            {
                foreach (var act in Enum.GetValues<ReferralAct>())
                {
                    if (!ExpectedLifecycle.Legal.ContainsKey((status, act)))
                    {
                        data.Add(status, act);
                    }
                }
            }

            return data;
        }
    }

    public static TheoryData<ReferralStatus> AllStatuses => new(Enum.GetValues<ReferralStatus>());

    [Theory]
    [MemberData(nameof(LegalTransitions))]
    public void A_legal_act_moves_the_referral_stamps_it_bumps_the_version_and_records_the_event(ReferralStatus from, ReferralAct act)
    {
        var referral = SentAndDrivenTo(from);
        var before = ReferralSnapshot.Of(referral);
        var actor = ActorFor(act);

        Do(referral, act, actor, ActAt);

        var expected = ExpectedLifecycle.Legal[(from, act)];
        Assert.Equal(expected, referral.Status);
        Assert.Equal(before.Version + 1, referral.Version);

        var stamps = StampsOf(act);
        Assert.Equal(stamps.HasFlag(Stamps.ReceivedAt) ? ActAt : before.ReceivedAt, referral.ReceivedAt);
        Assert.Equal(stamps.HasFlag(Stamps.AnsweredAt) ? ActAt : before.AnsweredAt, referral.AnsweredAt);
        Assert.Equal(stamps.HasFlag(Stamps.FirstContactAt) ? ActAt : before.FirstContactAt, referral.FirstContactAt);
        Assert.Equal(stamps.HasFlag(Stamps.EndedAt) ? ActAt : before.EndedAt, referral.EndedAt);
        Assert.Equal(SentAt, referral.RequestedAt);

        Assert.Equal(ActAt, referral.LastEventAt);
        Assert.Equal(actor.UserId, referral.LastEventByUserId);
        Assert.Equal(actor.AgencyId, referral.LastEventByAgencyId);

        var recorded = Assert.Single(referral.RecordedEvents.Skip(before.RecordedEventCount));
        Assert.Equal("referral." + ExpectedLifecycle.StatusCode(expected), recorded.Kind);
        Assert.Equal(ActAt, recorded.At);
        Assert.Equal(CaseId, recorded.CaseId);
        Assert.Equal(ReferralId, recorded.ReferralId);
        Assert.Equal(actor.UserId, recorded.ActorUserId);
        Assert.Equal(actor.AgencyId, recorded.ActorAgencyId);
        Assert.Equal(actor.Role, recorded.ActorRole);

        Assert.Equal(ExpectedLifecycle.AllowedCodesFrom(expected), referral.AllowedActs.Order(StringComparer.Ordinal));
        Assert.Equal(ExpectedLifecycle.Open.Contains(expected), referral.IsOpen);
    }

    [Theory]
    [MemberData(nameof(IllegalTransitions))]
    public void An_illegal_act_is_refused_with_the_allowed_acts_and_changes_nothing(ReferralStatus status, ReferralAct act)
    {
        var referral = SentAndDrivenTo(status);
        Assert.Equal(status, referral.Status);
        var before = ReferralSnapshot.Of(referral);

        var refused = Assert.Throws<StateConflictException>(() => Do(referral, act, ActorFor(act), ActAt));

        Assert.Equal("illegal-transition", refused.Code);
        Assert.Equal(ExpectedLifecycle.AllowedCodesFrom(status), refused.Allowed.Order(StringComparer.Ordinal));
        Assert.Equal(before, ReferralSnapshot.Of(referral));
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Every_status_is_reachable_and_offers_exactly_its_legal_acts(ReferralStatus status)
    {
        var path = ExpectedLifecycle.PathTo(status);

        var expectedKinds = new List<string> { "referral.requested" };
        var current = ReferralStatus.Requested;
        foreach (var act in path)
        {
            current = ExpectedLifecycle.Legal[(current, act)];
            expectedKinds.Add("referral." + ExpectedLifecycle.StatusCode(current));
        }

        var referral = SentAndDrivenTo(status);

        Assert.Equal(status, referral.Status);
        Assert.Equal(1 + path.Count, referral.Version);
        Assert.Equal(expectedKinds, referral.RecordedEvents.Select(e => e.Kind));
        Assert.Equal(ExpectedLifecycle.AllowedCodesFrom(status), referral.AllowedActs.Order(StringComparer.Ordinal));
        Assert.Equal(ExpectedLifecycle.Open.Contains(status), referral.IsOpen);
    }

    [Fact]
    public void A_new_referral_is_requested_at_version_one_with_one_recorded_event()
    {
        var referral = Send();

        Assert.Equal(ReferralStatus.Requested, referral.Status);
        Assert.Equal(1, referral.Version);
        Assert.Equal(SentAt, referral.RequestedAt);
        Assert.Equal(SentAt, referral.LastEventAt);
        Assert.Equal(Sender.UserId, referral.SentByUserId);
        Assert.Equal(Sender.UserId, referral.LastEventByUserId);
        Assert.Equal(SendingAgencyId, referral.LastEventByAgencyId);
        Assert.Null(referral.ReceivedAt);
        Assert.Null(referral.AnsweredAt);
        Assert.Null(referral.FirstContactAt);
        Assert.Null(referral.EndedAt);

        var requested = Assert.Single(referral.RecordedEvents);
        Assert.Equal("referral.requested", requested.Kind);
        Assert.Equal(SentAt, requested.At);
        Assert.Equal(CaseId, requested.CaseId);
        Assert.Equal(ReferralId, requested.ReferralId);
        Assert.Equal(Sender.UserId, requested.ActorUserId);
        Assert.Equal("trauma-support", requested.Detail);
    }
}
