using CaseCoordination.Api.OpenApi;
using CaseCoordination.Application.Dashboards;
using CaseCoordination.Application.Signals;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseCoordination.Api.Endpoints;

public static class DashboardEndpoints
{
    public static RouteGroupBuilder MapDashboards(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/dashboards").WithTags("Dashboards");

        group.MapGet("/{region}", async Task<Ok<Dashboard>> (string region, ISender sender, CancellationToken ct, DateTimeOffset? from, DateTimeOffset? to) =>
                TypedResults.Ok(await sender.Send(new GetDashboard(region, from, to), ct)))
            .Validates<GetDashboard>()
            .WithName("GetDashboard")
            .WithSummary("Aggregates for a region (or * for the nation) over a period; counts 1-4 suppressed in breakdowns (coordinator).");

        group.MapGet("/{region}/coverage", async Task<Ok<CoverageFigures>> (string region, ISender sender, CancellationToken ct, DateTimeOffset? from, DateTimeOffset? to) =>
                TypedResults.Ok(await sender.Send(new GetCoverage(region, from, to), ct)))
            .Validates<GetCoverage>()
            .WithName("GetCoverage")
            .WithSummary("Municipality × need × group: covered by an open service or a gap, with the period's referrals outside coverage; counts 1-4 suppressed (coordinator).");

        group.MapGet("/{region}/signals", async Task<Ok<FollowUpPage>> (
                string region, ISender sender, CancellationToken ct, string? signal, string? municipality, Guid? agency, int? limit, string? cursor) =>
                TypedResults.Ok(await sender.Send(new GetFollowUpList(region, signal, municipality, agency, limit, cursor), ct)))
            .Validates<GetFollowUpList>().QueryCodes("signal", SignalCodes.All)
            .WithName("GetFollowUpList")
            .WithSummary("The pseudonymous follow-up list of open signals, oldest first (coordinator).");

        return api;
    }
}
