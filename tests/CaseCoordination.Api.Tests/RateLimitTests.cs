using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>Small limits, so that a test can spend them: 3 requests per user and 5 per agency per minute.</summary>
public sealed class SmallRateLimitsFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:PerUser"] = "3",
        ["RateLimits:PerAgency"] = "5",
        ["RateLimits:WindowSeconds"] = "60",
    };
}

/// <summary>api.md: rate limits per calling agency and per user, answered with 429, Retry-After and the RateLimit headers.</summary>
public sealed class RateLimitTests(SmallRateLimitsFactory factory) : IClassFixture<SmallRateLimitsFactory>
{
    /// <summary>Moves the (fake) clock to the start of a fresh window, so that each test starts with every limit unspent.</summary>
    private void StartOfAFreshWindow()
    {
        var seconds = factory.Clock.GetUtcNow().ToUnixTimeSeconds();
        factory.Clock.Advance(TimeSpan.FromSeconds(60 - (seconds % 60) + 60));
    }

    [Fact]
    public async Task A_user_is_limited_per_window_then_the_agency_and_a_refused_request_changes_nothing()
    {
        StartOfAFreshWindow();
        var first = factory.Caseworker(Agencies.SocialServicesEkstad, "limited-1");
        for (var left = 2; left >= 0; left--)
        {
            var ok = await first.GetAsync("/api/v1/agencies");
            await ok.ShouldBe(HttpStatusCode.OK);
            Assert.Equal("\"per-user\";q=3;w=60", ok.Headers.GetValues("RateLimit-Policy").Single());
            Assert.StartsWith($"\"per-user\";r={left};t=", ok.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
        }

        var casesBefore = await factory.Db(db => db.Cases.CountAsync());
        var refused = await first.PostAsJsonAsync("/api/v1/cases", new { person = new { name = "Refused" }, municipalityCode = "9901", intakeChannel = "outreach" });
        await refused.ProblemShouldBe(HttpStatusCode.TooManyRequests, "rate-limited");
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(casesBefore, await factory.Db(db => db.Cases.CountAsync()));

        // Another user of the same agency has requests of their own, until the agency's five are spent
        // (the refused request counted too).
        var second = factory.Caseworker(Agencies.SocialServicesEkstad, "limited-2");
        await (await second.GetAsync("/api/v1/agencies")).ShouldBe(HttpStatusCode.OK);
        var agencySpent = await second.GetAsync("/api/v1/agencies");
        await agencySpent.ProblemShouldBe(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.StartsWith("\"per-agency\";q=5;w=60", agencySpent.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);

        // Another agency is not affected, and the next window starts afresh.
        await (await factory.Caseworker(Agencies.HealthcareEkstad, "limited-3").GetAsync("/api/v1/agencies")).ShouldBe(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        await (await first.GetAsync("/api/v1/agencies")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_limit_spent_at_the_end_of_a_window_is_not_granted_afresh_at_the_next_windows_start()
    {
        // The edge burst of fixed windows: three requests in the last second of one minute and three more
        // in the first second of the next would be six within two seconds, twice the limit.
        StartOfAFreshWindow();
        factory.Clock.Advance(TimeSpan.FromSeconds(59));
        var client = factory.Caseworker(Agencies.PoliceEkstad, "edge-burst");
        for (var i = 0; i < 3; i++)
        {
            await (await client.GetAsync("/api/v1/agencies")).ShouldBe(HttpStatusCode.OK);
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var atTheEdge = await client.GetAsync("/api/v1/agencies");
        await atTheEdge.ProblemShouldBe(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal("\"per-user\";q=3;w=60", atTheEdge.Headers.GetValues("RateLimit-Policy").Single());
        Assert.StartsWith("\"per-user\";r=0;", atTheEdge.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);

        // The three requests count for a whole window from when they were made: they stop counting 60 s
        // after, and not a second earlier.
        var retryAfter = int.Parse(atTheEdge.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(59, retryAfter);
        factory.Clock.Advance(TimeSpan.FromSeconds(retryAfter - 1));
        await (await client.GetAsync("/api/v1/agencies")).ProblemShouldBe(HttpStatusCode.TooManyRequests, "rate-limited");
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        for (var left = 2; left >= 0; left--)
        {
            var ok = await client.GetAsync("/api/v1/agencies");
            await ok.ShouldBe(HttpStatusCode.OK);
            Assert.StartsWith($"\"per-user\";r={left};", ok.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_error_answer_is_counted_and_carries_the_rate_limit_headers_too()
    {
        StartOfAFreshWindow();
        var client = factory.Caseworker(Agencies.PoliceEkstad, "limited-errors");
        var missing = await client.GetAsync($"/api/v1/cases/{Guid.NewGuid()}");
        await missing.ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        Assert.Equal("\"per-user\";q=3;w=60", missing.Headers.GetValues("RateLimit-Policy").Single());
        Assert.StartsWith("\"per-user\";r=2;", missing.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);

        var invalid = await client.PostAsJsonAsync("/api/v1/cases", new { }, ApiCalls.Json);
        await invalid.ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.StartsWith("\"per-user\";r=1;", invalid.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_requests_are_not_counted()
    {
        StartOfAFreshWindow();
        var anonymous = factory.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
            await (await anonymous.GetAsync("/api/v1/agencies")).ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthenticated");
        }
    }

    [Fact]
    public async Task The_openapi_document_declares_the_429_answer_and_its_headers()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var answer = document["paths"]!["/api/v1/cases/{id}/referrals"]!["post"]!["responses"]!["429"]!;
        Assert.NotNull(answer["headers"]!["Retry-After"]);
        Assert.NotNull(answer["headers"]!["RateLimit"]);
        Assert.NotNull(answer["headers"]!["RateLimit-Policy"]);
    }
}
