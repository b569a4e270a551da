using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.LeadHandovers;
using CaseCoordination.Domain.Signals;
using Xunit;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// A change of lead (domain.md, "Lead agency"): proposed by the lead's caseworker or a coordinator, answered by
/// a caseworker of the proposed agency; the current lead stays responsible until it accepts, so there is no gap.
/// </summary>
public sealed class LeadHandoverTests
{
    private static readonly Guid CaseId = Guid.Parse("c0000000-0000-0000-0000-000000000003");
    private static readonly Guid HandoverId = Guid.Parse("b0000000-0000-0000-0000-000000000003");
    private static readonly Guid LeadAgencyId = Guid.Parse("a0000000-0000-0000-0000-00000000002a");
    private static readonly Guid ProposedAgencyId = Guid.Parse("a0000000-0000-0000-0000-00000000002b");
    private static readonly Guid OtherAgencyId = Guid.Parse("a0000000-0000-0000-0000-00000000002c");
    private static readonly Actor LeadCaseworker = new("lead-caseworker", Role.Caseworker, LeadAgencyId);
    private static readonly Actor ProposedCaseworker = new("proposed-caseworker", Role.Caseworker, ProposedAgencyId);
    private static readonly Actor Coordinator = new("coordinator", Role.Coordinator, null);

    private static readonly DateTimeOffset OpenedAt = new(2026, 2, 3, 14, 30, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset ProposedAt = OpenedAt.AddDays(1);
    private static readonly DateTimeOffset AnsweredAt = OpenedAt.AddDays(2);

    private static Case OpenCase()
    {
        var person = new Person(Guid.Parse("d0000000-0000-0000-0000-000000000003"), "Alex", null, 1995, null, "se", "sv",
            needsInterpreter: false, protectedIdentity: false, [], firstExploitedAsChild: null);
        var @case = Case.Open(CaseId, "2026-7KQ4XN", person, "0184", IntakeChannel.Outreach, null, LeadCaseworker, OpenedAt);
        @case.ClearRecordedEvents();
        return @case;
    }

    private static (Case Case, LeadHandover Handover) Proposed(Actor? by = null)
    {
        var @case = OpenCase();
        var handover = @case.ProposeLead(HandoverId, ProposedAgencyId, "Moving to the shelter's municipality.", by ?? LeadCaseworker, ProposedAt);
        @case.ClearRecordedEvents();
        return (@case, handover);
    }

    [Fact]
    public void A_proposal_keeps_the_current_lead_responsible_and_marks_the_case_pending()
    {
        var @case = OpenCase();

        var handover = @case.ProposeLead(HandoverId, ProposedAgencyId, "Moving.", LeadCaseworker, ProposedAt);

        Assert.Equal(LeadAgencyId, @case.LeadAgencyId);
        Assert.Equal(HandoverId, @case.PendingLeadHandoverId);
        Assert.Equal(ProposedAgencyId, @case.ProposedLeadAgencyId);
        Assert.Equal(ProposedAt, @case.LeadHandoverProposedAt);
        Assert.Equal(2, @case.Version);
        var proposed = Assert.Single(@case.RecordedEvents);
        Assert.Equal("lead.proposed", proposed.Kind);
        Assert.Equal(ProposedAgencyId.ToString(), proposed.Detail);

        Assert.True(handover.IsOpen);
        Assert.Equal(LeadHandoverStatus.Proposed, handover.Status);
        Assert.Equal(CaseId, handover.CaseId);
        Assert.Equal(LeadAgencyId, handover.FromAgencyId);
        Assert.Equal(ProposedAgencyId, handover.ToAgencyId);
        Assert.Equal("Moving.", handover.Reason);
        Assert.Equal(ProposedAt, handover.ProposedAt);
        Assert.Equal(LeadCaseworker.UserId, handover.ProposedByUserId);
        Assert.Equal(LeadAgencyId, handover.ProposedByAgencyId);
        Assert.Equal(Role.Caseworker, handover.ProposedByRole);
        Assert.Null(handover.AnsweredAt);
    }

    [Fact]
    public void A_coordinator_of_the_region_may_propose_a_new_lead()
    {
        var (_, handover) = Proposed(Coordinator);

        Assert.Equal(Role.Coordinator, handover.ProposedByRole);
        Assert.Null(handover.ProposedByAgencyId);
    }

    [Theory]
    [InlineData(Role.Caseworker, "a0000000-0000-0000-0000-00000000002c")]
    [InlineData(Role.Auditor, "a0000000-0000-0000-0000-00000000002a")]
    [InlineData(Role.Admin, "a0000000-0000-0000-0000-00000000002a")]
    public void Nobody_but_the_leads_caseworker_or_a_coordinator_may_propose(Role role, string agency)
    {
        var @case = OpenCase();

        var refused = Assert.Throws<ActNotPermittedException>(() =>
            @case.ProposeLead(HandoverId, ProposedAgencyId, null, new Actor("intruder", role, Guid.Parse(agency)), ProposedAt));

        Assert.Equal("lead-required", refused.Code);
        Assert.Null(@case.PendingLeadHandoverId);
        Assert.Empty(@case.RecordedEvents);
    }

    [Fact]
    public void A_second_proposal_waits_until_the_first_is_answered()
    {
        var (@case, _) = Proposed();

        var refused = Assert.Throws<StateConflictException>(() => @case.ProposeLead(Guid.NewGuid(), OtherAgencyId, null, LeadCaseworker, ProposedAt));

        Assert.Equal("handover-pending", refused.Code);
        Assert.Equal(HandoverId, @case.PendingLeadHandoverId);
    }

    [Fact]
    public void The_lead_cannot_be_proposed_to_itself()
    {
        var refused = Assert.Throws<DomainRuleViolationException>(() => OpenCase().ProposeLead(HandoverId, LeadAgencyId, null, LeadCaseworker, ProposedAt));

        Assert.Equal("already-lead", refused.Code);
    }

    [Fact]
    public void Accepting_makes_the_proposed_agency_the_lead_in_the_same_step()
    {
        var (@case, handover) = Proposed();

        @case.AnswerLeadHandover(handover, accept: true, "ignored on accept", ProposedCaseworker, AnsweredAt);

        Assert.Equal(LeadHandoverStatus.Accepted, handover.Status);
        Assert.False(handover.IsOpen);
        Assert.Null(handover.DeclineReason);
        Assert.Equal(AnsweredAt, handover.AnsweredAt);
        Assert.Equal(2, handover.Version);

        Assert.Equal(ProposedAgencyId, @case.LeadAgencyId);
        Assert.Equal(AnsweredAt, @case.LeadSince);
        Assert.Null(@case.PendingLeadHandoverId);
        Assert.Null(@case.ProposedLeadAgencyId);
        Assert.Null(@case.LeadHandoverProposedAt);
        var accepted = Assert.Single(@case.RecordedEvents);
        Assert.Equal("lead.accepted", accepted.Kind);
        Assert.Equal(ProposedAgencyId.ToString(), accepted.Detail);
    }

    [Fact]
    public void Declining_keeps_the_current_lead_and_the_reason()
    {
        var (@case, handover) = Proposed();
        var versionBefore = @case.Version;

        @case.AnswerLeadHandover(handover, accept: false, "No capacity.", ProposedCaseworker, AnsweredAt);

        Assert.Equal(LeadHandoverStatus.Declined, handover.Status);
        Assert.Equal("No capacity.", handover.DeclineReason);
        Assert.Equal(AnsweredAt, handover.AnsweredAt);
        Assert.Equal(LeadAgencyId, @case.LeadAgencyId);
        Assert.Equal(OpenedAt, @case.LeadSince);
        Assert.Null(@case.PendingLeadHandoverId);
        Assert.Equal(versionBefore + 1, @case.Version);
        Assert.Equal("lead.declined", Assert.Single(@case.RecordedEvents).Kind);
    }

    [Theory]
    [InlineData(Role.Caseworker, "a0000000-0000-0000-0000-00000000002a")]
    [InlineData(Role.Caseworker, "a0000000-0000-0000-0000-00000000002c")]
    [InlineData(Role.Coordinator, "a0000000-0000-0000-0000-00000000002b")]
    public void Only_a_caseworker_of_the_proposed_agency_may_answer_and_nothing_changes_otherwise(Role role, string agency)
    {
        var (@case, handover) = Proposed();

        var refused = Assert.Throws<ActNotPermittedException>(() =>
            @case.AnswerLeadHandover(handover, accept: true, null, new Actor("intruder", role, Guid.Parse(agency)), AnsweredAt));

        Assert.Equal("wrong-agency", refused.Code);
        Assert.True(handover.IsOpen);
        Assert.Null(handover.AnsweredAt);
        Assert.Equal(LeadAgencyId, @case.LeadAgencyId);
        Assert.Equal(HandoverId, @case.PendingLeadHandoverId);
        Assert.Empty(@case.RecordedEvents);
    }

    [Fact]
    public void A_handover_is_answered_once()
    {
        var (@case, handover) = Proposed();
        @case.AnswerLeadHandover(handover, accept: false, "No capacity.", ProposedCaseworker, AnsweredAt);

        var refused = Assert.Throws<StateConflictException>(() =>
            @case.AnswerLeadHandover(handover, accept: true, null, ProposedCaseworker, AnsweredAt.AddHours(1)));

        Assert.Equal("handover-answered", refused.Code);
        Assert.Contains("declined", refused.Message, StringComparison.Ordinal);
        Assert.Equal(LeadHandoverStatus.Declined, handover.Status);
        Assert.Equal(AnsweredAt, handover.AnsweredAt);
        Assert.Equal(LeadAgencyId, @case.LeadAgencyId);
    }

    [Fact]
    public void A_closed_case_cannot_be_handed_over_but_a_late_decline_is_still_recorded()
    {
        var (@case, handover) = Proposed();
        @case.Close(CaseOutcome.MovedAway, null, 0, LeadCaseworker, AnsweredAt);

        var refused = Assert.Throws<StateConflictException>(() => @case.AnswerLeadHandover(handover, accept: true, null, ProposedCaseworker, AnsweredAt.AddHours(1)));
        Assert.Equal("case-closed", refused.Code);
        Assert.Throws<StateConflictException>(() => @case.ProposeLead(Guid.NewGuid(), OtherAgencyId, null, LeadCaseworker, AnsweredAt.AddHours(1)));

        @case.AnswerLeadHandover(handover, accept: false, "Closed anyway.", ProposedCaseworker, AnsweredAt.AddHours(2));
        Assert.Equal(LeadHandoverStatus.Declined, handover.Status);
        Assert.Equal(LeadAgencyId, @case.LeadAgencyId);
    }

    private static readonly Actor Admin = new("admin", Role.Admin, null);
    private static readonly DateTimeOffset LostAt = OpenedAt.AddDays(2);
    private static readonly DateTimeOffset AssignedAt = OpenedAt.AddDays(3);

    /// <summary>The case's signal codes as its read model would hold them (due or not).</summary>
    private static List<string> SignalsOf(Case @case) =>
        SignalDefinitions.OccurrencesIn(new CaseState(CaseFacts.Of(@case), [], new HashSet<Guid>()),
                new SignalWindows(TimeSpan.FromDays(3), TimeSpan.FromDays(30), TimeSpan.FromDays(1), TimeSpan.FromDays(1), TimeSpan.FromDays(14), TimeSpan.FromDays(7)))
            .Select(o => o.Code).ToList();

    [Fact]
    public void An_assignment_supersedes_the_open_proposal_so_the_proposed_agency_cannot_take_the_lead_over_it()
    {
        var (@case, handover) = Proposed();
        @case.LoseLead(Admin, LostAt);
        @case.ClearRecordedEvents();
        Assert.Contains("lead-handover-pending", SignalsOf(@case));

        @case.AssignLead(OtherAgencyId, Coordinator, AssignedAt, handover);

        Assert.Equal(OtherAgencyId, @case.LeadAgencyId);
        Assert.Null(@case.PendingLeadHandoverId);
        Assert.Null(@case.ProposedLeadAgencyId);
        Assert.Null(@case.LeadHandoverProposedAt);
        Assert.DoesNotContain("lead-handover-pending", SignalsOf(@case));
        Assert.Equal(LeadHandoverStatus.Superseded, handover.Status);
        Assert.False(handover.IsOpen);
        Assert.Null(handover.AnsweredAt);
        Assert.Equal(2, handover.Version);
        Assert.Equal(["lead.assigned", "lead.superseded"], @case.RecordedEvents.Select(e => e.Kind));
        Assert.Equal(ProposedAgencyId.ToString(), @case.RecordedEvents[1].Detail);
        Assert.Equal(Coordinator.UserId, @case.RecordedEvents[1].ActorUserId);

        // Accepting afterwards is refused with its own code, and so is declining: the assignment stands.
        foreach (var accept in new[] { true, false })
        {
            var refused = Assert.Throws<StateConflictException>(() => @case.AnswerLeadHandover(handover, accept, null, ProposedCaseworker, AssignedAt.AddHours(1)));
            Assert.Equal("handover-superseded", refused.Code);
        }

        Assert.Equal(OtherAgencyId, @case.LeadAgencyId);
        Assert.Equal(LeadHandoverStatus.Superseded, handover.Status);

        // The case is free for a new proposal.
        @case.ProposeLead(Guid.NewGuid(), ProposedAgencyId, null, Coordinator, AssignedAt.AddHours(2));
    }

    [Fact]
    public void An_assignment_must_be_given_the_open_proposal_it_supersedes()
    {
        var (@case, handover) = Proposed();
        @case.LoseLead(Admin, LostAt);
        var version = @case.Version;

        Assert.Throws<InvalidOperationException>(() => @case.AssignLead(OtherAgencyId, Coordinator, AssignedAt));

        Assert.Null(@case.LeadAgencyId);
        Assert.Equal(version, @case.Version);
        Assert.True(handover.IsOpen);
        Assert.Throws<InvalidOperationException>(() => OpenCaseWithoutLead().AssignLead(OtherAgencyId, Coordinator, AssignedAt, handover));
    }

    private static Case OpenCaseWithoutLead()
    {
        var @case = OpenCase();
        @case.LoseLead(Admin, LostAt);
        return @case;
    }

    [Fact]
    public void A_proposal_to_an_agency_that_leaves_the_cooperation_is_superseded_and_the_lead_stays()
    {
        var (@case, handover) = Proposed();
        var version = @case.Version;

        @case.ProposedLeadLeft(handover, Admin, LostAt);

        Assert.Equal(LeadAgencyId, @case.LeadAgencyId);
        Assert.Equal(OpenedAt, @case.LeadSince);
        Assert.Null(@case.PendingLeadHandoverId);
        Assert.Null(@case.ProposedLeadAgencyId);
        Assert.DoesNotContain("lead-handover-pending", SignalsOf(@case));
        Assert.Equal(version + 1, @case.Version);
        Assert.Equal(LeadHandoverStatus.Superseded, handover.Status);
        var superseded = Assert.Single(@case.RecordedEvents);
        Assert.Equal("lead.superseded", superseded.Kind);
        Assert.Equal(ProposedAgencyId.ToString(), superseded.Detail);

        // Should the agency rejoin, the old proposal stays ended; the lead may propose again.
        Assert.Equal("handover-superseded", Assert.Throws<StateConflictException>(() => @case.AnswerLeadHandover(handover, true, null, ProposedCaseworker, LostAt.AddHours(1))).Code);
        Assert.Equal(LeadAgencyId, @case.LeadAgencyId);
        @case.ProposeLead(Guid.NewGuid(), OtherAgencyId, null, LeadCaseworker, LostAt.AddHours(2));
    }
}
