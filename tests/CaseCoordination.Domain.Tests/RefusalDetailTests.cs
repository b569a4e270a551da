using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using Xunit;
using static CaseCoordination.Domain.Tests.Support.ReferralFixture;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// Every refusal the domain makes explains itself: its message becomes the problem's <c>detail</c>, so a caller
/// learns what to do differently (api.md, "Errors"), and it never carries the person's data.
/// </summary>
public sealed class RefusalDetailTests
{
    private static readonly Guid LeadAgencyId = SendingAgencyId;
    private static readonly Guid OtherAgencyId = ReceivingAgencyId;
    private static readonly Actor Lead = Sender;
    private static readonly Actor Other = Receiver;
    private static readonly Actor Coordinator = new("coordinator", Role.Coordinator, null);
    private const string PersonName = "Alexandra Secret-Name";

    private static Case OpenCase(Guid? id = null) =>
        Case.Open(id ?? CaseId, "2026-7KQ4XQ", new Person(Guid.NewGuid(), PersonName, null, 1995, null, "se", "sv", false, false, [], null),
            "0184", IntakeChannel.Outreach, null, Lead, SentAt);

    private static Case ClosedCase()
    {
        var @case = OpenCase();
        @case.Close(CaseOutcome.NeedsMet, null, 0, Lead, SentAt.AddDays(1));
        return @case;
    }

    private static Case CaseWithProposal()
    {
        var @case = OpenCase();
        @case.ProposeLead(Guid.NewGuid(), OtherAgencyId, null, Lead, SentAt.AddHours(1));
        return @case;
    }

    public static TheoryData<string, Action> Refusals => new()
    {
        { "open by a coordinator", () => Case.Open(CaseId, "x", OpenCase().Person, "0184", IntakeChannel.Outreach, null, Coordinator, SentAt) },
        { "open in a bad municipality", () => Case.Open(CaseId, "x", OpenCase().Person, "18", IntakeChannel.Outreach, null, Lead, SentAt) },
        { "propose by a non-lead", () => OpenCase().ProposeLead(Guid.NewGuid(), OtherAgencyId, null, Other, SentAt.AddHours(1)) },
        { "propose while pending", () => CaseWithProposal().ProposeLead(Guid.NewGuid(), UnrelatedAgencyId, null, Lead, SentAt.AddHours(2)) },
        { "propose the lead", () => OpenCase().ProposeLead(Guid.NewGuid(), LeadAgencyId, null, Lead, SentAt.AddHours(1)) },
        { "propose on a closed case", () => ClosedCase().ProposeLead(Guid.NewGuid(), OtherAgencyId, null, Lead, SentAt.AddDays(2)) },
        { "assign by a caseworker", () => OpenCase().AssignLead(OtherAgencyId, Lead, SentAt.AddHours(1)) },
        { "assign while led", () => OpenCase().AssignLead(OtherAgencyId, Coordinator, SentAt.AddHours(1)) },
        { "answer a handover by another agency", () => { var c = OpenCase(); c.AnswerLeadHandover(c.ProposeLead(Guid.NewGuid(), OtherAgencyId, null, Lead, SentAt.AddHours(1)), true, null, Lead, SentAt.AddHours(2)); } },
        { "accept a handover of a closed case", () => { var c = OpenCase(); var h = c.ProposeLead(Guid.NewGuid(), OtherAgencyId, null, Lead, SentAt.AddHours(1)); c.Close(CaseOutcome.NeedsMet, null, 0, Lead, SentAt.AddHours(2)); c.AnswerLeadHandover(h, true, null, Other, SentAt.AddHours(3)); } },
        { "close twice", () => ClosedCase().Close(CaseOutcome.Other, null, 0, Lead, SentAt.AddDays(2)) },
        { "close by a non-lead", () => OpenCase().Close(CaseOutcome.Other, null, 0, Other, SentAt.AddDays(2)) },
        { "close with open referrals", () => OpenCase().Close(CaseOutcome.Other, null, 1, Lead, SentAt.AddDays(2)) },
        { "reject without a reason", () => SentAndDrivenTo(ReferralStatus.Received).Reject(" ", null, Receiver, SentAt.AddDays(1)) },
        { "accept a requested referral", () => Send().Accept(Receiver, SentAt.AddDays(1)) },
        { "municipality outside the region", () => Agency.Create(Guid.NewGuid(), "Somewhere", AgencyKind.Ngo, "01", "1480", []) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_refusal_has_a_detail_and_no_personal_data(string refusal, Action act)
    {
        var refused = Assert.ThrowsAny<RefusalException>(act);

        Assert.False(string.IsNullOrWhiteSpace(refused.Message), refusal);
        Assert.DoesNotContain(PersonName, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_illegal_act_names_the_status_and_the_act()
    {
        var refused = Assert.Throws<StateConflictException>(() => Send().Accept(Receiver, SentAt.AddDays(1)));

        Assert.Equal("The referral is requested; 'accept' is not allowed now.", refused.Message);
        Assert.Equal(RefusalKind.Conflict, refused.Kind);
        var allowed = Assert.Single(refused.Extensions);
        Assert.Equal("allowedTransitions", allowed.Key);
        Assert.Equal(["cancel", "receive"], Assert.IsAssignableFrom<IEnumerable<string>>(allowed.Value).Order());
    }

    [Fact]
    public void A_handover_of_another_case_is_not_answered_through_this_case()
    {
        var @case = OpenCase();
        var handover = @case.ProposeLead(Guid.NewGuid(), OtherAgencyId, null, Lead, SentAt.AddHours(1));
        var other = OpenCase(Guid.Parse("c0000000-0000-0000-0000-0000000000ff"));

        Assert.Throws<InvalidOperationException>(() => other.AnswerLeadHandover(handover, accept: true, null, Other, SentAt.AddHours(2)));

        Assert.True(handover.IsOpen);
        Assert.Equal(LeadAgencyId, other.LeadAgencyId);
    }
}
