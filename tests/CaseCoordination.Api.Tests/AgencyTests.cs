using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using Xunit;

namespace CaseCoordination.Api.Tests;

public sealed class AgencyTests(ApiFactory factory) : AgencyTestsBase<ApiFactory>(factory);

/// <summary>The same tests on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class AgencyTestsOnSqlServer(SqlServerSuiteFactory factory) : AgencyTestsBase<SqlServerSuiteFactory>(factory);

/// <summary>The same on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class AgencyTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : AgencyTestsBase<PostgreSqlSuiteFactory>(factory);

public abstract class AgencyTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _admin = factory.As("admin-1", "admin", null, null);

    [Fact]
    public async Task The_demo_region_is_seeded_and_everyone_authenticated_can_filter_it()
    {
        foreach (var (role, agency, region) in new[] { ("caseworker", (Guid?)Agencies.PoliceEkstad, (string?)null), ("coordinator", null, "99"), ("auditor", null, "99"), ("admin", null, null) })
        {
            var client = factory.As($"{role}-reader", role, agency, region);
            var socialServices = await (await client.GetAsync("/api/v1/agencies?kind=social-services&region=99")).ShouldBe(HttpStatusCode.OK);
            Assert.Equal(3, socialServices["items"]!.AsArray().Count);
        }

        var caseworker = factory.Caseworker(Agencies.PoliceEkstad);
        var trauma = await (await caseworker.GetAsync("/api/v1/agencies?need=trauma-support&municipality=9902")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["Kvinno- och tjejjouren Lindholm", "Psykiatrin Lindholm"], trauma["items"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task An_admin_creates_and_changes_an_agency_and_others_may_not()
    {
        var body = new { name = "Ungdomsmottagningen Ekstad", kind = "healthcare", regionCode = "99", municipalityCode = "9901", needs = new[] { "sexual-health" } };
        await (await factory.Caseworker(Agencies.SocialServicesEkstad).PostAsJsonAsync("/api/v1/agencies", body, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.Forbidden);
        await (await factory.As("c", "coordinator", null, "99").PostAsJsonAsync("/api/v1/agencies", body, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.Forbidden);

        var response = await _admin.PostAsJsonAsync("/api/v1/agencies", body, ApiCalls.Json);
        var created = await response.ShouldBe(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/agencies/{created.Id()}", response.Headers.Location?.ToString());

        var changed = await (await _admin.PutAsJsonAsync($"/api/v1/agencies/{created.Id()}", body with { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, changed["version"]!.GetValue<int>());

        var read = await (await factory.Caseworker(Agencies.SocialServicesEkstad).GetAsync($"/api/v1/agencies/{created.Id()}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["sexual-health"], read["needs"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task A_municipality_outside_the_region_is_refused()
    {
        var body = new { name = "Fel", kind = "ngo", regionCode = "99", municipalityCode = "0184", needs = Array.Empty<string>() };
        await (await _admin.PostAsJsonAsync("/api/v1/agencies", body, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "municipality-outside-region");
    }
}
