using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Api.OpenApi;
using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Cases.Commands;
using CaseCoordination.Application.Cases.Queries;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Referrals;
using CaseCoordination.Application.Referrals.Commands;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseCoordination.Api.Endpoints;

public sealed record CloseCaseBody(CaseOutcome? Outcome, string? Justification);

public sealed record SendReferralBody(
    Guid? ToAgencyId,
    Need? Need,
    Urgency? Urgency,
    IReadOnlyList<DataCategory>? SharedCategories,
    SharingBasisInput? Basis,
    string? Message);

public static class CaseEndpoints
{
    /// <summary>The one value of <c>lead</c> on the case list: the cases the caller's agency leads.</summary>
    private const string MineOnly = "mine";

    public static RouteGroupBuilder MapCases(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cases").WithTags("Cases");

        group.MapPost("/", async Task<Created<CaseDto>> (OpenCase body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var opened = await sender.Send(body, ct);
                return TypedResults.Created($"/api/v1/cases/{opened.Id}", http.WithETag(opened, opened.Version));
            })
            .Validates<OpenCase>()
            .WithName("OpenCase").WithSummary("Open a case for a person; the caller's agency becomes lead (caseworker).");

        group.MapGet("/", async Task<Ok<Page<CaseDto>>> (ISender sender, CancellationToken ct, string? status, string? lead, int? limit, string? cursor) =>
            {
                if (lead is not null && lead != MineOnly)
                {
                    throw new ValidationException([new ValidationFailure("lead", "'lead' can only be 'mine'.")]);
                }

                return TypedResults.Ok(await sender.Send(new GetCases(QueryValues.Enum<CaseStatus>(status, "status"), lead == MineOnly, limit, cursor), ct));
            })
            .Validates<GetCases>().QueryCodes<CaseStatus>("status").QueryCodes("lead", [MineOnly])
            .WithName("ListCases").WithSummary("The cases the caller's agency takes part in (caseworker).");

        group.MapGet("/{id:guid}", async Task<Ok<CaseDto>> (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var found = await sender.Send(new GetCase(id), ct);
                return TypedResults.Ok(http.WithETag(found, found.Version));
            })
            .WithName("GetCase").WithSummary("One case, with the categories the caller may not see marked withheld (caseworker).");

        group.MapGet("/{id:guid}/timeline", async Task<Ok<Page<TimelineEntryDto>>> (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(new Page<TimelineEntryDto>(await sender.Send(new GetCaseTimeline(id), ct), null)))
            .WithName("GetCaseTimeline").WithSummary("The case's events, oldest first (caseworker).");

        group.MapPost("/{id:guid}/close", async Task<Ok<CaseDto>> (Guid id, CloseCaseBody body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var closed = await sender.Send(new CloseCase(id, body.Outcome, body.Justification, ETags.IfMatch(http.Request)), ct);
                return TypedResults.Ok(http.WithETag(closed, closed.Version));
            })
            .Validates<CloseCase>().HonoursIfMatch()
            .WithName("CloseCase").WithSummary("Close the case with an outcome (caseworker of the lead). Honours If-Match.");

        group.MapPost("/{id:guid}/referrals", async Task<Created<ReferralDto>> (Guid id, SendReferralBody body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var sent = await sender.Send(new SendReferral(id, body.ToAgencyId, body.Need, body.Urgency, body.SharedCategories, body.Basis, body.Message), ct);
                return TypedResults.Created($"/api/v1/referrals/{sent.Id}", http.WithETag(sent, sent.Version));
            })
            .Validates<SendReferral>()
            .WithName("SendReferral").WithSummary("Send a referral from the caller's agency (caseworker).");

        return api;
    }
}
