using System.Net;
using CaseCoordination.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>Exactly one lead at a time, handed over in two steps.</summary>
public sealed class LeadHandoverTests(ApiFactory factory) : LeadHandoverTestsBase<ApiFactory>(factory);

/// <summary>The same tests on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class LeadHandoverTestsOnSqlServer(SqlServerSuiteFactory factory) : LeadHandoverTestsBase<SqlServerSuiteFactory>(factory);

/// <summary>The same on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class LeadHandoverTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : LeadHandoverTestsBase<PostgreSqlSuiteFactory>(factory);

public abstract class LeadHandoverTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _lead = factory.Caseworker(Agencies.SocialServicesEkstad, "lead-cw");
    private readonly HttpClient _next = factory.Caseworker(Agencies.HealthcareEkstad, "next-cw");
    private readonly HttpClient _other = factory.Caseworker(Agencies.PoliceEkstad, "other-cw");
    private readonly HttpClient _coordinator = factory.As("coord-99", "coordinator", null, "99");
    private readonly HttpClient _otherRegion = factory.As("coord-01", "coordinator", null, "01");

    private async Task<JsonCase> NewCaseAsync(HttpClient? by = null)
    {
        var opened = await (by ?? _lead).OpenCaseAsync();

        // The person consents to the agencies these tests propose or assign as lead: a new lead becomes a
        // party, which needs a basis covering coordination for it (domain.md).
        await (by ?? _lead).GiveConsentAsync(opened.Id(), Agencies.HealthcareEkstad);
        await (by ?? _lead).GiveConsentAsync(opened.Id(), Agencies.SocialServicesEkstad);
        return new JsonCase(opened.Id(), $"/api/v1/cases/{opened.Id()}");
    }

    private sealed record JsonCase(string Id, string Path);

    private static Task<HttpResponseMessage> Propose(HttpClient client, JsonCase c, Guid to, string? etag) =>
        client.SendJsonAsync(HttpMethod.Post, $"{c.Path}/lead-handovers", new { toAgencyId = to, reason = "Better placed to coordinate." }, etag);

    [Fact]
    public async Task A_proposal_needs_if_match_and_a_stale_one_is_412()
    {
        var c = await NewCaseAsync();
        await (await Propose(_lead, c, Agencies.HealthcareEkstad, null)).ProblemShouldBe(HttpStatusCode.PreconditionRequired, "precondition-required");
        await (await Propose(_lead, c, Agencies.HealthcareEkstad, "\"9\"")).ProblemShouldBe(HttpStatusCode.PreconditionFailed);
        var unchanged = await (await _lead.GetAsync(c.Path)).ShouldBe(HttpStatusCode.OK);
        Assert.Null(unchanged["pendingLeadHandover"]);
    }

    [Fact]
    public async Task The_current_lead_stays_until_the_proposed_agency_accepts()
    {
        var c = await NewCaseAsync();
        var proposed = await (await Propose(_lead, c, Agencies.HealthcareEkstad, await _lead.ETagOfAsync(c.Path))).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("proposed", proposed.Str("status"));

        var during = await (await _lead.GetAsync(c.Path)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Agencies.SocialServicesEkstad.ToString(), during.Str("leadAgencyId"));
        Assert.Equal(proposed.Id(), during["pendingLeadHandover"]!["id"]!.GetValue<string>());

        // The proposed agency sees the proposal and the case's coordination data.
        var incoming = await (await _next.GetAsync("/api/v1/lead-handovers")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(incoming["items"]!.AsArray(), h => h!["id"]!.GetValue<string>() == proposed.Id());
        await (await _next.GetAsync(c.Path)).ShouldBe(HttpStatusCode.OK);

        // A second proposal while one is open is a conflict.
        await (await Propose(_lead, c, Agencies.NgoEkstad, await _lead.ETagOfAsync(c.Path))).ProblemShouldBe(HttpStatusCode.Conflict, "handover-pending");

        // Only the proposed agency answers.
        await (await _lead.SendJsonAsync(HttpMethod.Post, $"/api/v1/lead-handovers/{proposed.Id()}/accept", null)).ProblemShouldBe(HttpStatusCode.Forbidden, "wrong-agency");
        await (await _other.SendJsonAsync(HttpMethod.Post, $"/api/v1/lead-handovers/{proposed.Id()}/accept", null)).ProblemShouldBe(HttpStatusCode.NotFound);

        var accepted = await (await _next.SendJsonAsync(HttpMethod.Post, $"/api/v1/lead-handovers/{proposed.Id()}/accept", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("accepted", accepted.Str("status"));
        var after = await (await _next.GetAsync(c.Path)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Agencies.HealthcareEkstad.ToString(), after.Str("leadAgencyId"));
        Assert.Null(after["pendingLeadHandover"]);

        // Answering twice is a conflict; the old lead may no longer propose.
        await (await _next.SendJsonAsync(HttpMethod.Post, $"/api/v1/lead-handovers/{proposed.Id()}/decline", null)).ProblemShouldBe(HttpStatusCode.Conflict, "handover-answered");
        await (await Propose(_lead, c, Agencies.NgoEkstad, await _lead.ETagOfAsync(c.Path))).ProblemShouldBe(HttpStatusCode.Forbidden, "lead-required");

        var timeline = await (await _next.GetAsync($"{c.Path}/timeline")).ShouldBe(HttpStatusCode.OK);
        var kinds = timeline["items"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(["case.opened", "consent.given", "consent.given", "lead.proposed", "lead.accepted"], kinds);
    }

    [Fact]
    public async Task A_declined_proposal_leaves_the_lead_where_it_was()
    {
        var c = await NewCaseAsync();
        var proposed = await (await Propose(_lead, c, Agencies.HealthcareEkstad, await _lead.ETagOfAsync(c.Path))).ShouldBe(HttpStatusCode.Created);
        var declined = await (await _next.SendJsonAsync(HttpMethod.Post, $"/api/v1/lead-handovers/{proposed.Id()}/decline", new { reason = "No capacity." })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("declined", declined.Str("status"));
        var after = await (await _lead.GetAsync(c.Path)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Agencies.SocialServicesEkstad.ToString(), after.Str("leadAgencyId"));
        Assert.Null(after["pendingLeadHandover"]);

        // No longer party: the declining agency loses sight of the case.
        await (await _next.GetAsync(c.Path)).ProblemShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_coordinator_of_the_region_may_propose_and_others_may_not()
    {
        var c = await NewCaseAsync();
        var etag = await _lead.ETagOfAsync(c.Path);
        await (await Propose(_otherRegion, c, Agencies.HealthcareEkstad, etag)).ProblemShouldBe(HttpStatusCode.NotFound);
        await (await Propose(_other, c, Agencies.HealthcareEkstad, etag)).ProblemShouldBe(HttpStatusCode.NotFound);
        await (await Propose(factory.As("aud", "auditor", null, "99"), c, Agencies.HealthcareEkstad, etag)).ProblemShouldBe(HttpStatusCode.Forbidden);
        var proposed = await (await Propose(_coordinator, c, Agencies.HealthcareEkstad, etag)).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(Agencies.SocialServicesEkstad.ToString(), proposed.Str("fromAgencyId"));
    }

    [Fact]
    public async Task When_the_lead_leaves_the_cooperation_the_case_has_no_lead_until_a_coordinator_assigns_one()
    {
        var leaving = await TemporaryAgency.CreateAsync(factory, "Tillfällig jour");
        var temporary = factory.Caseworker(leaving.Id, "temp-cw");
        var c = await NewCaseAsync(temporary);

        // A lead cannot be assigned while the case has one.
        await (await _coordinator.SendJsonAsync(HttpMethod.Put, $"{c.Path}/lead", new { agencyId = Agencies.SocialServicesEkstad }, "\"1\"")).ProblemShouldBe(HttpStatusCode.Conflict, "case-has-lead");

        await leaving.LeaveAsync();
        await (await temporary.GetAsync(c.Path)).ProblemShouldBe(HttpStatusCode.Forbidden, "agency-not-active");
        var caseId = Guid.Parse(c.Id);
        var lostCase = await factory.Db(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Cases, x => x.Id == caseId));
        Assert.Null(lostCase.LeadAgencyId);
        Assert.NotNull(lostCase.WithoutLeadSince);
        var lost = new System.Text.Json.Nodes.JsonObject { ["version"] = lostCase.Version };

        var path = $"{c.Path}/lead";
        await (await _coordinator.SendJsonAsync(HttpMethod.Put, path, new { agencyId = Agencies.SocialServicesEkstad })).ProblemShouldBe(HttpStatusCode.PreconditionRequired);
        await (await _otherRegion.SendJsonAsync(HttpMethod.Put, path, new { agencyId = Agencies.SocialServicesEkstad }, lost["version"]!.ToString())).ProblemShouldBe(HttpStatusCode.NotFound);
        await (await _lead.SendJsonAsync(HttpMethod.Put, path, new { agencyId = Agencies.SocialServicesEkstad }, $"\"{lost["version"]}\"")).ProblemShouldBe(HttpStatusCode.Forbidden);
        var assigned = await (await _coordinator.SendJsonAsync(HttpMethod.Put, path, new { agencyId = Agencies.SocialServicesEkstad }, $"\"{lost["version"]}\"")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Agencies.SocialServicesEkstad.ToString(), assigned.Str("leadAgencyId"));
        Assert.Null(assigned["person"]);
        Assert.Contains("identity", assigned["withheldCategories"]!.AsArray().Select(x => x!.GetValue<string>()));
    }

    [Fact]
    public async Task A_childs_case_without_a_report_to_social_services_is_flagged_until_one_is_sent()
    {
        var c = await NewCaseAsync(_next);
        var opened = await (await _next.GetAsync(c.Path)).ShouldBe(HttpStatusCode.OK);
        Assert.True(opened["childProtectionReportMissing"]!.GetValue<bool>());

        await _next.SendReferralAsync(c.Id, Agencies.SocialServicesEkstad, need: "child-protection-report", urgency: "immediate");
        var reported = await (await _next.GetAsync(c.Path)).ShouldBe(HttpStatusCode.OK);
        Assert.False(reported["childProtectionReportMissing"]!.GetValue<bool>());

        var bySocialServices = await _lead.OpenCaseAsync();
        Assert.False(bySocialServices["childProtectionReportMissing"]!.GetValue<bool>());

        var adult = await _next.OpenCaseAsync(ApiCalls.NewCase(birthDate: "1990-01-01"));
        Assert.Null(adult["childProtectionReportMissing"]);
    }

    private Task<bool> HasSignalRowAsync(JsonCase c, string signal)
    {
        var caseId = Guid.Parse(c.Id);
        return factory.Db(db => db.CaseSignalAnchors.AnyAsync(s => s.CaseId == caseId && s.Signal == signal));
    }

    private Task<int> VersionOfAsync(JsonCase c)
    {
        var caseId = Guid.Parse(c.Id);
        return factory.Db(db => db.Cases.Where(x => x.Id == caseId).Select(x => x.Version).SingleAsync());
    }

    private static async Task<List<string>> TimelineKindsAsync(HttpClient client, JsonCase c)
    {
        var timeline = await (await client.GetAsync($"{c.Path}/timeline")).ShouldBe(HttpStatusCode.OK);
        return timeline["items"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task An_assignment_supersedes_a_pending_proposal_so_a_later_accept_cannot_replace_the_assigned_lead()
    {
        // The lead proposes healthcare, then leaves the cooperation: the case has no lead and the proposal is open.
        var leaving = await TemporaryAgency.CreateAsync(factory, "Jour som lämnar");
        var lead = factory.Caseworker(leaving.Id, "leaving-cw");
        var c = await NewCaseAsync(lead);
        var proposed = await (await Propose(lead, c, Agencies.HealthcareEkstad, await lead.ETagOfAsync(c.Path))).ShouldBe(HttpStatusCode.Created);
        await leaving.LeaveAsync();
        Assert.True(await HasSignalRowAsync(c, "lead-handover-pending"));

        // A coordinator assigns social services: the proposal ends with it.
        var assigned = await (await _coordinator.SendJsonAsync(HttpMethod.Put, $"{c.Path}/lead", new { agencyId = Agencies.SocialServicesEkstad }, $"\"{await VersionOfAsync(c)}\""))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Null(assigned["pendingLeadHandover"]);

        // The proposed agency can neither accept nor decline it any more, and the assignment stands.
        var handover = $"/api/v1/lead-handovers/{proposed.Id()}";
        await (await _next.SendJsonAsync(HttpMethod.Post, $"{handover}/accept", null)).ProblemShouldBe(HttpStatusCode.Conflict, "handover-superseded");
        await (await _next.SendJsonAsync(HttpMethod.Post, $"{handover}/decline", new { reason = "Too late." })).ProblemShouldBe(HttpStatusCode.Conflict, "handover-superseded");
        var after = await (await _lead.GetAsync(c.Path)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Agencies.SocialServicesEkstad.ToString(), after.Str("leadAgencyId"));
        Assert.Null(after["pendingLeadHandover"]);

        // It is no longer an incoming proposal; the proposed agency reads it as superseded and is no longer a party.
        var incoming = await (await _next.GetAsync("/api/v1/lead-handovers")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(incoming["items"]!.AsArray(), h => h!["id"]!.GetValue<string>() == proposed.Id());
        var read = await (await _next.GetAsync(handover)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("superseded", read.Str("status"));
        Assert.Null(read["answeredAt"]);
        await (await _next.GetAsync(c.Path)).ProblemShouldBe(HttpStatusCode.NotFound);

        // The signal ended with it, and the timeline says what happened.
        Assert.False(await HasSignalRowAsync(c, "lead-handover-pending"));
        Assert.False(await HasSignalRowAsync(c, "no-lead"));
        Assert.Equal(["case.opened", "consent.given", "consent.given", "lead.proposed", "lead.lost", "lead.assigned", "lead.superseded"], await TimelineKindsAsync(_lead, c));
    }

    [Fact]
    public async Task A_proposal_to_an_agency_that_leaves_the_cooperation_is_superseded_and_no_longer_blocks_another()
    {
        var leaving = await TemporaryAgency.CreateAsync(factory, "Jour som föreslås");
        var c = await NewCaseAsync();
        await _lead.GiveConsentAsync(c.Id, leaving.Id);
        var proposed = await (await Propose(_lead, c, leaving.Id, await _lead.ETagOfAsync(c.Path))).ShouldBe(HttpStatusCode.Created);
        Assert.True(await HasSignalRowAsync(c, "lead-handover-pending"));

        await leaving.LeaveAsync();

        // The lead stays; the proposal is ended and its signal with it.
        var after = await (await _lead.GetAsync(c.Path)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Agencies.SocialServicesEkstad.ToString(), after.Str("leadAgencyId"));
        Assert.Null(after["pendingLeadHandover"]);
        Assert.Equal("superseded", (await (await _lead.GetAsync($"/api/v1/lead-handovers/{proposed.Id()}")).ShouldBe(HttpStatusCode.OK)).Str("status"));
        Assert.False(await HasSignalRowAsync(c, "lead-handover-pending"));

        // The lead may propose another agency at once; the agency that left cannot take the lead on rejoining.
        var next = await (await Propose(_lead, c, Agencies.HealthcareEkstad, await _lead.ETagOfAsync(c.Path))).ShouldBe(HttpStatusCode.Created);
        await leaving.RejoinAsync();
        await (await factory.Caseworker(leaving.Id, "rejoined-cw").SendJsonAsync(HttpMethod.Post, $"/api/v1/lead-handovers/{proposed.Id()}/accept", null))
            .ProblemShouldBe(HttpStatusCode.Conflict, "handover-superseded");
        after = await (await _lead.GetAsync(c.Path)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Agencies.SocialServicesEkstad.ToString(), after.Str("leadAgencyId"));
        Assert.Equal(next.Id(), after["pendingLeadHandover"]!["id"]!.GetValue<string>());
        Assert.Equal(["case.opened", "consent.given", "consent.given", "consent.given", "lead.proposed", "lead.superseded", "lead.proposed"], await TimelineKindsAsync(_lead, c));
    }
}
