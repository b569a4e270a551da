using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Webhooks;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Limits the OpenAPI document declares that the API did not enforce before ADR 0031: input past them is
/// a 400 <c>validation-failed</c> naming the field, and changes nothing. (The document reads them from the
/// same validators, <see cref="OpenApiContractTests"/>.)
/// </summary>
public sealed class InputLimitTests(ApiFactory factory) : InputLimitTestsBase<ApiFactory>(factory);

/// <summary>The same on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class InputLimitTestsOnSqlServer(SqlServerSuiteFactory factory) : InputLimitTestsBase<SqlServerSuiteFactory>(factory);

/// <summary>The same on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class InputLimitTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : InputLimitTestsBase<PostgreSqlSuiteFactory>(factory);

public abstract class InputLimitTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _caseworker = factory.Caseworker(Agencies.SocialServicesEkstad, "limits-caseworker");

    private static object CaseWith(string? language = null, string[]? complexNeeds = null) => new
    {
        person = new { name = "Alias Limits", language, complexNeeds },
        municipalityCode = "9901",
        intakeChannel = "outreach",
    };

    private async Task RefusedAndNoCase(object body, string field)
    {
        var before = await factory.Db(db => db.Cases.CountAsync());
        var problem = await (await _caseworker.PostAsJsonAsync("/api/v1/cases", body, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before, await factory.Db(db => db.Cases.CountAsync()));
    }

    [Fact]
    public async Task A_language_tag_longer_than_its_column_is_refused()
    {
        var longest = "sv-abcdefgh-abcdefgh";
        Assert.Equal(TextLimits.LanguageTag, longest.Length);
        await _caseworker.OpenCaseAsync(CaseWith(language: longest));

        // Matches the tag pattern, but does not fit the column (on PostgreSQL and SQL Server it failed in the database).
        await RefusedAndNoCase(CaseWith(language: longest + "-ab"), "person.language");
    }

    [Fact]
    public async Task A_list_of_codes_longer_than_the_number_of_codes_is_refused()
    {
        var each = Enum.GetValues<ComplexNeed>().Select(n => Codes.Of(n)).ToArray();
        await _caseworker.OpenCaseAsync(CaseWith(complexNeeds: each));

        await RefusedAndNoCase(CaseWith(complexNeeds: [.. each, each[0]]), "person.complexNeeds");
    }

    [Fact]
    public async Task A_webhook_subscription_with_more_events_than_there_are_is_refused()
    {
        var before = await factory.Db(db => db.WebhookSubscriptions.CountAsync());
        var body = new { url = "https://hooks.example/limits", events = WebhookEvents.All.Append(WebhookEvents.All[0]).ToArray() };
        var problem = await (await _caseworker.PostAsJsonAsync("/api/v1/webhooks/subscriptions", body, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(problem["errors"]!["events"]);
        Assert.Equal(before, await factory.Db(db => db.WebhookSubscriptions.CountAsync()));
    }

    [Fact]
    public async Task A_cursor_longer_than_any_the_api_issues_is_refused()
    {
        // Decodes to a valid position (leading zeros are still a number), so only the length rule refuses it.
        var padded = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(new string('0', 150) + "1." + Guid.NewGuid().ToString("N")));
        Assert.True(padded.Length > PageRules.MaxCursorLength);
        var problem = await (await _caseworker.GetAsync($"/api/v1/cases?cursor={padded}")).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(problem["errors"]!["cursor"]);
    }

    [Fact]
    public async Task The_access_log_export_bounds_its_filters_as_the_page_does()
    {
        var auditor = factory.As("limits-auditor", "auditor", null, "99");
        var problem = await (await auditor.GetAsync($"/api/v1/audit/entries/export?userId={new string('u', 201)}")).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(problem["errors"]!["userId"]);
    }
}
