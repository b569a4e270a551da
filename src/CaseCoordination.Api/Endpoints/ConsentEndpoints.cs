using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Api.OpenApi;
using CaseCoordination.Application.Consents;
using CaseCoordination.Application.Consents.Commands;
using CaseCoordination.Application.Consents.Queries;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
using CaseCoordination.Application.Common.Paging;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseCoordination.Api.Endpoints;

public sealed record RecordConsentBody(
    Guid? RecipientAgencyId,
    AgencyKind? RecipientKind,
    IReadOnlyList<DataCategory>? Categories,
    string? Purpose,
    ConsentMethod? Method,
    ConsentGiver? GivenBy,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil);

public static class ConsentEndpoints
{
    public static RouteGroupBuilder MapConsents(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cases/{id:guid}/consents").WithTags("Consent");

        group.MapPost("/", async Task<Created<ConsentDto>> (Guid id, RecordConsentBody body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var consent = await sender.Send(new RecordConsent(id, body.RecipientAgencyId, body.RecipientKind, body.Categories, body.Purpose, body.Method, body.GivenBy, body.ValidFrom, body.ValidUntil), ct);
                return TypedResults.Created($"/api/v1/cases/{id}/consents", http.WithETag(consent, consent.Version));
            })
            .Validates<RecordConsent>()
            .WithName("RecordConsent").WithSummary("Record a consent: one recipient agency or every agency of a kind (caseworker of an agency in the case).");

        group.MapGet("/", async Task<Ok<Page<ConsentDto>>> (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(new Page<ConsentDto>(await sender.Send(new GetConsents(id), ct), null)))
            .WithName("ListConsents").WithSummary("The case's consents, active and past (caseworker of an agency in the case).");

        group.MapPost("/{consentId:guid}/withdraw", async Task<Ok<ConsentDto>> (Guid id, Guid consentId, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var consent = await sender.Send(new WithdrawConsent(id, consentId), ct);
                return TypedResults.Ok(http.WithETag(consent, consent.Version));
            })
            .WithName("WithdrawConsent").WithSummary("Withdraw a consent: it stops covering new access at once; nothing is deleted.");

        return api;
    }
}
