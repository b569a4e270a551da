using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using Xunit;

namespace CaseCoordination.Domain.Tests;

/// <summary>Opening and closing a case: the opener's agency leads, and only the lead closes, never quietly.</summary>
public sealed class CaseTests
{
    private static readonly Guid CaseId = Guid.Parse("c0000000-0000-0000-0000-000000000002");
    private static readonly Guid LeadAgencyId = Guid.Parse("a0000000-0000-0000-0000-00000000001a");
    private static readonly Guid OtherAgencyId = Guid.Parse("a0000000-0000-0000-0000-00000000001b");
    private static readonly Actor LeadCaseworker = new("lead-caseworker", Role.Caseworker, LeadAgencyId);

    /// <summary>Tuesday 3 February 2026, 14:30 Swedish winter time.</summary>
    private static readonly DateTimeOffset OpenedAt = new(2026, 2, 3, 14, 30, 0, TimeSpan.FromHours(1));

    private static readonly DateTimeOffset ClosedAt = OpenedAt.AddDays(40);

    private static Person SomePerson() => new(
        Guid.Parse("d0000000-0000-0000-0000-000000000001"),
        "Alex",
        null,
        1995,
        null,
        "se",
        "sv",
        needsInterpreter: false,
        protectedIdentity: false,
        [],
        firstExploitedAsChild: null);

    private static Case OpenCase(Actor? opener = null) =>
        Case.Open(CaseId, "2026-7KQ4XM", SomePerson(), "0184", IntakeChannel.DigitalOutreach, "Met through the chat.", opener ?? LeadCaseworker, OpenedAt);

    private static (CaseStatus Status, int Version, int Events, DateTimeOffset? ClosedAt, CaseOutcome? Outcome, string? Justification) Snapshot(Case c) =>
        (c.Status, c.Version, c.RecordedEvents.Count, c.ClosedAt, c.Outcome, c.CloseJustification);

    [Fact]
    public void Opening_makes_the_openers_agency_the_lead_and_records_case_opened()
    {
        var opened = OpenCase();

        Assert.Equal(CaseStatus.Open, opened.Status);
        Assert.Equal(1, opened.Version);
        Assert.Equal(LeadAgencyId, opened.LeadAgencyId);
        Assert.True(opened.IsLead(LeadAgencyId));
        Assert.False(opened.IsLead(OtherAgencyId));
        Assert.Equal(OpenedAt, opened.LeadSince);
        Assert.Null(opened.WithoutLeadSince);
        Assert.Equal(LeadAgencyId, opened.OpenedByAgencyId);
        Assert.Equal(LeadCaseworker.UserId, opened.OpenedByUserId);
        Assert.Equal(OpenedAt, opened.OpenedAt);
        Assert.Equal("0184", opened.MunicipalityCode);
        Assert.Equal("01", opened.RegionCode);

        var recorded = Assert.Single(opened.RecordedEvents);
        Assert.Equal("case.opened", recorded.Kind);
        Assert.Equal(CaseId, recorded.CaseId);
        Assert.Null(recorded.ReferralId);
        Assert.Equal(OpenedAt, recorded.At);
        Assert.Equal(LeadCaseworker.UserId, recorded.ActorUserId);
        Assert.Equal(LeadAgencyId, recorded.ActorAgencyId);
        Assert.Equal("digital-outreach", recorded.Detail);
    }

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Auditor)]
    [InlineData(Role.Admin)]
    public void Only_a_caseworker_can_open_a_case(Role role)
    {
        var refused = Assert.Throws<ActNotPermittedException>(() => OpenCase(new Actor("not-a-caseworker", role, LeadAgencyId)));

        Assert.Equal("caseworker-required", refused.Code);
    }

    [Fact]
    public void A_caseworker_without_an_agency_cannot_open_a_case()
    {
        var refused = Assert.Throws<ActNotPermittedException>(() => OpenCase(new Actor("agencyless", Role.Caseworker, null)));

        Assert.Equal("caseworker-required", refused.Code);
    }

    [Fact]
    public void A_caseworker_of_the_lead_closes_the_case_and_it_is_recorded()
    {
        var @case = OpenCase();

        @case.Close(CaseOutcome.NeedsMet, null, 0, LeadCaseworker, ClosedAt);

        Assert.Equal(CaseStatus.Closed, @case.Status);
        Assert.Equal(CaseOutcome.NeedsMet, @case.Outcome);
        Assert.Equal(ClosedAt, @case.ClosedAt);
        Assert.Null(@case.CloseJustification);
        Assert.Equal(2, @case.Version);
        Assert.Equal(2, @case.RecordedEvents.Count);
        var closed = @case.RecordedEvents[^1];
        Assert.Equal("case.closed", closed.Kind);
        Assert.Equal(CaseId, closed.CaseId);
        Assert.Equal(ClosedAt, closed.At);
        Assert.Equal(LeadCaseworker.UserId, closed.ActorUserId);
        Assert.Equal("needs-met", closed.Detail);
    }

    [Fact]
    public void Another_caseworker_of_the_lead_agency_may_close_too()
    {
        var @case = OpenCase();

        @case.Close(CaseOutcome.MovedAway, null, 0, new Actor("lead-colleague", Role.Caseworker, LeadAgencyId), ClosedAt);

        Assert.Equal(CaseStatus.Closed, @case.Status);
    }

    public static TheoryData<string, Role, bool> NonLeads => new()
    {
        { "caseworker of another agency", Role.Caseworker, false },
        { "coordinator carrying the lead's agency id", Role.Coordinator, true },
        { "auditor carrying the lead's agency id", Role.Auditor, true },
        { "admin carrying the lead's agency id", Role.Admin, true },
    };

    [Theory]
    [MemberData(nameof(NonLeads))]
    public void Anyone_but_a_caseworker_of_the_lead_is_refused_closing_and_nothing_changes(string who, Role role, bool leadAgencyId)
    {
        var @case = OpenCase();
        var before = Snapshot(@case);
        var actor = new Actor(who, role, leadAgencyId ? LeadAgencyId : OtherAgencyId);

        var refused = Assert.Throws<ActNotPermittedException>(() => @case.Close(CaseOutcome.NeedsMet, null, 0, actor, ClosedAt));

        Assert.Equal("lead-required", refused.Code);
        Assert.Equal(before, Snapshot(@case));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Closing_with_open_referrals_needs_a_justification(string? justification)
    {
        var @case = OpenCase();
        var before = Snapshot(@case);

        var refused = Assert.Throws<DomainRuleViolationException>(() =>
            @case.Close(CaseOutcome.LostContact, justification, 1, LeadCaseworker, ClosedAt));

        Assert.Equal("justification-required", refused.Code);
        Assert.Equal(before, Snapshot(@case));
    }

    [Fact]
    public void Closing_with_open_referrals_and_a_justification_closes_and_keeps_the_justification()
    {
        var @case = OpenCase();

        @case.Close(CaseOutcome.MovedAway, "Moved abroad; the receiving agencies have been told.", 1, LeadCaseworker, ClosedAt);

        Assert.Equal(CaseStatus.Closed, @case.Status);
        Assert.Equal("Moved abroad; the receiving agencies have been told.", @case.CloseJustification);
        Assert.Equal("case.closed", @case.RecordedEvents[^1].Kind);
        Assert.Equal("moved-away", @case.RecordedEvents[^1].Detail);
    }

    [Fact]
    public void Closing_a_closed_case_is_a_conflict_and_changes_nothing()
    {
        var @case = OpenCase();
        @case.Close(CaseOutcome.NeedsMet, null, 0, LeadCaseworker, ClosedAt);
        var before = Snapshot(@case);

        var refused = Assert.Throws<StateConflictException>(() =>
            @case.Close(CaseOutcome.Other, null, 0, LeadCaseworker, ClosedAt.AddDays(1)));

        Assert.Equal("case-closed", refused.Code);
        Assert.Equal(before, Snapshot(@case));
    }

    [Fact]
    public void After_a_lead_handover_only_the_new_lead_may_close()
    {
        var @case = OpenCase();
        var newLead = new Actor("new-lead-caseworker", Role.Caseworker, OtherAgencyId);
        var handover = @case.ProposeLead(Guid.Parse("b0000000-0000-0000-0000-000000000001"), OtherAgencyId, null, LeadCaseworker, OpenedAt.AddDays(1));
        @case.AnswerLeadHandover(handover, accept: true, null, newLead, OpenedAt.AddDays(2));

        Assert.Throws<ActNotPermittedException>(() => @case.Close(CaseOutcome.NeedsMet, null, 0, LeadCaseworker, ClosedAt));
        @case.Close(CaseOutcome.NeedsMet, null, 0, newLead, ClosedAt);

        Assert.Equal(CaseStatus.Closed, @case.Status);
        Assert.Equal(OtherAgencyId, @case.LeadAgencyId);
    }
}
