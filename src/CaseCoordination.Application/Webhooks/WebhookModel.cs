using System.Security.Cryptography;

namespace CaseCoordination.Application.Webhooks;

/// <summary>The event types a subscription can ask for (api.md, "Webhooks").</summary>
public static class WebhookEvents
{
    /// <summary>A referral was sent to the subscribing agency.</summary>
    public const string ReferralRequested = "referral.requested";

    /// <summary>A referral the agency sent or received changed status (received, accepted, …).</summary>
    public const string ReferralStatusChanged = "referral.status-changed";

    /// <summary>The agency was proposed as a case's new lead.</summary>
    public const string LeadHandoverProposed = "lead-handover.proposed";

    /// <summary>A consent under which the agency received a referral's data was withdrawn.</summary>
    public const string ConsentWithdrawn = "consent.withdrawn";

    /// <summary>A signal the agency must act on came due (its row's due-at passed; Domain/Signals/SignalDefinitions).</summary>
    public const string SignalOpened = "signal.opened";

    public static readonly IReadOnlyList<string> All = [ReferralRequested, ReferralStatusChanged, LeadHandoverProposed, ConsentWithdrawn, SignalOpened];
}

/// <summary>An agency's subscription: its system's callback URL, the events it wants and the signing secret (encrypted at rest).</summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; }
    public Guid AgencyId { get; set; }
    public string Url { get; set; } = string.Empty;

    /// <summary>The subscribed event types, comma-separated in <see cref="WebhookEvents.All"/> order.</summary>
    public string Events { get; set; } = string.Empty;

    /// <summary>The Standard Webhooks secret, <c>whsec_</c> + base64 of 32 random bytes; stored encrypted.</summary>
    public string Secret { get; set; } = string.Empty;

    public bool Paused { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedByUserId { get; set; } = string.Empty;
    public DateTimeOffset? SecretRotatedAt { get; set; }

    /// <summary>Failed attempts since the last success (the health figure); the dispatcher keeps it.</summary>
    public int ConsecutiveFailures { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }
    public DateTimeOffset? LastFailureAt { get; set; }

    /// <summary>Changed by every act on the subscription (the ETag).</summary>
    public int Version { get; set; }

    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool Wants(string eventType) => EventList.Contains(eventType, StringComparer.Ordinal);

    public static string EventsOf(IEnumerable<string> events) => string.Join(',', WebhookEvents.All.Where(events.Contains));

    /// <summary>A new Standard Webhooks secret: <c>whsec_</c> and the base64 of 32 random bytes (the HMAC key).</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its next attempt (<see cref="WebhookDelivery.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed: kept, visible, and redeliverable through the API.</summary>
    Parked,
}

/// <summary>
/// One event for one subscription: the outbox row, written in the act's own transaction (ADR 0028).
/// Its id is the <c>webhook-id</c> and the body's <c>id</c>, the same on every attempt, so a receiver
/// deduplicates by it. Holds ids, times and URLs only — never personal data.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public Guid AgencyId { get; set; }
    public string Type { get; set; } = string.Empty;
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The body's <c>data</c> object, serialized: ids and the resource's URL.</summary>
    public string Data { get; set; } = string.Empty;

    /// <summary>For <c>signal.opened</c>: case, signal and referral, so that a signal that closes before it is due takes its delivery back.</summary>
    public string? SignalKey { get; set; }

    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The dispatcher instance that holds the delivery, until <see cref="LeaseUntil"/> (claimed by a conditional update).</summary>
    public Guid? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public int? LastLatencyMilliseconds { get; set; }

    /// <summary>Why the last attempt failed, as a code (<c>http-status</c>, <c>timeout</c>, <c>connection-failed</c>, <c>address-refused</c>); never the receiver's text.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}
