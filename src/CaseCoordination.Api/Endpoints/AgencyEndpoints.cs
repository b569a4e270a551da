using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Api.OpenApi;
using CaseCoordination.Application.Agencies;
using CaseCoordination.Application.Agencies.Commands;
using CaseCoordination.Application.Agencies.Queries;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseCoordination.Api.Endpoints;

/// <summary>An agency's fields; <c>active: false</c> means it leaves the cooperation.</summary>
public sealed record ChangeAgencyBody(string? Name, AgencyKind? Kind, string? RegionCode, string? MunicipalityCode, IReadOnlyList<Need>? Needs, bool? Active);

public static class AgencyEndpoints
{
    public static RouteGroupBuilder MapAgencies(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/agencies").WithTags("Agencies");

        group.MapGet("/", async Task<Ok<Page<AgencyDto>>> (ISender sender, CancellationToken ct, string? kind, string? region, string? municipality, string? need, int? limit, string? cursor) =>
                TypedResults.Ok(await sender.Send(new GetAgencies(
                    QueryValues.Enum<AgencyKind>(kind, "kind"), region, municipality, QueryValues.Enum<Need>(need, "need"), limit, cursor), ct)))
            .Validates<GetAgencies>().QueryCodes<AgencyKind>("kind").QueryCodes<Need>("need")
            .WithName("ListAgencies").WithSummary("The agencies one can refer to (any role).");

        group.MapGet("/{id:guid}", async Task<Ok<AgencyDto>> (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var agency = await sender.Send(new GetAgency(id), ct);
                return TypedResults.Ok(http.WithETag(agency, agency.Version));
            })
            .WithName("GetAgency").WithSummary("One agency (any role).");

        group.MapPost("/", async Task<Created<AgencyDto>> (CreateAgency body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var agency = await sender.Send(body, ct);
                return TypedResults.Created($"/api/v1/agencies/{agency.Id}", http.WithETag(agency, agency.Version));
            })
            .Validates<CreateAgency>()
            .WithName("CreateAgency").WithSummary("Create an agency (admin).");

        group.MapPut("/{id:guid}", async Task<Ok<AgencyDto>> (Guid id, ChangeAgencyBody body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var agency = await sender.Send(
                    new ChangeAgency(id, body.Name, body.Kind, body.RegionCode, body.MunicipalityCode, body.Needs, body.Active, ETags.IfMatch(http.Request)), ct);
                return TypedResults.Ok(http.WithETag(agency, agency.Version));
            })
            .Validates<ChangeAgency>().HonoursIfMatch()
            .WithName("ChangeAgency").WithSummary("Change an agency (admin). Honours If-Match.");

        return api;
    }
}
