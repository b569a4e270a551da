using System.Net;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Common.Interfaces;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CaseCoordination.Api.Tests;

public sealed class PlatformTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>
    /// Contexts are pooled: a request's scope takes one back after another request used it. Entries
    /// that a request queued for the access log but never committed (it failed) must not be written by
    /// the next request's commit, under the next request's act, even when the next request gets the
    /// same pooled context.
    /// </summary>
    [Fact]
    public async Task An_access_log_entry_queued_by_a_request_that_never_saved_is_not_written_by_the_next()
    {
        CaseCoordination.Infrastructure.Persistence.CaseCoordinationDbContext first;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<CaseCoordination.Infrastructure.Persistence.CaseCoordinationDbContext>();
            scope.ServiceProvider.GetRequiredService<IUnitOfWork>().AppendToAccessLog([new Domain.AccessLog.AccessLogEntry(factory.Clock.GetUtcNow(), "pool-leftover", null, null, null, "case.read", "case",
                Guid.NewGuid(), null, null, Domain.AccessLog.AccessOutcome.Allowed, null, null)]);
        }

        // Lease until the pool hands the same instance back (other leases stay open meanwhile, so
        // the pool cannot give any of them twice), then save with it.
        var held = new List<AsyncServiceScope>();
        try
        {
            for (var i = 0; i < 64; i++)
            {
                var scope = factory.Services.CreateAsyncScope();
                held.Add(scope);
                var next = scope.ServiceProvider.GetRequiredService<CaseCoordination.Infrastructure.Persistence.CaseCoordinationDbContext>();
                if (!ReferenceEquals(next, first))
                {
                    continue;
                }

                var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
                unitOfWork.AppendToAccessLog([new Domain.AccessLog.AccessLogEntry(factory.Clock.GetUtcNow(), "pool-next", null, null, null, "case.read", "case",
                    Guid.NewGuid(), null, null, Domain.AccessLog.AccessOutcome.Allowed, null, null)]);
                await unitOfWork.CommitAsync(CancellationToken.None);
                break;
            }
        }
        finally
        {
            foreach (var scope in held)
            {
                await scope.DisposeAsync();
            }
        }

        var users = await factory.Db(db => db.AccessLog.Where(e => e.UserId.StartsWith("pool-")).Select(e => e.UserId).ToListAsync());
        Assert.Equal(["pool-next"], users);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_a_token_and_ready_checks_the_database()
    {
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_needs_a_valid_token()
    {
        var anonymous = factory.CreateClient();
        await (await anonymous.GetAsync("/api/v1/agencies")).ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthenticated");

        var forged = factory.CreateClient();
        var token = CaseCoordination.Api.Infrastructure.DevTokens.Mint("another-key-that-is-long-enough-to-sign-with-0123", "x", "caseworker", Agencies.PoliceEkstad, null, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        forged.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await (await forged.GetAsync("/api/v1/agencies")).ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthenticated");

        var expired = factory.CreateClient();
        var old = CaseCoordination.Api.Infrastructure.DevTokens.Mint(ApiFactory.DevKey, "x", "caseworker", Agencies.PoliceEkstad, null, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(-2));
        expired.DefaultRequestHeaders.Authorization = new("Bearer", old);
        await (await expired.GetAsync("/api/v1/agencies")).ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task A_token_with_an_unknown_role_is_unauthenticated_and_a_caseworker_without_agency_is_forbidden()
    {
        // An unknown role is a claim of the wrong shape (TokenClaimRules, TokenClaimTests): the token is not accepted.
        await (await factory.As("x", "superuser", null, null).GetAsync("/api/v1/agencies")).ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await factory.As("x", "caseworker", null, null).GetAsync("/api/v1/cases")).ProblemShouldBe(HttpStatusCode.Forbidden, "agency-required");
    }

    [Fact]
    public async Task The_openapi_document_declares_the_bearer_scheme_and_requires_it()
    {
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        var requirement = document["security"]!.AsArray().Single()!.AsObject();
        Assert.True(requirement.ContainsKey("Bearer"));
        Assert.NotNull(document["paths"]!["/api/v1/referrals/{id}/accept"]);
        Assert.NotNull(document["paths"]!["/api/v1/cases/{id}/referrals"]);
    }

    [Fact]
    public void Outside_development_the_app_refuses_to_start_without_a_real_token_authority()
    {
        using var production = new ProductionWithoutAuthority();
        var error = Assert.ThrowsAny<Exception>(() => production.CreateClient());
        Assert.Contains("Auth:Authority", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class ProductionWithoutAuthority : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Auth:DevSigningKey", ApiFactory.DevKey);
            builder.UseSetting("PersonalData:LookupKey", ApiFactory.LookupKey);
            builder.UseSetting("PersonalData:KeysDirectory", Path.Combine(Path.GetTempPath(), "cc-prod-keys-" + Guid.NewGuid().ToString("N")));
            builder.UseSetting("ConnectionStrings:CaseCoordination", $"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))}.db");
        }
    }
}
