namespace CaseCoordination.Application.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section (operations.md, "Webhooks").</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Callback URLs on loopback, also over plain <c>http</c> (api.md: true only in Development and tests).</summary>
    public bool AllowInsecureLoopback { get; set; }

    /// <summary>Host names the operator allows although they resolve to private or otherwise refused addresses.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.20.0.0/16</c>) the operator allows although private.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>The API's public base URL (e.g. <c>https://cc.region.se</c>), put before the resource paths in deliveries; relative paths when unset.</summary>
    public string? PublicBaseUrl { get; set; }

    public int MaxSubscriptionsPerAgency { get; set; } = 10;

    /// <summary>Whether this instance runs the dispatcher (every instance may: each delivery is claimed by one).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often the dispatcher looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries claimed per round, and sent at most this many at once.</summary>
    public int BatchSize { get; set; } = 20;

    public int MaxConcurrency { get; set; } = 4;

    /// <summary>One attempt's whole time: connect, send, read the answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a claim holds; past it another instance may take the delivery (a crashed instance's claims run out).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts before a delivery is parked.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; doubled after each further one, up to <see cref="BackoffMax"/>.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Up to this fraction of the wait is added at random, so that failing receivers' retries spread out.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>At most this much of a receiver's answer is read (then the connection is dropped).</summary>
    public int MaxResponseBytes { get; set; } = 4096;

    /// <summary>
    /// How long a delivered delivery is kept (listed, redeliverable) after its delivery; then the dispatcher
    /// deletes it, a batch per round.
    /// </summary>
    public TimeSpan RetainDeliveredFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a parked delivery is kept after its last attempt, for the agency's integrator to see and
    /// redeliver; longer than <see cref="RetainDeliveredFor"/>. A redelivered one starts again (pending).
    /// </summary>
    public TimeSpan RetainParkedFor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 without jitter: base × 2^(attempt−1), at most <see cref="BackoffMax"/>.</summary>
    public TimeSpan BackoffAfter(int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(BackoffMax.Ticks, BackoffBase.Ticks * Math.Pow(2, Math.Max(0, attempt - 1))));
}

/// <summary>
/// Decides whether a callback URL may be called (SSRF, api.md "Webhooks"): the scheme, and every address
/// its host resolves to. Checked when a subscription is made and again, on the resolved addresses, at
/// every delivery.
/// </summary>
public interface ICallbackUrlPolicy
{
    /// <summary>Null when the URL may be called; else the reason code (<c>scheme-not-allowed</c>, <c>address-not-allowed</c>, <c>unresolvable</c>).</summary>
    Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken);
}
