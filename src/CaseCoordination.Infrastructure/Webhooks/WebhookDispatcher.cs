using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CaseCoordination.Application.Webhooks;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Infrastructure.Webhooks;

/// <summary>
/// Sends the outbox's due deliveries (ADR 0028). Every instance may run one: a delivery is claimed by a
/// conditional update of its lease (only a row that is pending, due and not leased is taken, and the
/// update says whether it was), so two dispatchers never send one delivery at once; a crashed instance's
/// claims run out after <see cref="WebhookOptions.Lease"/> and another takes them (at least once, with the
/// same <c>webhook-id</c>). A failed attempt waits base × 2^(n−1) plus up to <see cref="WebhookOptions.Jitter"/>
/// of that, and after <see cref="WebhookOptions.MaxAttempts"/> the delivery is parked. All time comes from
/// <see cref="TimeProvider"/>, the attempt's timeout too. Its own HTTP client: no redirects, no proxy, the
/// SSRF check on every connection, a bounded read of the answer; requests never wait for it. Each round
/// also deletes a batch of delivered and parked deliveries past their retention (<see cref="DeleteExpiredAsync"/>).
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<WebhookOptions> options, CallbackUrlPolicy policy, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = options.Value.Timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxResponseHeadersLength = 16,
        ConnectCallback = policy.ConnectAsync,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // the attempt's own timeout runs on the TimeProvider
    };

    /// <summary>This instance's lease owner id.</summary>
    public Guid Instance { get; } = Guid.NewGuid();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled)
        {
            return;
        }

        do
        {
            try
            {
                await RoundAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Webhook dispatcher round failed ({ExceptionType}); next round in {PollInterval}.", e.GetType().Name, options.Value.PollInterval);
            }
        }
        while (await NextRound.AfterAsync(options.Value.PollInterval, clock, stoppingToken));
    }

    /// <summary>
    /// One round of the loop: sends what is due, batch after batch until nothing is, then deletes one batch
    /// of deliveries past their retention (<see cref="DeleteExpiredAsync"/>).
    /// </summary>
    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        while (await DeliverDueAsync(cancellationToken) > 0)
        {
        }

        await DeleteExpiredAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes up to <see cref="ExpiredRows.Batch"/> deliveries past their retention: delivered ones
    /// <see cref="WebhookOptions.RetainDeliveredFor"/> after their delivery, parked ones
    /// <see cref="WebhookOptions.RetainParkedFor"/> after their last attempt; pending ones never. A settled
    /// delivery's <see cref="WebhookDelivery.NextAttemptAt"/> is the instant it settled (<see cref="RecordAsync"/>),
    /// so the dispatcher's index (status, next attempt) finds them. Returns how many it deleted.
    /// </summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var deliveredBefore = now - o.RetainDeliveredFor;
        var parkedBefore = now - o.RetainParkedFor;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        return await ExpiredRows.DeleteAsync(db, db.WebhookDeliveries,
            d => (d.Status == WebhookDeliveryStatus.Delivered && d.NextAttemptAt <= deliveredBefore)
                || (d.Status == WebhookDeliveryStatus.Parked && d.NextAttemptAt <= parkedBefore),
            d => d.Id, cancellationToken);
    }

    /// <summary>One batch: claims up to <see cref="WebhookOptions.BatchSize"/> due deliveries and sends them; returns how many it claimed.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        List<Claimed> claimed = [];
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
            var due = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
                .Where(d => db.WebhookSubscriptions.Any(s => s.Id == d.SubscriptionId && !s.Paused))
                .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(o.BatchSize).ToListAsync(cancellationToken);
            var mine = new List<Guid>();
            foreach (var id in due)
            {
                var taken = await SqliteWriter.RunAsync(db, ct => db.WebhookDeliveries
                    .Where(d => d.Id == id && d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
                    .ExecuteUpdateAsync(u => u.SetProperty(d => d.LeaseOwner, Instance).SetProperty(d => d.LeaseUntil, now + o.Lease).SetProperty(d => d.Attempts, d => d.Attempts + 1), ct),
                    cancellationToken);
                if (taken == 1)
                {
                    mine.Add(id);
                }
            }

            if (mine.Count == 0)
            {
                return 0;
            }

            claimed = await db.WebhookDeliveries.AsNoTracking().Where(d => mine.Contains(d.Id))
                .Join(db.WebhookSubscriptions, d => d.SubscriptionId, s => s.Id, (d, s) => new Claimed(d, s.Url, s.Secret))
                .ToListAsync(cancellationToken);
        }

        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = o.MaxConcurrency, CancellationToken = cancellationToken },
            async (c, ct) => await RecordAsync(c.Delivery, await SendAsync(c, ct), ct));
        return claimed.Count;
    }

    private sealed record Claimed(WebhookDelivery Delivery, string Url, string Secret);

    private sealed record Outcome(bool Delivered, int? StatusCode, int LatencyMilliseconds, string? Error);

    private async Task<Outcome> SendAsync(Claimed c, CancellationToken cancellationToken)
    {
        var d = c.Delivery;
        var body = System.Text.Encoding.UTF8.GetBytes(new JsonObject
        {
            ["type"] = d.Type, ["id"] = d.Id, ["occurredAt"] = d.OccurredAt, ["data"] = JsonNode.Parse(d.Data),
        }.ToJsonString());
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, c.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", d.Id.ToString());
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(c.Secret, d.Id.ToString(), timestamp, body));
        request.Headers.UserAgent.ParseAdd("CaseCoordination-Webhooks/1");

        using var timeout = new CancellationTokenSource(options.Value.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var started = clock.GetTimestamp();
        int Latency() => (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            await ReadBoundedAsync(response, linked.Token);
            var ok = (int)response.StatusCode is >= 200 and < 300;
            return new Outcome(ok, (int)response.StatusCode, Latency(), ok ? null : "http-status");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new Outcome(false, null, Latency(), "timeout");
        }
        catch (HttpRequestException e) when (e.InnerException is CallbackRefusedException refused)
        {
            logger.LogWarning("Webhook delivery {DeliveryId} of subscription {SubscriptionId} refused: the callback address is not allowed ({Reason}).", d.Id, d.SubscriptionId, refused.Reason);
            return new Outcome(false, null, Latency(), "address-refused");
        }
        catch (HttpRequestException)
        {
            return new Outcome(false, null, Latency(), "connection-failed");
        }
    }

    /// <summary>Reads at most <see cref="WebhookOptions.MaxResponseBytes"/> of the answer and drops the rest.</summary>
    private async Task ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1024];
        var left = options.Value.MaxResponseBytes;
        int read;
        while (left > 0 && (read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, left)), cancellationToken)) > 0)
        {
            left -= read;
        }
    }

    private async Task RecordAsync(WebhookDelivery d, Outcome outcome, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var parked = !outcome.Delivered && d.Attempts >= o.MaxAttempts;
        var status = outcome.Delivered ? WebhookDeliveryStatus.Delivered : parked ? WebhookDeliveryStatus.Parked : WebhookDeliveryStatus.Pending;
        var wait = o.BackoffAfter(d.Attempts);
        // A settled delivery's next attempt is the instant it settled: its retention runs from it (DeleteExpiredAsync).
        var next = outcome.Delivered || parked ? now : now + wait + TimeSpan.FromTicks((long)(wait.Ticks * o.Jitter * Random.Shared.NextDouble()));
        if (!outcome.Delivered)
        {
            logger.LogInformation("Webhook delivery {DeliveryId} attempt {Attempt} failed ({Error}, status {StatusCode}); {Next}.",
                d.Id, d.Attempts, outcome.Error, outcome.StatusCode, parked ? "parked" : $"next attempt at {next:O}");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            using var turn = await SqliteWriter.TakeTurnAsync(db, ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Only while this instance still holds the claim (a redelivery or another instance may have taken it since).
            var mine = await db.WebhookDeliveries.Where(x => x.Id == d.Id && x.LeaseOwner == Instance).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.Status, status).SetProperty(x => x.NextAttemptAt, next)
                .SetProperty(x => x.LeaseOwner, (Guid?)null).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(x => x.LastAttemptAt, now).SetProperty(x => x.LastStatusCode, outcome.StatusCode)
                .SetProperty(x => x.LastLatencyMilliseconds, outcome.LatencyMilliseconds).SetProperty(x => x.LastError, outcome.Error)
                .SetProperty(x => x.DeliveredAt, outcome.Delivered ? now : null), ct);
            if (mine == 1)
            {
                await (outcome.Delivered
                    ? db.WebhookSubscriptions.Where(s => s.Id == d.SubscriptionId)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.ConsecutiveFailures, 0).SetProperty(s => s.LastSuccessAt, now), ct)
                    : db.WebhookSubscriptions.Where(s => s.Id == d.SubscriptionId)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.ConsecutiveFailures, s => s.ConsecutiveFailures + 1).SetProperty(s => s.LastFailureAt, now), ct));
            }

            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
