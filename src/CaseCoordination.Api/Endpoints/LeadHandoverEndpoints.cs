using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Api.OpenApi;
using CaseCoordination.Application.Cases;
using CaseCoordination.Application.LeadHandovers;
using CaseCoordination.Application.LeadHandovers.Commands;
using CaseCoordination.Application.LeadHandovers.Queries;
using CaseCoordination.Application.Common.Paging;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseCoordination.Api.Endpoints;

public sealed record ProposeLeadHandoverBody(Guid? ToAgencyId, string? Reason);

public sealed record DeclineLeadHandoverBody(string? Reason);

public sealed record AssignLeadBody(Guid? AgencyId);

public static class LeadHandoverEndpoints
{
    public static RouteGroupBuilder MapLeadHandovers(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Lead agency");

        cases.MapPost("/{id:guid}/lead-handovers", async Task<Created<LeadHandoverDto>> (Guid id, ProposeLeadHandoverBody body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var proposed = await sender.Send(new ProposeLeadHandover(id, body.ToAgencyId, body.Reason, ETags.IfMatch(http.Request)), ct);
                return TypedResults.Created($"/api/v1/lead-handovers/{proposed.Id}", http.WithETag(proposed, proposed.Version));
            })
            .Validates<ProposeLeadHandover>().RequiresIfMatch()
            .WithName("ProposeLeadHandover")
            .WithSummary("Propose a new lead (caseworker of the lead, or coordinator of the region). Requires If-Match with the case's ETag (428 without).");

        cases.MapPut("/{id:guid}/lead", async Task<Ok<CaseDto>> (Guid id, AssignLeadBody body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var assigned = await sender.Send(new AssignLead(id, body.AgencyId, ETags.IfMatch(http.Request)), ct);
                return TypedResults.Ok(http.WithETag(assigned, assigned.Version));
            })
            .Validates<AssignLead>().RequiresIfMatch()
            .WithName("AssignLead")
            .WithSummary("Assign a lead to a case that has none (coordinator of the region). Requires If-Match (428 without).");

        var handovers = api.MapGroup("/lead-handovers").WithTags("Lead agency");

        handovers.MapGet("/", async Task<Ok<Page<LeadHandoverDto>>> (ISender sender, CancellationToken ct) =>
                TypedResults.Ok(new Page<LeadHandoverDto>(await sender.Send(new GetIncomingLeadHandovers(), ct), null)))
            .WithName("ListIncomingLeadHandovers").WithSummary("Open lead handovers proposed to the caller's agency (caseworker).");

        handovers.MapGet("/{id:guid}", async Task<Ok<LeadHandoverDto>> (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var handover = await sender.Send(new GetLeadHandover(id), ct);
                return TypedResults.Ok(http.WithETag(handover, handover.Version));
            })
            .WithName("GetLeadHandover").WithSummary("One lead handover (caseworker of the proposed or proposing agency).");

        handovers.MapPost("/{id:guid}/accept", async Task<Ok<LeadHandoverDto>> (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var answered = await sender.Send(new AcceptLeadHandover(id), ct);
                return TypedResults.Ok(http.WithETag(answered, answered.Version));
            })
            .WithName("AcceptLeadHandover").WithSummary("The proposed agency becomes lead (caseworker of the proposed agency).");

        handovers.MapPost("/{id:guid}/decline", async Task<Ok<LeadHandoverDto>> (Guid id, DeclineLeadHandoverBody? body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var answered = await sender.Send(new DeclineLeadHandover(id, body?.Reason), ct);
                return TypedResults.Ok(http.WithETag(answered, answered.Version));
            })
            .Validates<DeclineLeadHandover>()
            .WithName("DeclineLeadHandover").WithSummary("The proposed agency declines; the current lead stays (caseworker of the proposed agency).");

        return api;
    }
}
