using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Domain.AccessLog;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>Who may see a case: parties see it, everyone else gets 404, and other roles never read contents.</summary>
public sealed class CaseAccessTests(ApiFactory factory) : CaseAccessTestsBase<ApiFactory>(factory);

/// <summary>The same tests on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class CaseAccessTestsOnSqlServer(SqlServerSuiteFactory factory) : CaseAccessTestsBase<SqlServerSuiteFactory>(factory);

/// <summary>The same on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class CaseAccessTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : CaseAccessTestsBase<PostgreSqlSuiteFactory>(factory);

public abstract class CaseAccessTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _lead = factory.Caseworker(Agencies.SocialServicesEkstad, "lead-user");
    private readonly HttpClient _receiver = factory.Caseworker(Agencies.HealthcareEkstad, "receiver-user");
    private readonly HttpClient _outsider = factory.Caseworker(Agencies.PoliceEkstad, "outsider-user");

    [Fact]
    public async Task An_agency_that_is_not_party_to_a_case_gets_404_on_the_case_and_everything_in_it()
    {
        var opened = await _lead.OpenCaseAsync();
        var caseId = opened.Id();
        var referral = await _lead.SendReferralAsync(caseId, Agencies.HealthcareEkstad);

        await (await _outsider.GetAsync($"/api/v1/cases/{caseId}")).ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        await (await _outsider.GetAsync($"/api/v1/cases/{caseId}/timeline")).ProblemShouldBe(HttpStatusCode.NotFound);
        await (await _outsider.GetAsync($"/api/v1/referrals/{referral.Id()}")).ProblemShouldBe(HttpStatusCode.NotFound);
        await (await _outsider.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new { toAgencyId = Agencies.NgoEkstad, need = "shelter", urgency = "urgent" }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.NotFound);
        await (await _outsider.PostAsJsonAsync($"/api/v1/cases/{caseId}/close", new { outcome = "needs-met" }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.NotFound);

        // The answer is the same as for a case that does not exist at all.
        var missing = await (await _outsider.GetAsync($"/api/v1/cases/{Guid.NewGuid()}")).ProblemShouldBe(HttpStatusCode.NotFound);
        var hidden = await (await _outsider.GetAsync($"/api/v1/cases/{caseId}")).ProblemShouldBe(HttpStatusCode.NotFound);
        Assert.Equal(missing["detail"]!.ToString(), hidden["detail"]!.ToString());

        var list = await (await _outsider.GetAsync("/api/v1/cases")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(list["items"]!.AsArray(), c => c!["id"]!.GetValue<string>() == caseId);

        var id = Guid.Parse(caseId);
        var refused = await factory.Db(db => db.AccessLog.Where(e => e.CaseId == id && e.UserId == "outsider-user")
            .OrderBy(e => e.Id).Select(e => new { e.Action, e.Outcome, e.RefusalCode }).ToListAsync());
        Assert.Equal(["case.read", "case.timeline.read", "referral.read", "referral.send", "case.close", "case.read"], refused.Select(e => e.Action));
        Assert.All(refused, e => Assert.Equal(AccessOutcome.Refused, e.Outcome));
        Assert.All(refused, e => Assert.Equal("not-found", e.RefusalCode));
    }

    [Theory]
    [InlineData("coordinator", "99")]
    [InlineData("auditor", "99")]
    [InlineData("admin", null)]
    public async Task Coordinators_auditors_and_admins_cannot_read_case_contents(string role, string? region)
    {
        var opened = await _lead.OpenCaseAsync();
        var other = factory.As($"{role}-user", role, null, region);
        await (await other.GetAsync($"/api/v1/cases/{opened.Id()}")).ProblemShouldBe(HttpStatusCode.Forbidden, "role-not-allowed");
        await (await other.GetAsync($"/api/v1/cases/{opened.Id()}/timeline")).ProblemShouldBe(HttpStatusCode.Forbidden);
        await (await other.GetAsync("/api/v1/cases")).ProblemShouldBe(HttpStatusCode.Forbidden);
        await (await other.GetAsync("/api/v1/referrals")).ProblemShouldBe(HttpStatusCode.Forbidden);
        await (await other.PostAsJsonAsync("/api/v1/cases", ApiCalls.NewCase(), ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.Forbidden);

        var id = Guid.Parse(opened.Id());
        var refused = await factory.Db(db => db.AccessLog.Where(e => e.CaseId == id && e.UserId == $"{role}-user").Select(e => e.Outcome).ToListAsync());
        Assert.Equal([AccessOutcome.Refused, AccessOutcome.Refused], refused);
    }

    [Fact]
    public async Task The_recording_agency_sees_everything_and_a_receiving_agency_sees_coordination_only()
    {
        var opened = await _lead.OpenCaseAsync(ApiCalls.NewCase(name: "Alias Visible", situation: "Situation text only the recorder sees"));
        Assert.Empty(opened["withheldCategories"]!.AsArray());
        Assert.Equal("Alias Visible", opened["person"]!["name"]!.GetValue<string>());

        await _lead.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad);
        var response = await _receiver.GetAsync($"/api/v1/cases/{opened.Id()}");
        var seen = await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["criminal-matters", "health", "identity", "situation"], seen["withheldCategories"]!.AsArray().Select(x => x!.GetValue<string>()).Order());
        Assert.Null(seen["person"]);
        Assert.Null(seen["situation"]);
        Assert.Null(seen["complexNeeds"]);
        Assert.Equal(opened.Str("caseNumber"), seen.Str("caseNumber"));
        Assert.True(seen["isChild"]!.GetValue<bool>());
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Alias Visible", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Situation text", raw, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_rejected_referral_ends_the_receivers_access_to_the_case_and_the_message()
    {
        var opened = await _lead.OpenCaseAsync();
        var referral = await _lead.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad);
        await (await _receiver.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.OK);
        await (await _receiver.PostAsJsonAsync($"/api/v1/referrals/{referral.Id()}/receive", new { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        await (await _receiver.PostAsJsonAsync($"/api/v1/referrals/{referral.Id()}/reject", new { reason = "Wrong agency." }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);

        await (await _receiver.GetAsync($"/api/v1/cases/{opened.Id()}")).ProblemShouldBe(HttpStatusCode.NotFound);
        var ownAnswer = await (await _receiver.GetAsync($"/api/v1/referrals/{referral.Id()}")).ShouldBe(HttpStatusCode.OK);
        Assert.Null(ownAnswer["message"]);
        Assert.True(ownAnswer["messageWithheld"]!.GetValue<bool>());

        var senderView = await (await _lead.GetAsync($"/api/v1/referrals/{referral.Id()}")).ShouldBe(HttpStatusCode.OK);
        Assert.NotNull(senderView["message"]);
    }

    [Fact]
    public async Task Every_read_and_change_writes_an_allowed_entry_with_who_what_and_basis()
    {
        var opened = await _lead.OpenCaseAsync();
        await (await _lead.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.OK);
        var referral = await _lead.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad);
        await (await _receiver.GetAsync($"/api/v1/referrals/{referral.Id()}")).ShouldBe(HttpStatusCode.OK);

        var id = Guid.Parse(opened.Id());
        var subject = Guid.Parse(opened.Str("subjectId"));
        var entries = await factory.Db(db => db.AccessLog.Where(e => e.CaseId == id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["case.open", "case.read", "consent.record", "referral.send", "referral.read"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(AccessOutcome.Allowed, e.Outcome));
        Assert.All(entries, e => Assert.Equal(subject, e.SubjectId));
        Assert.Equal("recording-agency", entries[1].Basis);
        Assert.StartsWith("consent:", entries[3].Basis, StringComparison.Ordinal);
        Assert.Equal(Agencies.HealthcareEkstad, entries[4].AgencyId);
        Assert.Equal("receiver-user", entries[4].UserId);
        Assert.Equal("party", entries[4].Basis);
    }
}
