using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using Xunit;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// Exactly one lead at a time, or none while one is found (domain.md, "Lead agency"): a lead that leaves the
/// cooperation is lost at once and visibly, and only a coordinator assigns a new one to a case without a lead.
/// Also the opening and closing rules not pinned in <see cref="CaseTests"/>.
/// </summary>
public sealed class CaseLeadTests
{
    private static readonly Guid CaseId = Guid.Parse("c0000000-0000-0000-0000-000000000005");
    private static readonly Guid LeadAgencyId = Guid.Parse("a0000000-0000-0000-0000-00000000004a");
    private static readonly Guid NewAgencyId = Guid.Parse("a0000000-0000-0000-0000-00000000004b");
    private static readonly Actor LeadCaseworker = new("lead-caseworker", Role.Caseworker, LeadAgencyId);
    private static readonly Actor Coordinator = new("coordinator", Role.Coordinator, null);
    private static readonly Actor System = new("system", Role.Admin, null);
    private static readonly DateTimeOffset OpenedAt = new(2026, 2, 3, 14, 30, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset LostAt = OpenedAt.AddDays(5);
    private static readonly DateTimeOffset AssignedAt = OpenedAt.AddDays(6);

    private static Person PersonBorn(DateOnly? birthDate = null, string? nationality = "se", IEnumerable<ComplexNeed>? needs = null) =>
        new(Guid.Parse("d0000000-0000-0000-0000-000000000005"), "Alex", birthDate, birthDate is null ? 1995 : null, null, nationality, "sv",
            needsInterpreter: false, protectedIdentity: false, needs ?? [], firstExploitedAsChild: null);

    private static Case Open(string municipality = "0184", Person? person = null)
    {
        var @case = Case.Open(CaseId, "2026-7KQ4XP", person ?? PersonBorn(), municipality, IntakeChannel.Police, null, LeadCaseworker, OpenedAt);
        @case.ClearRecordedEvents();
        return @case;
    }

    private static Case WithoutLead()
    {
        var @case = Open();
        @case.LoseLead(System, LostAt);
        @case.ClearRecordedEvents();
        return @case;
    }

    [Fact]
    public void A_lead_that_leaves_is_lost_at_once_and_the_case_is_without_lead_from_then()
    {
        var @case = Open();

        @case.LoseLead(System, LostAt);

        Assert.Null(@case.LeadAgencyId);
        Assert.Null(@case.LeadSince);
        Assert.Equal(LostAt, @case.WithoutLeadSince);
        Assert.False(@case.IsLead(LeadAgencyId));
        Assert.Equal(2, @case.Version);
        var lost = Assert.Single(@case.RecordedEvents);
        Assert.Equal("lead.lost", lost.Kind);
        Assert.Equal(LeadAgencyId.ToString(), lost.Detail);
    }

    [Fact]
    public void Losing_a_lead_that_is_already_lost_changes_nothing()
    {
        var @case = WithoutLead();

        @case.LoseLead(System, LostAt.AddDays(1));

        Assert.Equal(LostAt, @case.WithoutLeadSince);
        Assert.Equal(2, @case.Version);
        Assert.Empty(@case.RecordedEvents);
    }

    [Fact]
    public void A_closed_case_does_not_lose_its_lead()
    {
        var @case = Open();
        @case.Close(CaseOutcome.NeedsMet, null, 0, LeadCaseworker, LostAt);
        var version = @case.Version;
        @case.ClearRecordedEvents();

        @case.LoseLead(System, LostAt.AddDays(1));

        Assert.Equal(LeadAgencyId, @case.LeadAgencyId);
        Assert.Null(@case.WithoutLeadSince);
        Assert.Equal(version, @case.Version);
        Assert.Empty(@case.RecordedEvents);
    }

    [Fact]
    public void A_coordinator_assigns_a_lead_to_a_case_without_one()
    {
        var @case = WithoutLead();

        @case.AssignLead(NewAgencyId, Coordinator, AssignedAt);

        Assert.Equal(NewAgencyId, @case.LeadAgencyId);
        Assert.Equal(AssignedAt, @case.LeadSince);
        Assert.Null(@case.WithoutLeadSince);
        Assert.Equal(3, @case.Version);
        var assigned = Assert.Single(@case.RecordedEvents);
        Assert.Equal("lead.assigned", assigned.Kind);
        Assert.Equal(NewAgencyId.ToString(), assigned.Detail);
    }

    [Theory]
    [InlineData(Role.Caseworker)]
    [InlineData(Role.Auditor)]
    [InlineData(Role.Admin)]
    public void Only_a_coordinator_assigns_a_lead(Role role)
    {
        var @case = WithoutLead();

        var refused = Assert.Throws<ActNotPermittedException>(() => @case.AssignLead(NewAgencyId, new Actor("someone", role, NewAgencyId), AssignedAt));

        Assert.Equal("coordinator-required", refused.Code);
        Assert.Null(@case.LeadAgencyId);
        Assert.Empty(@case.RecordedEvents);
    }

    [Fact]
    public void A_case_that_has_a_lead_gets_a_new_one_only_through_a_handover()
    {
        var @case = Open();

        var refused = Assert.Throws<StateConflictException>(() => @case.AssignLead(NewAgencyId, Coordinator, AssignedAt));

        Assert.Equal("case-has-lead", refused.Code);
        Assert.Equal(LeadAgencyId, @case.LeadAgencyId);
        Assert.Equal(1, @case.Version);
    }

    [Fact]
    public void A_closed_case_gets_no_lead_assigned()
    {
        var @case = Open();
        @case.Close(CaseOutcome.NeedsMet, null, 0, LeadCaseworker, LostAt);

        var refused = Assert.Throws<StateConflictException>(() => @case.AssignLead(NewAgencyId, Coordinator, AssignedAt));

        Assert.Equal("case-closed", refused.Code);
        Assert.Throws<StateConflictException>(@case.EnsureOpen);
        Open().EnsureOpen();
    }

    [Theory]
    [InlineData("184")]
    [InlineData("01844")]
    [InlineData("01a4")]
    [InlineData("abcd")]
    public void A_municipality_code_has_four_digits(string municipality)
    {
        var refused = Assert.Throws<DomainRuleViolationException>(() => Open(municipality));

        Assert.Equal("invalid-municipality", refused.Code);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
    }

    [Fact]
    public void A_case_remembers_whether_the_person_was_a_child_when_it_opened()
    {
        var child = Open(person: PersonBorn(new DateOnly(2010, 1, 1)));
        var adult = Open(person: PersonBorn(new DateOnly(1990, 1, 1)));
        var unknown = Open(person: new Person(Guid.NewGuid(), "Kim", null, null, null, null, null, false, false, [], null));

        Assert.True(child.ChildAtOpening);
        Assert.False(adult.ChildAtOpening);
        Assert.False(unknown.ChildAtOpening);
    }

    [Fact]
    public void A_case_remembers_other_nationality_and_complex_needs_at_opening()
    {
        var swedish = Open(person: PersonBorn(nationality: "se"));
        var other = Open(person: PersonBorn(nationality: "ro", needs: [ComplexNeed.SubstanceUse]));
        var unknown = Open(person: PersonBorn(nationality: null));

        Assert.False(swedish.OtherNationality);
        Assert.True(other.OtherNationality);
        Assert.False(unknown.OtherNationality);
        Assert.False(swedish.ComplexNeeds);
        Assert.True(other.ComplexNeeds);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_justification_is_not_kept(string? justification)
    {
        var @case = Open();

        @case.Close(CaseOutcome.NeedsMet, justification, 0, LeadCaseworker, LostAt);

        Assert.Null(@case.CloseJustification);
    }

    [Fact]
    public void Closing_with_open_signals_needs_a_justification_too()
    {
        var refused = Assert.Throws<DomainRuleViolationException>(() => Case.EnsureClosingJustified(null, openReferrals: 0, openSignals: 1));

        Assert.Equal("justification-required", refused.Code);
        Assert.Contains("1 open signal", refused.Message, StringComparison.Ordinal);
        Case.EnsureClosingJustified(null, 0, 0);
        Case.EnsureClosingJustified("Moved abroad.", 2, 3);
    }

    [Fact]
    public void Closing_ends_an_open_lead_proposal_with_the_case()
    {
        var @case = Open();
        @case.ProposeLead(Guid.NewGuid(), NewAgencyId, null, LeadCaseworker, OpenedAt.AddDays(1));

        @case.Close(CaseOutcome.NeedsMet, null, 0, LeadCaseworker, LostAt);

        Assert.Null(@case.PendingLeadHandoverId);
        Assert.Null(@case.ProposedLeadAgencyId);
        Assert.Null(@case.LeadHandoverProposedAt);
    }
}
