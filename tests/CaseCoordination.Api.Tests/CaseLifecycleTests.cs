using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using Xunit;

namespace CaseCoordination.Api.Tests;

public sealed class CaseLifecycleTests(ApiFactory factory) : CaseLifecycleTestsBase<ApiFactory>(factory);

/// <summary>The same tests on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class CaseLifecycleTestsOnSqlServer(SqlServerSuiteFactory factory) : CaseLifecycleTestsBase<SqlServerSuiteFactory>(factory);

/// <summary>The same on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class CaseLifecycleTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : CaseLifecycleTestsBase<PostgreSqlSuiteFactory>(factory);

public abstract class CaseLifecycleTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _lead = factory.Caseworker(Agencies.SocialServicesEkstad);
    private readonly HttpClient _party = factory.Caseworker(Agencies.HealthcareEkstad);

    [Fact]
    public async Task Opening_a_case_makes_the_callers_agency_lead_and_answers_201_with_location_and_etag()
    {
        var response = await _lead.PostAsJsonAsync("/api/v1/cases", ApiCalls.NewCase(), ApiCalls.Json);
        var opened = await response.ShouldBe(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/cases/{opened.Id()}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(Agencies.SocialServicesEkstad.ToString(), opened.Str("leadAgencyId"));
        Assert.Equal("open", opened.Str("status"));
        Assert.Matches("^2026-[0-9A-Z]{6}$", opened.Str("caseNumber"));
        Assert.NotEqual(Guid.Empty, Guid.Parse(opened.Str("subjectId")));
    }

    [Theory]
    [InlineData("2009-05-01", null, true)]
    [InlineData("2008-03-02", null, false)]
    [InlineData(null, 2008, true)]
    [InlineData(null, 2007, false)]
    [InlineData(null, null, null)]
    public async Task Whether_the_person_is_a_child_is_derived_from_birth_date_or_year_and_the_clock(string? birthDate, int? birthYear, bool? expected)
    {
        // The clock stands at 2026-03-02: born 2008-03-02 turns 18 today; born in 2008 may still be 17.
        var opened = await _lead.OpenCaseAsync(new
        {
            person = new { name = "Alias", birthDate, birthYear },
            municipalityCode = "9901",
            intakeChannel = "self-referral",
        });
        Assert.Equal(expected, opened["isChild"]?.GetValue<bool>());
    }

    [Fact]
    public async Task The_list_shows_the_cases_the_agency_takes_part_in_and_lead_mine_narrows_it()
    {
        var own = await _lead.OpenCaseAsync();
        var other = await _party.OpenCaseAsync();
        await _party.SendReferralAsync(other.Id(), Agencies.SocialServicesEkstad, need: "housing");

        var all = await (await _lead.GetAsync("/api/v1/cases?limit=500")).ShouldBe(HttpStatusCode.OK);
        var ids = all["items"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.Contains(own.Id(), ids);
        Assert.Contains(other.Id(), ids);

        var mine = await (await _lead.GetAsync("/api/v1/cases?lead=mine&limit=500")).ShouldBe(HttpStatusCode.OK);
        var mineIds = mine["items"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.Contains(own.Id(), mineIds);
        Assert.DoesNotContain(other.Id(), mineIds);
    }

    [Fact]
    public async Task Only_the_lead_closes_and_open_referrals_need_a_justification()
    {
        var opened = await _lead.OpenCaseAsync();
        await _lead.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad);
        var path = $"/api/v1/cases/{opened.Id()}/close";

        await (await _party.PostAsJsonAsync(path, new { outcome = "needs-met" }, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.Forbidden, "lead-required");
        var problem = await (await _lead.PostAsJsonAsync(path, new { outcome = "needs-met" }, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "justification-required");
        Assert.Contains("1 open referral", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var still = await (await _lead.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("open", still.Str("status"));

        var closed = await (await _lead.PostAsJsonAsync(path, new { outcome = "moved-away", justification = "Moved abroad; the receiving agency is informed." }, ApiCalls.Json))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal("closed", closed.Str("status"));
        Assert.Equal("moved-away", closed.Str("outcome"));
        Assert.Equal(2, closed["version"]!.GetValue<int>());

        await (await _lead.PostAsJsonAsync(path, new { outcome = "needs-met" }, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.Conflict, "case-closed");
        await (await _lead.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", new { toAgencyId = Agencies.NgoEkstad, need = "shelter", urgency = "urgent" }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.Conflict, "case-closed");
    }

    [Fact]
    public async Task An_open_signal_also_needs_a_justification_before_closing()
    {
        // A child's case opened by healthcare, with no report to social services past the child window.
        var opened = await _party.OpenCaseAsync(ApiCalls.NewCase(birthDate: "2013-01-01"));
        factory.Clock.Advance(TimeSpan.FromHours(25));
        var read = await (await _party.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("child-without-social-services", read["signals"]!.AsArray().Select(x => x!.GetValue<string>()));
        var problem = await (await _party.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/close", new { outcome = "needs-met" }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "justification-required");
        Assert.Contains("1 open signal", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await _party.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/close", new { outcome = "moved-away", justification = "Moved to another region; their social services are informed." }, ApiCalls.Json))
            .ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Closing_with_a_stale_if_match_is_a_412_and_changes_nothing()
    {
        var opened = await _lead.OpenCaseAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{opened.Id()}/close")
        {
            Content = JsonContent.Create(new { outcome = "needs-met" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        await (await _lead.SendAsync(request)).ProblemShouldBe(HttpStatusCode.PreconditionFailed);
        var still = await (await _lead.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("open", still.Str("status"));
    }
}
