using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Api.OpenApi;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Webhooks;
using CaseCoordination.Application.Webhooks.Commands;
using CaseCoordination.Application.Webhooks.Queries;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseCoordination.Api.Endpoints;

public sealed record CreateWebhookSubscriptionBody(string? Url, IReadOnlyList<string>? Events);

public static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhooks/subscriptions").WithTags("Webhooks");

        group.MapPost("/", async Task<Created<WebhookSecretDto>> (CreateWebhookSubscriptionBody body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var created = await sender.Send(new CreateWebhookSubscription(body.Url, body.Events), ct);
                return TypedResults.Created($"/api/v1/webhooks/subscriptions/{created.Id}", http.WithETag(created, created.Version));
            })
            .Validates<CreateWebhookSubscription>()
            .WithName("CreateWebhookSubscription")
            .WithSummary("Subscribe the caller's agency's system to events (caseworker). The answer carries the signing secret, once; the callback URL must be https and resolve to public addresses (422 callback-url-refused).");

        group.MapGet("/", async Task<Ok<Page<WebhookSubscriptionDto>>> (ISender sender, CancellationToken ct, int? limit, string? cursor) =>
                TypedResults.Ok(await sender.Send(new GetWebhookSubscriptions(limit, cursor), ct)))
            .Validates<GetWebhookSubscriptions>()
            .WithName("ListWebhookSubscriptions").WithSummary("The caller's agency's subscriptions, oldest first, each with its health figure, paged (caseworker).");

        group.MapGet("/{id:guid}", async Task<Ok<WebhookSubscriptionDto>> (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var subscription = await sender.Send(new GetWebhookSubscription(id), ct);
                return TypedResults.Ok(http.WithETag(subscription, subscription.Version));
            })
            .WithName("GetWebhookSubscription").WithSummary("One of the caller's agency's subscriptions (caseworker).");

        group.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeleteWebhookSubscription(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteWebhookSubscription").WithSummary("Delete a subscription and its deliveries (caseworker of its agency).");

        group.MapPost("/{id:guid}/pause", async Task<Ok<WebhookSubscriptionDto>> (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var paused = await sender.Send(new SetWebhookSubscriptionPaused(id, true), ct);
                return TypedResults.Ok(http.WithETag(paused, paused.Version));
            })
            .WithName("PauseWebhookSubscription").WithSummary("Pause deliveries; events keep being stored and go out on resume (caseworker of its agency).");

        group.MapPost("/{id:guid}/resume", async Task<Ok<WebhookSubscriptionDto>> (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var resumed = await sender.Send(new SetWebhookSubscriptionPaused(id, false), ct);
                return TypedResults.Ok(http.WithETag(resumed, resumed.Version));
            })
            .WithName("ResumeWebhookSubscription").WithSummary("Resume deliveries (caseworker of its agency).");

        group.MapPost("/{id:guid}/rotate-secret", async Task<Ok<WebhookSecretDto>> (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var rotated = await sender.Send(new RotateWebhookSecret(id), ct);
                return TypedResults.Ok(http.WithETag(rotated, rotated.Version));
            })
            .WithName("RotateWebhookSecret").WithSummary("Replace the signing secret at once; the answer carries the new one, once (caseworker of its agency).");

        group.MapGet("/{id:guid}/deliveries", async Task<Ok<Page<WebhookDeliveryDto>>> (Guid id, ISender sender, CancellationToken ct, string? status, int? limit, string? cursor) =>
                TypedResults.Ok(await sender.Send(new GetWebhookDeliveries(id, QueryValues.Enum<WebhookDeliveryStatus>(status, "status"), limit, cursor), ct)))
            .Validates<GetWebhookDeliveries>().QueryCodes<WebhookDeliveryStatus>("status")
            .WithName("ListWebhookDeliveries").WithSummary("A subscription's deliveries, newest first: status, attempts, last status code, latency and error (caseworker of its agency).");

        group.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", async Task<Ok<WebhookDeliveryDto>> (Guid id, Guid deliveryId, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new RedeliverWebhookDelivery(id, deliveryId), ct)))
            .WithName("RedeliverWebhookDelivery").WithSummary("Send a parked or delivered delivery again with the same webhook-id (caseworker of its agency).");

        return api;
    }
}
