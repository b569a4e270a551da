using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Domain.AccessLog;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// A coordinator's or auditor's token without a <c>region</c> has no scope: every act scoped by region
/// answers 403 <c>region-not-covered</c> (one rule, <c>RegionScope</c>), and each refusal is in the access log.
/// Before, an auditor without a region read every entry that has no region (EF turned "region = null" into IS NULL).
/// </summary>
public sealed class RegionScopeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task An_auditor_without_a_region_reads_nothing_of_the_log_and_each_refusal_is_logged()
    {
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, "scope-lead");
        var opened = await lead.OpenCaseAsync();
        var subjectId = opened.Str("subjectId");
        // Entries without a region: an admin act and a national dashboard read.
        await (await factory.As("scope-admin", "admin", null, null).GetAsync("/api/v1/agencies")).ShouldBe(HttpStatusCode.OK);
        await (await factory.As("scope-coordinator", "coordinator", null, "*").GetAsync("/api/v1/dashboards/*")).ShouldBe(HttpStatusCode.OK);
        Assert.True(await factory.Db(db => db.AccessLog.AnyAsync(e => e.RegionCode == null)));

        var nowhere = factory.As("auditor-nowhere", "auditor", null, null);
        await (await nowhere.GetAsync("/api/v1/audit/entries")).ProblemShouldBe(HttpStatusCode.Forbidden, "region-not-covered");
        await (await nowhere.GetAsync("/api/v1/audit/entries/export")).ProblemShouldBe(HttpStatusCode.Forbidden, "region-not-covered");
        await (await nowhere.GetAsync($"/api/v1/audit/subjects/{subjectId}/access-report")).ProblemShouldBe(HttpStatusCode.Forbidden, "region-not-covered");
        await (await nowhere.GetAsync("/api/v1/audit/reviews")).ProblemShouldBe(HttpStatusCode.Forbidden, "region-not-covered");
        await (await nowhere.PostAsJsonAsync($"/api/v1/audit/reviews/{Guid.NewGuid()}/reviewed", new { }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.Forbidden, "region-not-covered");

        var logged = await factory.Db(db => db.AccessLog.Where(e => e.UserId == "auditor-nowhere").OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["audit.entries.read", "audit.export", "audit.access-report", "audit.reviews.read", "audit.review"], logged.Select(e => e.Action));
        Assert.All(logged, e =>
        {
            Assert.Equal(AccessOutcome.Refused, e.Outcome);
            Assert.Equal("region-not-covered", e.RefusalCode);
        });

        // The same auditor with a region still reads its region, and the national one everything.
        var regional = await (await factory.As("auditor-99", "auditor", null, "99").GetAsync("/api/v1/audit/entries?limit=500")).ShouldBe(HttpStatusCode.OK);
        Assert.All(regional["items"]!.AsArray(), item => Assert.Equal("99", item!["regionCode"]!.GetValue<string>()));
        var national = await (await factory.As("auditor-se", "auditor", null, "*").GetAsync("/api/v1/audit/entries?limit=500")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(national["items"]!.AsArray(), item => item!["regionCode"] is null);
    }

    [Fact]
    public async Task A_coordinator_without_a_region_is_refused_on_the_lead_and_on_the_dashboard_alike()
    {
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, "scope-lead-2");
        var opened = await lead.OpenCaseAsync();
        var path = $"/api/v1/cases/{opened.Id()}";
        var etag = await lead.ETagOfAsync(path);
        var nowhere = factory.As("coordinator-nowhere", "coordinator", null, null);

        await (await nowhere.SendJsonAsync(HttpMethod.Post, $"{path}/lead-handovers", new { toAgencyId = Agencies.HealthcareEkstad }, etag))
            .ProblemShouldBe(HttpStatusCode.Forbidden, "region-not-covered");
        await (await nowhere.GetAsync("/api/v1/dashboards/99")).ProblemShouldBe(HttpStatusCode.Forbidden, "region-not-covered");
        Assert.Equal(etag, await lead.ETagOfAsync(path));

        var logged = await factory.Db(db => db.AccessLog.Where(e => e.UserId == "coordinator-nowhere").OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(2, logged.Count);
        Assert.All(logged, e => Assert.Equal("region-not-covered", e.RefusalCode));
        Assert.Equal(Guid.Parse(opened.Id()), logged[0].CaseId);
    }
}
