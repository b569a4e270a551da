using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Domain.AccessLog;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// The walking skeleton on SQL Server: migrations apply, a referral walks its lifecycle, visibility
/// holds and the access log is written. Skipped, with the reason, where no SQL Server is available.
/// </summary>
public sealed class SqlServerTests(SqlServerFixture server) : IClassFixture<SqlServerFixture>
{
    [Fact]
    public async Task A_referral_walks_its_lifecycle_on_sql_server_with_visibility_and_access_log()
    {
        using var factory = new SqlServerApiFactory(server.NewDatabase());
        var sender = factory.Caseworker(Agencies.SocialServicesEkstad, "sql-sender");
        var receiver = factory.Caseworker(Agencies.HealthcareEkstad, "sql-receiver");
        var outsider = factory.Caseworker(Agencies.PoliceEkstad, "sql-outsider");

        var opened = await sender.OpenCaseAsync();
        var referral = await sender.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad);
        foreach (var act in new[] { "receive", "accept", "start" })
        {
            await (await receiver.PostAsJsonAsync($"/api/v1/referrals/{referral.Id()}/{act}", new { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        }

        var completed = await (await receiver.PostAsJsonAsync($"/api/v1/referrals/{referral.Id()}/complete", new { outcome = "needs-met" }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("completed", completed.Str("status"));
        await (await outsider.GetAsync($"/api/v1/cases/{opened.Id()}")).ProblemShouldBe(HttpStatusCode.NotFound);
        await (await receiver.PostAsJsonAsync($"/api/v1/referrals/{referral.Id()}/accept", new { }, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.Conflict);

        var page = await (await receiver.GetAsync("/api/v1/referrals?direction=incoming&limit=1")).ShouldBe(HttpStatusCode.OK);
        Assert.Single(page["items"]!.AsArray());

        var caseId = Guid.Parse(opened.Id());
        var entries = await factory.Db(db => db.AccessLog.Where(e => e.CaseId == caseId).OrderBy(e => e.Id).Select(e => new { e.Action, e.Outcome }).ToListAsync());
        Assert.Equal(AccessOutcome.Refused, entries.Single(e => e.Action == "case.read").Outcome);
        Assert.Equal(8, entries.Count(e => e.Outcome == AccessOutcome.Allowed));
    }
}
