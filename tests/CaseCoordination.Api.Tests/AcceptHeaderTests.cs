using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Common.Interfaces;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Every error, from every layer, is an <c>application/problem+json</c> document whatever the client's
/// <c>Accept</c> asks for: never a 500, an HTML page, an empty body or a stack trace (issue 13, item 1).
/// </summary>
public sealed class AcceptHeaderTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public static readonly TheoryData<string> NonJson = new() { "text/html", "application/xml" };

    private HttpClient Caseworker(string accept) => WithAccept(factory.Caseworker(Agencies.PoliceEkstad, "accept-probe"), accept);

    private static HttpClient WithAccept(HttpClient client, string accept)
    {
        client.DefaultRequestHeaders.Accept.Clear();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return client;
    }

    /// <summary>The body is a problem document of that status, with the product's type and code, and shows nothing of the server's inside.</summary>
    internal static async Task<JsonObject> ShouldBeProblem(HttpResponseMessage response, string what, HttpStatusCode? expected = null, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{what} answered {status}: {Truncate(text)}");
        Assert.True(status >= 400, $"{what} answered {status}, not an error");
        if (expected is not null)
        {
            Assert.True(response.StatusCode == expected, $"{what} answered {status}, expected {(int)expected}: {Truncate(text)}");
        }

        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what} answered {status} as {response.Content.Headers.ContentType}: {Truncate(text)}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", text, StringComparison.OrdinalIgnoreCase);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(status, body["status"]!.GetValue<int>());
        var type = body["type"]!.GetValue<string>();
        Assert.True(type.StartsWith("urn:case-coordination:problem:", StringComparison.Ordinal), $"{what}: type {type}");
        Assert.Equal(type["urn:case-coordination:problem:".Length..], body["code"]!.GetValue<string>());
        if (code is not null)
        {
            Assert.Equal(code, body["code"]!.GetValue<string>());
        }

        return body;
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] : text;

    [Theory]
    [MemberData(nameof(NonJson))]
    public async Task A_missing_case_is_a_404_problem_under_a_non_json_accept(string accept)
    {
        var response = await Caseworker(accept).GetAsync($"/api/v1/cases/{Guid.NewGuid()}");
        await ShouldBeProblem(response, "GET unknown case", HttpStatusCode.NotFound, "not-found");
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NonJson))]
    public async Task An_over_long_idempotency_key_is_a_400_problem_under_a_non_json_accept(string accept)
    {
        var response = await Caseworker(accept).SendJsonAsync(HttpMethod.Post, "/api/v1/cases", ApiCalls.NewCase(), idempotencyKey: new string('k', 201));
        await ShouldBeProblem(response, "POST with a 201-character key", HttpStatusCode.BadRequest, "invalid-idempotency-key");
    }

    [Theory]
    [MemberData(nameof(NonJson))]
    public async Task The_frameworks_own_refusals_are_problems_with_the_products_codes(string accept)
    {
        var anonymous = WithAccept(factory.CreateClient(), accept);
        await ShouldBeProblem(await anonymous.GetAsync("/api/v1/cases"), "anonymous GET", HttpStatusCode.Unauthorized, "unauthenticated");

        var caller = Caseworker(accept);
        var unknownRoute = await caller.GetAsync("/api/v1/no-such-thing");
        await ShouldBeProblem(unknownRoute, "unknown route", HttpStatusCode.NotFound, "not-found");
        Assert.Contains("no-store", unknownRoute.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        await ShouldBeProblem(await caller.DeleteAsync("/api/v1/cases"), "DELETE /cases", HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        await ShouldBeProblem(
            await caller.PostAsync("/api/v1/cases", new StringContent("{}", Encoding.UTF8, "text/plain")),
            "POST text/plain", HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    /// <summary>The replay of a stored answer for a caller whose agency has since left the cooperation is refused with its problem (it used to be a 500).</summary>
    [Theory]
    [MemberData(nameof(NonJson))]
    public async Task A_refused_idempotent_replay_is_a_403_problem(string accept)
    {
        var admin = factory.As("accept-admin", "admin", null, null);
        var agency = new { name = "Accept probe " + accept, kind = "ngo", regionCode = "99", municipalityCode = "9901", needs = new[] { "shelter" } };
        var created = await (await admin.PostAsJsonAsync("/api/v1/agencies", agency, ApiCalls.Json)).ShouldBe(HttpStatusCode.Created);
        var caller = WithAccept(factory.Caseworker(Guid.Parse(created.Id()), "accept-replayer"), accept);
        var key = Guid.NewGuid().ToString();
        var first = await caller.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", ApiCalls.NewCase(), idempotencyKey: key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        await (await admin.PutAsJsonAsync($"/api/v1/agencies/{created.Id()}", new { agency.name, agency.kind, agency.regionCode, agency.municipalityCode, agency.needs, active = false }, ApiCalls.Json))
            .ShouldBe(HttpStatusCode.OK);
        var replay = await caller.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", ApiCalls.NewCase(), idempotencyKey: key);
        await ShouldBeProblem(replay, "refused replay", HttpStatusCode.Forbidden, "agency-not-active");
    }

    /// <summary>
    /// Every operation of the API (read from the app's own endpoints, so a new one is covered without
    /// editing this test), under both Accept headers: with unknown ids as each role and anonymously
    /// (missing and forbidden resources), and with a body that is not JSON. No answer is a 5xx; every
    /// error is a problem document.
    /// </summary>
    [Fact]
    public async Task Every_operation_answers_its_errors_as_problem_documents_under_any_accept()
    {
        var operations = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: "/" + e.RoutePattern.RawText!.TrimStart('/'), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Pattern.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Methods.Select(m => (e.Pattern, Method: m)))
            .ToList();
        Assert.True(operations.Count >= 30, $"only {operations.Count} operations found");

        var statuses = new Dictionary<int, int>();
        foreach (var accept in NonJson.Select(a => a.Data))
        {
            var callers = new (string Who, HttpClient Client)[]
            {
                ("caseworker", factory.Caseworker(Agencies.PoliceEkstad, "sweep-caseworker")),
                ("coordinator", factory.As("sweep-coordinator", "coordinator", null, "99")),
                ("auditor", factory.As("sweep-auditor", "auditor", null, "99")),
                ("admin", factory.As("sweep-admin", "admin", null, null)),
                ("anonymous", factory.CreateClient()),
            };
            foreach (var (pattern, method) in operations)
            {
                // Unknown ids everywhere (a region parameter gets one too: not a region).
                var path = Regex.Replace(pattern, "{[^}]+}", _ => Guid.NewGuid().ToString());
                var writes = method is "POST" or "PUT";
                foreach (var (who, client) in callers)
                {
                    var response = await Send(client, method, path, accept, writes ? "{}" : null);
                    await Record(response, $"{method} {pattern} as {who} ({accept})");
                }

                if (writes)
                {
                    var malformed = await Send(callers[0].Client, method, path, accept, "{\"not json");
                    await Record(malformed, $"{method} {pattern} with a malformed body ({accept})");
                }
            }
        }

        // The sweep met the refusals it was written for.
        foreach (var status in new[] { 400, 401, 403, 404 })
        {
            Assert.True(statuses.GetValueOrDefault(status) > 0, $"no {status} in the sweep: {string.Join(", ", statuses)}");
        }

        async Task Record(HttpResponseMessage response, string what)
        {
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"{what} answered {status}: {Truncate(await response.Content.ReadAsStringAsync())}");
            if (status >= 400)
            {
                await ShouldBeProblem(response, what);
            }
        }
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, string method, string path, string accept, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd(accept);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        }

        return await client.SendAsync(request);
    }
}

/// <summary>
/// An idempotency store whose every call fails with a fault (not a database error), outside the inner
/// exception handler. A proxy, so that it follows the interface whatever it becomes.
/// </summary>
public sealed class FaultyIdempotencyStoreFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IIdempotencyStore>();
            services.AddSingleton(System.Reflection.DispatchProxy.Create<IIdempotencyStore, FaultyProxy>());
        });
    }

    public class FaultyProxy : System.Reflection.DispatchProxy
    {
        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException("fault inside the idempotency store");
    }
}

/// <summary>A fault in a layer outside the inner exception handler never reaches the developer exception page (the tests run in Development).</summary>
public sealed class OuterLayerFaultTests(FaultyIdempotencyStoreFactory factory) : IClassFixture<FaultyIdempotencyStoreFactory>
{
    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    [InlineData("application/json")]
    public async Task A_fault_in_the_idempotency_layer_is_an_internal_error_problem_without_a_stack_trace(string accept)
    {
        var client = factory.Caseworker(Agencies.SocialServicesEkstad, "fault-probe");
        client.DefaultRequestHeaders.Accept.ParseAdd(accept);
        var response = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", ApiCalls.NewCase(), idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("fault inside", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.Equal("internal-error", JsonNode.Parse(text)!["code"]!.GetValue<string>());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>The rate limiter's 429 is a problem document under any Accept (it used to throw, and answer 500).</summary>
public sealed class RateLimitAcceptTests(SmallRateLimitsFactory factory) : IClassFixture<SmallRateLimitsFactory>
{
    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    public async Task The_request_past_the_limit_is_a_429_problem_under_a_non_json_accept(string accept)
    {
        // A fresh window, so that this user's three requests are unspent.
        var seconds = factory.Clock.GetUtcNow().ToUnixTimeSeconds();
        factory.Clock.Advance(TimeSpan.FromSeconds(60 - (seconds % 60) + 60));
        var client = factory.Caseworker(Agencies.NgoEkstad, "limited-" + accept);
        client.DefaultRequestHeaders.Accept.ParseAdd(accept);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/agencies")).StatusCode);
        }

        var refused = await client.GetAsync("/api/v1/agencies");
        await AcceptHeaderTests.ShouldBeProblem(refused, "the fourth request", HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(refused.Headers.Contains("Retry-After"));
    }
}
