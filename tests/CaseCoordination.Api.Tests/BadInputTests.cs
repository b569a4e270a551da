using System.Net;
using System.Net.Http.Json;
using System.Text;
using CaseCoordination.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>Bad input gets a 400 problem response that names the field, and changes nothing.</summary>
public sealed class BadInputTests(ApiFactory factory) : BadInputTestsBase<ApiFactory>(factory);

/// <summary>The same tests on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class BadInputTestsOnSqlServer(SqlServerSuiteFactory factory) : BadInputTestsBase<SqlServerSuiteFactory>(factory);

/// <summary>The same on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class BadInputTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : BadInputTestsBase<PostgreSqlSuiteFactory>(factory);

public abstract class BadInputTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _client = factory.Caseworker(Agencies.SocialServicesEkstad);

    private Task<int> CaseCount() => factory.Db(db => db.Cases.CountAsync());

    private async Task<HttpResponseMessage> PostRaw(string path, string json) =>
        await _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    [Theory]
    [InlineData("{\"person\": {\"name\": \"x\"", "$")]
    [InlineData("not json at all", "$")]
    [InlineData("{\"person\":{\"name\":\"x\"},\"municipalityCode\":\"9901\",\"intakeChannel\":\"telepathy\"}", "$.intakeChannel")]
    [InlineData("{\"person\":{\"name\":\"x\"},\"municipalityCode\":\"9901\",\"intakeChannel\":1}", "$.intakeChannel")]
    [InlineData("{\"person\":{\"name\":\"x\",\"complexNeeds\":[\"gambling\"]},\"municipalityCode\":\"9901\",\"intakeChannel\":\"outreach\"}", "$.person.complexNeeds[0]")]
    [InlineData("{\"person\":{\"name\":\"x\",\"birthDate\":\"yesterday\"},\"municipalityCode\":\"9901\",\"intakeChannel\":\"outreach\"}", "$.person.birthDate")]
    public async Task Malformed_json_and_unknown_enum_values_are_a_400_and_change_nothing(string json, string path)
    {
        var before = await CaseCount();
        var problem = await (await PostRaw("/api/v1/cases", json)).ProblemShouldBe(HttpStatusCode.BadRequest, "malformed-request");
        if (path != "$")
        {
            Assert.Equal(path, problem["path"]!.GetValue<string>());
        }

        Assert.Equal(before, await CaseCount());
    }

    [Fact]
    public async Task Missing_fields_are_a_400_that_lists_every_field()
    {
        var before = await CaseCount();
        var problem = await (await PostRaw("/api/v1/cases", "{\"person\":{}}")).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        var errors = problem["errors"]!.AsObject().Select(e => e.Key).Order().ToList();
        Assert.Equal(["intakeChannel", "municipalityCode", "person.name"], errors);
        Assert.Equal(before, await CaseCount());

        var empty = await (await PostRaw("/api/v1/cases", "{}")).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(empty["errors"]!["person"]);
    }

    [Fact]
    public async Task Oversized_text_is_a_400_and_changes_nothing()
    {
        var before = await CaseCount();
        var body = ApiCalls.NewCase(situation: new string('x', 8001));
        var problem = await (await _client.PostAsJsonAsync("/api/v1/cases", body, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(problem["errors"]!["situation"]);

        var longName = ApiCalls.NewCase(name: new string('n', 201));
        var nameProblem = await (await _client.PostAsJsonAsync("/api/v1/cases", longName, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.BadRequest);
        Assert.NotNull(nameProblem["errors"]!["person.name"]);
        Assert.Equal(before, await CaseCount());
    }

    [Fact]
    public async Task A_body_larger_than_the_limit_is_refused()
    {
        var before = await CaseCount();
        var body = ApiCalls.NewCase(situation: new string('x', 2 * 1024 * 1024));
        var response = await _client.PostAsJsonAsync("/api/v1/cases", body, ApiCalls.Json);
        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, $"got {(int)response.StatusCode}");
        Assert.Equal(before, await CaseCount());
    }

    [Fact]
    public async Task Invalid_values_are_a_400_naming_each_field()
    {
        var body = new
        {
            person = new { name = "x", birthDate = "2999-01-01", identityNumber = "abc", nationality = "Sweden" },
            municipalityCode = "Solna",
            intakeChannel = "outreach",
        };
        var problem = await (await _client.PostAsJsonAsync("/api/v1/cases", body, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        var errors = problem["errors"]!.AsObject().Select(e => e.Key).Order().ToList();
        Assert.Equal(["municipalityCode", "person.birthDate", "person.identityNumber", "person.nationality"], errors);
    }

    [Theory]
    [InlineData("/api/v1/referrals?direction=sideways", "direction")]
    [InlineData("/api/v1/referrals?status=lost", "status")]
    [InlineData("/api/v1/referrals?limit=501", "limit")]
    [InlineData("/api/v1/referrals?limit=0", "limit")]
    [InlineData("/api/v1/referrals?cursor=bm90LWEtY3Vyc29y", "cursor")]
    [InlineData("/api/v1/cases?lead=theirs", "lead")]
    [InlineData("/api/v1/agencies?kind=church", "kind")]
    public async Task Bad_query_parameters_are_a_400_naming_the_parameter(string path, string parameter)
    {
        var problem = await (await _client.GetAsync(path)).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task A_referral_with_missing_fields_is_a_400_and_creates_nothing()
    {
        var opened = await _client.OpenCaseAsync();
        var problem = await (await _client.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", new { message = "m" }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(["need", "toAgencyId", "urgency"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
        var id = Guid.Parse(opened.Id());
        Assert.Equal(0, await factory.Db(db => db.Referrals.CountAsync(r => r.CaseId == id)));
    }
}
