using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Domain.Tests.Support;
using Xunit;
using static CaseCoordination.Domain.Tests.Support.ReferralFixture;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// Who may move a referral: a caseworker of the receiving agency for every act but cancel, a caseworker of
/// the sending agency for cancel, and nobody else.
/// </summary>
public sealed class ReferralPermissionTests
{
    private static readonly DateTimeOffset ActAt = SentAt.AddDays(1);

    public enum Intruder
    {
        /// <summary>A caseworker of the other party: the sender for a receiver's act, the receiver for cancel.</summary>
        OtherPartyCaseworker = 1,
        UnrelatedAgencyCaseworker,
        CaseworkerWithoutAgency,

        /// <summary>A coordinator carrying the agency id of the party that may act.</summary>
        CoordinatorOfTheRightAgency,
        AuditorOfTheRightAgency,
        AdminOfTheRightAgency,
    }

    public static TheoryData<ReferralStatus, ReferralAct, Intruder> IntrudersOnLegalActs
    {
        get
        {
            var data = new TheoryData<ReferralStatus, ReferralAct, Intruder>();
            foreach (var (from, act) in ExpectedLifecycle.Legal.Keys)
            {
                foreach (var intruder in Enum.GetValues<Intruder>())
                {
                    data.Add(from, act, intruder);
                }
            }

            return data;
        }
    }

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

    private static Actor IntruderFor(ReferralAct act, Intruder intruder)
    {
        var rightAgency = act == ReferralAct.Cancel ? SendingAgencyId : ReceivingAgencyId;
        var otherParty = act == ReferralAct.Cancel ? ReceivingAgencyId : SendingAgencyId;
        return intruder switch
        {
            Intruder.OtherPartyCaseworker => new Actor("other-party-caseworker", Role.Caseworker, otherParty),
            Intruder.UnrelatedAgencyCaseworker => new Actor("unrelated-caseworker", Role.Caseworker, UnrelatedAgencyId),
            Intruder.CaseworkerWithoutAgency => new Actor("agencyless-caseworker", Role.Caseworker, null),
            Intruder.CoordinatorOfTheRightAgency => new Actor("coordinator", Role.Coordinator, rightAgency),
            Intruder.AuditorOfTheRightAgency => new Actor("auditor", Role.Auditor, rightAgency),
            Intruder.AdminOfTheRightAgency => new Actor("admin", Role.Admin, rightAgency),
            _ => throw new ArgumentOutOfRangeException(nameof(intruder), intruder, null),
        };
    }

    [Theory]
    [MemberData(nameof(IntrudersOnLegalActs))]
    public void Anyone_but_a_caseworker_of_the_right_agency_is_refused_and_nothing_changes(ReferralStatus from, ReferralAct act, Intruder intruder)
    {
        var referral = SentAndDrivenTo(from);
        var before = ReferralSnapshot.Of(referral);

        var refused = Assert.Throws<ActNotPermittedException>(() => Do(referral, act, IntruderFor(act, intruder), ActAt));

        Assert.Equal("wrong-agency", refused.Code);
        Assert.Equal(before, ReferralSnapshot.Of(referral));
    }

    [Theory]
    [MemberData(nameof(LegalTransitions))]
    public void Any_caseworker_of_the_right_agency_may_act_not_only_the_one_who_acted_before(ReferralStatus from, ReferralAct act)
    {
        var referral = SentAndDrivenTo(from);
        var colleague = new Actor("colleague", Role.Caseworker, act == ReferralAct.Cancel ? SendingAgencyId : ReceivingAgencyId);

        Do(referral, act, colleague, ActAt);

        Assert.Equal(ExpectedLifecycle.Legal[(from, act)], referral.Status);
        Assert.Equal("colleague", referral.LastEventByUserId);
        Assert.Equal("colleague", referral.RecordedEvents[^1].ActorUserId);
    }
}
