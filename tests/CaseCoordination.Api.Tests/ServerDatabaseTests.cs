using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Domain.AccessLog;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>The walking skeleton on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class SqlServerTests(SqlServerFixture server) : ServerDatabaseTestsBase<SqlServerFixture>(server, c => new SqlServerApiFactory(c));

/// <summary>The walking skeleton on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class PostgreSqlTests(PostgreSqlFixture server) : ServerDatabaseTestsBase<PostgreSqlFixture>(server, c => new PostgreSqlApiFactory(c));

/// <summary>
/// The walking skeleton on a server database: migrations apply, a referral walks its lifecycle,
/// visibility holds, concurrent writers keep the access log's chain and the read models answer.
/// Each test gets a fresh database on the server.
/// </summary>
public abstract class ServerDatabaseTestsBase<TFixture>(TFixture server, Func<string, ApiFactory> create) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private ApiFactory NewFactory() => create(server.NewDatabase());

    [Fact]
    public async Task A_referral_walks_its_lifecycle_with_visibility_and_access_log()
    {
        using var factory = NewFactory();
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

    [Fact]
    public async Task Concurrent_lead_changes_leave_one_lead_and_idempotent_replays_create_nothing()
    {
        using var factory = NewFactory();
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, "sql-lead");
        var opened = await lead.OpenCaseAsync();
        // Both agencies the lead can move to hold the person's consent (a handover and an assignment need it).
        await lead.GiveConsentAsync(opened.Id(), Agencies.HealthcareEkstad);
        await lead.GiveConsentAsync(opened.Id(), Agencies.NgoEkstad);
        var path = $"/api/v1/cases/{opened.Id()}";
        var handover = await (await lead.SendJsonAsync(HttpMethod.Post, $"{path}/lead-handovers", new { toAgencyId = Agencies.HealthcareEkstad }, await lead.ETagOfAsync(path)))
            .ShouldBe(HttpStatusCode.Created);
        var etag = await lead.ETagOfAsync(path);
        var requests = Enumerable.Range(0, 16).Select(i => i % 2 == 0
            ? (Func<Task<HttpResponseMessage>>)(() => factory.Caseworker(Agencies.HealthcareEkstad, $"sql-accept-{i}").SendJsonAsync(HttpMethod.Post, $"/api/v1/lead-handovers/{handover.Id()}/accept", null))
            : () => factory.As($"sql-assign-{i}", "coordinator", null, "99").SendJsonAsync(HttpMethod.Put, $"{path}/lead", new { agencyId = Agencies.NgoEkstad }, etag));
        var statuses = (await Task.WhenAll(requests.Select(r => Task.Run(r)))).Select(r => (int)r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.True(s is 200 or 409 or 412, $"unexpected {s}"));
        Assert.Equal(1, statuses.Count(s => s == 200));

        var key = Guid.NewGuid().ToString();
        var before = await factory.Db(db => db.Cases.CountAsync());
        var first = await lead.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", ApiCalls.NewCase(), idempotencyKey: key);
        var again = await lead.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", ApiCalls.NewCase(), idempotencyKey: key);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, await factory.Db(db => db.Cases.CountAsync()));
    }

    [Fact]
    public async Task The_access_log_chain_verifies_after_concurrent_writers()
    {
        using var factory = NewFactory();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            var client = factory.Caseworker(Agencies.SocialServicesEkstad, $"sql-writer-{i}");
            for (var n = 0; n < 4; n++)
            {
                var opened = await client.OpenCaseAsync();
                await (await client.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.OK);
            }
        }));
        var verify = await (await factory.As("sql-auditor", "auditor", null, "99").GetAsync("/api/v1/audit/verify")).ShouldBe(HttpStatusCode.OK);
        Assert.True(verify["valid"]!.GetValue<bool>());
        Assert.Equal(48, verify["verifiedEntries"]!.GetValue<long>());
        var entries = await (await factory.As("sql-auditor", "auditor", null, "99").GetAsync("/api/v1/audit/entries?outcome=allowed&limit=5")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(5, entries["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Signals_the_follow_up_list_and_the_dashboard_answer()
    {
        using var factory = NewFactory();
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, "sql-dash");
        var opened = await lead.OpenCaseAsync();
        await lead.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad, urgency: "immediate");
        factory.Clock.Advance(TimeSpan.FromHours(3));
        var coordinator = factory.As("sql-coordinator", "coordinator", null, "99");
        var list = await (await coordinator.GetAsync("/api/v1/dashboards/99/signals?signal=not-received")).ShouldBe(HttpStatusCode.OK);
        Assert.Single(list["items"]!.AsArray());
        var dashboard = await (await coordinator.GetAsync("/api/v1/dashboards/99")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, dashboard["referrals"]!.GetValue<int>());
        Assert.Equal(1, dashboard["openSignals"]!["not-received"]!.GetValue<int>());
    }
}
