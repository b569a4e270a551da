using System.Text;
using CaseCoordination.Api.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Enumerates every endpoint the API exposes and calls each one that touches case data, the way an
/// agency that is not party to anything would. Each call must leave at least one access-log entry:
/// an endpoint added later without logging fails here.
/// </summary>
public sealed class EndpointAccessLogCoverageTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>Endpoints that carry no personal data: agencies, reads of the directory's services and its export, health, documentation.</summary>
    private static bool TouchesCaseData(string pattern, string method) =>
        pattern.StartsWith("/api/v1/", StringComparison.Ordinal) && !pattern.StartsWith("/api/v1/agencies", StringComparison.Ordinal)
        && !(method == "GET" && (pattern.StartsWith("/api/v1/services", StringComparison.Ordinal) || pattern.StartsWith("/api/v1/directory", StringComparison.Ordinal)));

    [Fact]
    public async Task Every_endpoint_that_touches_case_data_writes_the_access_log()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: "/" + e.RoutePattern.RawText!.TrimStart('/'), Methods: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []))
            .SelectMany(e => e.Methods.Select(m => (e.Pattern, Method: m)))
            .Where(e => TouchesCaseData(e.Pattern, e.Method))
            .ToList();
        Assert.True(endpoints.Count >= 25, $"only {endpoints.Count} endpoints found");

        var caller = factory.Caseworker(Agencies.PoliceEkstad, "coverage-probe");
        var missing = new List<string>();
        foreach (var (pattern, method) in endpoints)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}]+}", Guid.NewGuid().ToString());
            var before = await factory.Db(db => db.AccessLog.CountAsync(e => e.UserId == "coverage-probe"));
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            }

            var response = await caller.SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"{method} {pattern} answered {(int)response.StatusCode}");
            var after = await factory.Db(db => db.AccessLog.CountAsync(e => e.UserId == "coverage-probe"));
            if (after <= before)
            {
                missing.Add($"{method} {pattern}");
            }
        }

        Assert.Empty(missing);
    }
}
