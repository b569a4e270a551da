using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Webhooks;

/// <summary>A subscription as its agency sees it; the secret is never shown again after creation or rotation.</summary>
public sealed record WebhookSubscriptionDto(
    Guid Id, Guid AgencyId, string Url, IReadOnlyList<string> Events, bool Paused, DateTimeOffset CreatedAt,
    DateTimeOffset? SecretRotatedAt, WebhookHealthDto Health, int Version);

/// <summary>
/// The health figure: <c>healthy</c> (the last attempt succeeded or none failed yet), <c>failing</c>
/// (the last attempts failed), <c>paused</c>; with the failures since the last success, the waiting
/// and parked deliveries.
/// </summary>
public sealed record WebhookHealthDto(string Status, int ConsecutiveFailures, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt, int Pending, int Parked);

/// <summary>The answer to a subscription or a rotation: the only time the secret is shown.</summary>
public sealed record WebhookSecretDto(Guid Id, string Url, IReadOnlyList<string> Events, bool Paused, string Secret, int Version);

/// <summary>One delivery: its event, where it stands, and its last attempt (status code, latency, error code).</summary>
public sealed record WebhookDeliveryDto(
    Guid Id, Guid SubscriptionId, string Type, DateTimeOffset OccurredAt, string Status, int Attempts, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt, int? LastStatusCode, int? LastLatencyMilliseconds, string? LastError, DateTimeOffset? DeliveredAt)
{
    public static WebhookDeliveryDto From(WebhookDelivery d) => new(
        d.Id, d.SubscriptionId, d.Type, d.OccurredAt, Codes.Of(d.Status), d.Attempts, d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null,
        d.LastAttemptAt, d.LastStatusCode, d.LastLatencyMilliseconds, d.LastError, d.DeliveredAt);
}

internal static class WebhookReads
{
    public static async Task<IReadOnlyList<WebhookSubscriptionDto>> DtosAsync(IApplicationDbContext db, IReadOnlyList<WebhookSubscription> subscriptions, CancellationToken cancellationToken)
    {
        var ids = subscriptions.Select(s => s.Id).ToList();
        var counts = await db.WebhookDeliveries.Where(d => ids.Contains(d.SubscriptionId) && d.Status != WebhookDeliveryStatus.Delivered)
            .GroupBy(d => new { d.SubscriptionId, d.Status }).Select(g => new { g.Key.SubscriptionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(Guid id, WebhookDeliveryStatus status) => counts.Where(c => c.SubscriptionId == id && c.Status == status).Sum(c => c.Count);
        return subscriptions.Select(s => new WebhookSubscriptionDto(
            s.Id, s.AgencyId, s.Url, s.EventList, s.Paused, s.CreatedAt, s.SecretRotatedAt,
            new WebhookHealthDto(s.Paused ? "paused" : s.ConsecutiveFailures > 0 ? "failing" : "healthy", s.ConsecutiveFailures, s.LastSuccessAt, s.LastFailureAt,
                Count(s.Id, WebhookDeliveryStatus.Pending), Count(s.Id, WebhookDeliveryStatus.Parked)),
            s.Version)).ToList();
    }
}
