using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Api.OpenApi;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Directory;
using CaseCoordination.Application.Directory.Commands;
using CaseCoordination.Application.Directory.Queries;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseCoordination.Api.Endpoints;

/// <summary>What a service offers, to whom and where: all of it, on every create and change (<c>capacityConfirmedAt</c>/<c>By</c> are set by the server).</summary>
public sealed record ServiceBody(
    string? Name,
    string? Description,
    IReadOnlyList<Need>? Needs,
    IReadOnlyList<string>? Municipalities,
    bool? RegionWide,
    bool? National,
    IReadOnlyList<ServiceGroup>? Groups,
    bool? AcceptsWithoutPersonalIdentityNumber,
    bool? AcceptsProtectedIdentity,
    IReadOnlyList<string>? Languages,
    IReadOnlyList<Outreach>? Outreach,
    string? ContactHours,
    Capacity? Capacity);

/// <summary>The responsibility directory: services, routing suggestions and the HSDS export (issue 17).</summary>
public static class DirectoryEndpoints
{
    public static RouteGroupBuilder MapDirectory(this RouteGroupBuilder api)
    {
        var agencies = api.MapGroup("/agencies").WithTags("Directory");
        agencies.MapGet("/{id:guid}/services", async Task<Ok<Page<ServiceDto>>> (Guid id, ISender sender, CancellationToken ct, int? limit, string? cursor) =>
                TypedResults.Ok(await sender.Send(new GetAgencyServices(id, limit, cursor), ct)))
            .Validates<GetAgencyServices>()
            .WithName("ListAgencyServices").WithSummary("The agency's services in the directory (any role).");

        agencies.MapPost("/{id:guid}/services", async Task<Created<ServiceDto>> (Guid id, ServiceBody body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var service = await sender.Send(new OfferService(
                    id, body.Name, body.Description, body.Needs, body.Municipalities, body.RegionWide, body.National, body.Groups,
                    body.AcceptsWithoutPersonalIdentityNumber, body.AcceptsProtectedIdentity, body.Languages, body.Outreach, body.ContactHours, body.Capacity), ct);
                return TypedResults.Created($"/api/v1/services/{service.Id}", http.WithETag(service, service.Version));
            })
            .Validates<OfferService>()
            .WithName("OfferService").WithSummary("Add a service the agency offers (admin, or a caseworker of that agency).");

        var services = api.MapGroup("/services").WithTags("Directory");
        services.MapGet("/", async Task<Ok<Page<ServiceDto>>> (
                ISender sender, CancellationToken ct, string? municipality, string? need, string? group, string? language, string? capacity, int? limit, string? cursor) =>
                TypedResults.Ok(await sender.Send(new SearchServices(
                    municipality, QueryValues.Enum<Need>(need, "need"), QueryValues.Enum<ServiceGroup>(group, "group"), language,
                    QueryValues.Enum<Capacity>(capacity, "capacity"), limit, cursor), ct)))
            .Validates<SearchServices>().QueryCodes<Need>("need").QueryCodes<ServiceGroup>("group").QueryCodes<Capacity>("capacity")
            .WithName("SearchServices").WithSummary("Search the directory by municipality, need, group, language and capacity (any role).");

        services.MapGet("/{id:guid}", async Task<Ok<ServiceDto>> (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var service = await sender.Send(new GetService(id), ct);
                return TypedResults.Ok(http.WithETag(service, service.Version));
            })
            .WithName("GetService").WithSummary("One service of the directory (any role).");

        services.MapPut("/{id:guid}", async Task<Ok<ServiceDto>> (Guid id, ServiceBody body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var service = await sender.Send(new ReviseService(
                    id, body.Name, body.Description, body.Needs, body.Municipalities, body.RegionWide, body.National, body.Groups,
                    body.AcceptsWithoutPersonalIdentityNumber, body.AcceptsProtectedIdentity, body.Languages, body.Outreach, body.ContactHours, body.Capacity,
                    ETags.IfMatch(http.Request)), ct);
                return TypedResults.Ok(http.WithETag(service, service.Version));
            })
            .Validates<ReviseService>().RequiresIfMatch()
            .WithName("ReviseService").WithSummary("Change a service, confirming its capacity (admin, or a caseworker of its agency). Requires If-Match.");

        services.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                await sender.Send(new WithdrawService(id, ETags.IfMatch(http.Request)), ct);
                return TypedResults.NoContent();
            })
            .RequiresIfMatch()
            .WithName("WithdrawService").WithSummary("Withdraw a service from the directory (admin, or a caseworker of its agency). Requires If-Match.");

        api.MapGet("/cases/{id:guid}/suggestions", async Task<Ok<Suggestions>> (Guid id, ISender sender, CancellationToken ct, string? need) =>
                TypedResults.Ok(await sender.Send(new GetSuggestions(id, QueryValues.Enum<Need>(need, "need")), ct)))
            .Validates<GetSuggestions>().QueryCodes<Need>("need").WithTags("Directory")
            .WithName("GetSuggestions").WithSummary("The services that fit the case for a need, best first, with matches and mismatches (caseworker of a party agency).");

        api.MapGet("/directory/hsds", async Task<Ok<HsdsDirectory>> (ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetHsdsDirectory(), ct)))
            .AllowAnonymous().WithTags("Directory")
            .WithName("GetHsdsDirectory").WithSummary("The directory as HSDS 3.0 JSON: organizations and services (anonymous or any role; no personal data).");

        return api;
    }
}
