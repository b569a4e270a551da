using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Webhooks;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// An API whose dispatcher loop is off: the tests run its rounds themselves (<see cref="DeliverAsync"/>)
/// on the fake clock. Optionally on a database file and key ring shared with another host (a restart).
/// </summary>
public sealed class WebhookFactory(string? sharedFolder = null, IDictionary<string, string?>? extra = null) : ApiFactory
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan BackoffBase = TimeSpan.FromSeconds(10);
    public const int MaxAttempts = 3;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["Webhooks:DispatcherEnabled"] = "false",
                ["Webhooks:AllowInsecureLoopback"] = "true",
                ["Webhooks:Timeout"] = Timeout.ToString(),
                ["Webhooks:BackoffBase"] = BackoffBase.ToString(),
                ["Webhooks:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Webhooks:Lease"] = "00:01:00",
                ["Webhooks:PublicBaseUrl"] = "https://cc.example",
            };
            if (sharedFolder is not null)
            {
                settings["ConnectionStrings:CaseCoordination"] = $"Data Source={Path.Combine(sharedFolder, "shared.db")}";
                settings["PersonalData:KeysDirectory"] = Path.Combine(sharedFolder, "keys");
            }

            foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            return settings;
        }
    }

    public WebhookDispatcher Dispatcher => Services.GetRequiredService<WebhookDispatcher>();

    public Task<int> DeliverAsync(CancellationToken cancellationToken = default) => Dispatcher.DeliverDueAsync(cancellationToken);

    /// <summary>One round of the dispatcher's loop: what is due is sent, then a batch past its retention is deleted.</summary>
    public Task RoundAsync(CancellationToken cancellationToken = default) => Dispatcher.RoundAsync(cancellationToken);

    public WebhookOptions Options => Services.GetRequiredService<IOptions<WebhookOptions>>().Value;

    public Task<List<WebhookDelivery>> DeliveriesAsync() => Db(db => db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.CreatedAt).ToListAsync());
}

public sealed class WebhookTests : IAsyncLifetime
{
    private const string PersonName = "Alias Webhook Person";
    private const string Situation = "Lives at Storgatan 7, met at the station.";

    private readonly WebhookFactory _api = new();
    private WebhookReceiver _receiver = null!;
    private HttpClient _a = null!;
    private HttpClient _b = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _a = _api.Caseworker(Agencies.SocialServicesEkstad);
        _b = _api.Caseworker(Agencies.HealthcareEkstad, "caseworker-b");
    }

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _api.DisposeAsync();
    }

    internal static async Task<(string Id, string Secret)> SubscribeAsync(HttpClient client, string url, params string[] events)
    {
        var created = await (await client.PostAsJsonAsync("/api/v1/webhooks/subscriptions", new { url, events = events.Length == 0 ? WebhookEvents.All : events }, ApiCalls.Json))
            .ShouldBe(HttpStatusCode.Created);
        var secret = created.Str("secret");
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        return (created.Id(), secret);
    }

    /// <summary>Verifies the Standard Webhooks signature independently of the product's signer.</summary>
    internal static void AssertSigned(ReceivedWebhook w, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{w.Id}.{w.Timestamp}.{w.Body}")));
        Assert.Contains(expected, w.Signature.Split(' '));
    }

    private static readonly HashSet<string> DataFields = ["referralId", "caseId", "leadHandoverId", "consentId", "signal", "url"];

    /// <summary>The body is exactly type, id, occurredAt and data, and data holds ids, a signal code and the resource URL.</summary>
    internal static JsonObject AssertPrivate(ReceivedWebhook w, params string[] personal)
    {
        var body = JsonNode.Parse(w.Body)!.AsObject();
        Assert.Equal(["type", "id", "occurredAt", "data"], body.Select(p => p.Key));
        Assert.Equal(w.Id, body.Str("id"));
        Assert.All(body["data"]!.AsObject(), p => Assert.Contains(p.Key, DataFields));
        Assert.StartsWith("https://cc.example/api/v1/", body["data"]!["url"]!.GetValue<string>());
        foreach (var text in personal)
        {
            Assert.DoesNotContain(text, w.Body, StringComparison.OrdinalIgnoreCase);
        }

        return body;
    }

    private async Task<(string CaseId, string ReferralId)> CaseWithReferralAsync()
    {
        var opened = await _a.OpenCaseAsync(ApiCalls.NewCase(PersonName, birthDate: "1990-04-01", situation: Situation));
        var referral = await _a.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad);
        return (opened.Id(), referral.Id());
    }

    [Fact]
    public async Task Every_event_type_arrives_once_signed_and_without_personal_data()
    {
        var (_, secretA) = await SubscribeAsync(_a, _receiver.UrlOf("/a"));
        var (_, secretB) = await SubscribeAsync(_b, _receiver.UrlOf("/b"));
        var (caseId, referralId) = await CaseWithReferralAsync();

        // The referral is not received within its window (urgent: 24 h): its signal opens for the receiver.
        _api.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await (await _b.SendJsonAsync(HttpMethod.Post, $"/api/v1/referrals/{referralId}/receive", null)).ShouldBe(HttpStatusCode.OK);
        var casePath = $"/api/v1/cases/{caseId}";
        var proposed = await (await _a.SendJsonAsync(HttpMethod.Post, $"{casePath}/lead-handovers", new { toAgencyId = Agencies.HealthcareEkstad, reason = "Better placed." },
            await _a.ETagOfAsync(casePath))).ShouldBe(HttpStatusCode.Created);
        var consents = await (await _a.GetAsync($"{casePath}/consents")).ShouldBe(HttpStatusCode.OK);
        var consentId = consents["items"]!.AsArray().Single()!["id"]!.GetValue<string>();
        await (await _a.SendJsonAsync(HttpMethod.Post, $"{casePath}/consents/{consentId}/withdraw", null)).ShouldBe(HttpStatusCode.OK);

        while (await _api.DeliverAsync() > 0)
        {
        }

        var got = _receiver.Received.ToList();
        var seen = got.Select(w =>
        {
            AssertSigned(w, w.Path == "/a" ? secretA : secretB);
            Assert.Equal(_api.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), w.Timestamp);
            var body = AssertPrivate(w, PersonName, "Storgatan", "1990-04-01", "Please contact");
            var data = body["data"]!.AsObject();
            var key = data["referralId"]?.GetValue<string>() ?? data["leadHandoverId"]?.GetValue<string>() ?? data["consentId"]?.GetValue<string>();
            Assert.Equal(caseId, data["caseId"]!.GetValue<string>());
            return $"{w.Path} {body.Str("type")} {key}{(data["signal"] is { } s ? " " + s.GetValue<string>() : string.Empty)}";
        }).Order().ToList();

        Assert.Equal(new[]
        {
            $"/a referral.status-changed {referralId}",
            $"/b consent.withdrawn {consentId}",
            $"/b lead-handover.proposed {proposed.Id()}",
            $"/b referral.requested {referralId}",
            $"/b referral.status-changed {referralId}",
            $"/b signal.opened {referralId} not-received",
        }.Order(), seen);
        Assert.Equal(got.Count, got.Select(w => w.Id).Distinct().Count());

        // Nothing is sent twice.
        Assert.Equal(0, await _api.DeliverAsync());
        Assert.Equal(6, _receiver.Received.Count);
    }

    [Fact]
    public async Task A_signal_that_closes_before_it_is_due_is_never_sent()
    {
        await SubscribeAsync(_b, _receiver.UrlOf("/b"), WebhookEvents.SignalOpened);
        var (_, referralId) = await CaseWithReferralAsync();
        Assert.Contains(await _api.DeliveriesAsync(), d => d.Type == WebhookEvents.SignalOpened && d.Data.Contains("not-received"));

        await (await _b.SendJsonAsync(HttpMethod.Post, $"/api/v1/referrals/{referralId}/receive", null)).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(await _api.DeliveriesAsync(), d => d.Data.Contains("not-received"));
        _api.Clock.Advance(TimeSpan.FromHours(25));
        await _api.DeliverAsync();
        Assert.DoesNotContain(_receiver.Received, w => w.Body.Contains("not-received"));
    }

    [Fact]
    public async Task A_receiver_answering_500_is_retried_on_the_backoff_schedule_until_it_succeeds()
    {
        _receiver.Answer = n => n <= 2 ? 500 : 200;
        var (subscriptionId, secret) = await SubscribeAsync(_b, _receiver.UrlOf("/b"), WebhookEvents.ReferralRequested);
        await CaseWithReferralAsync();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var before = _receiver.Received.Count;
            Assert.Equal(1, await _api.DeliverAsync());
            Assert.Equal(before + 1, _receiver.Received.Count);
            var delivery = (await _api.DeliveriesAsync()).Single();
            Assert.Equal(attempt, delivery.Attempts);
            if (attempt == 3)
            {
                Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
                break;
            }

            // Due after base × 2^(attempt−1), plus at most 20 % jitter.
            var wait = WebhookFactory.BackoffBase * Math.Pow(2, attempt - 1);
            var now = _api.Clock.GetUtcNow();
            Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
            Assert.InRange(delivery.NextAttemptAt, now + wait, now + (wait * 1.2));
            _api.Clock.Advance(wait - TimeSpan.FromSeconds(1));
            Assert.Equal(0, await _api.DeliverAsync());
            _api.Clock.Advance(delivery.NextAttemptAt - _api.Clock.GetUtcNow());
        }

        var all = _receiver.Received.ToList();
        Assert.Single(all.Select(w => w.Id).Distinct());
        Assert.All(all, w => AssertSigned(w, secret));

        var deliveries = await (await _b.GetAsync($"/api/v1/webhooks/subscriptions/{subscriptionId}/deliveries")).ShouldBe(HttpStatusCode.OK);
        var shown = deliveries["items"]!.AsArray().Single()!;
        Assert.Equal("delivered", shown["status"]!.GetValue<string>());
        Assert.Equal(3, shown["attempts"]!.GetValue<int>());
        Assert.Equal(200, shown["lastStatusCode"]!.GetValue<int>());
        Assert.NotNull(shown["lastLatencyMilliseconds"]);
        var subscription = await (await _b.GetAsync($"/api/v1/webhooks/subscriptions/{subscriptionId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("healthy", subscription["health"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_receiver_that_hangs_times_out_on_the_clock_and_is_retried()
    {
        _receiver.Answer = n => n == 1 ? null : 200;
        await SubscribeAsync(_b, _receiver.UrlOf("/b"), WebhookEvents.ReferralRequested);
        await CaseWithReferralAsync();

        var round = _api.DeliverAsync();
        await _receiver.NextAsync();
        Assert.False(round.IsCompleted);
        _api.Clock.Advance(WebhookFactory.Timeout);
        Assert.Equal(1, await round);
        var delivery = (await _api.DeliveriesAsync()).Single();
        Assert.Equal((WebhookDeliveryStatus.Pending, 1, "timeout"), (delivery.Status, delivery.Attempts, delivery.LastError));

        _api.Clock.Advance(delivery.NextAttemptAt - _api.Clock.GetUtcNow());
        Assert.Equal(1, await _api.DeliverAsync());
        Assert.Equal(WebhookDeliveryStatus.Delivered, (await _api.DeliveriesAsync()).Single().Status);
    }

    [Fact]
    public async Task A_receiver_that_is_down_is_parked_after_the_last_attempt_and_can_be_redelivered()
    {
        var port = _receiver.Port;
        var (subscriptionId, secret) = await SubscribeAsync(_b, _receiver.UrlOf("/b"), WebhookEvents.ReferralRequested);
        await _receiver.DisposeAsync(); // down
        await CaseWithReferralAsync();

        for (var attempt = 1; attempt <= WebhookFactory.MaxAttempts; attempt++)
        {
            Assert.Equal(1, await _api.DeliverAsync());
            var delivery = (await _api.DeliveriesAsync()).Single();
            Assert.Equal(("connection-failed", attempt), (delivery.LastError, delivery.Attempts));
            _api.Clock.Advance(TimeSpan.FromHours(1));
        }

        var path = $"/api/v1/webhooks/subscriptions/{subscriptionId}";
        var parked = (await (await _b.GetAsync($"{path}/deliveries?status=parked")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray().Single()!;
        Assert.Equal(WebhookFactory.MaxAttempts, parked["attempts"]!.GetValue<int>());
        Assert.Equal(0, await _api.DeliverAsync());
        var health = (await (await _b.GetAsync(path)).ShouldBe(HttpStatusCode.OK))["health"]!;
        Assert.Equal(("failing", WebhookFactory.MaxAttempts, 1), (health["status"]!.GetValue<string>(), health["consecutiveFailures"]!.GetValue<int>(), health["parked"]!.GetValue<int>()));

        // Up again: an operator redelivers the parked one, with the same id.
        _receiver = await WebhookReceiver.StartAsync(port);
        var deliveryId = parked["id"]!.GetValue<string>();
        await (await _a.SendJsonAsync(HttpMethod.Post, $"{path}/deliveries/{deliveryId}/redeliver", null)).ProblemShouldBe(HttpStatusCode.NotFound);
        await (await _b.SendJsonAsync(HttpMethod.Post, $"{path}/deliveries/{deliveryId}/redeliver", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, await _api.DeliverAsync());
        var arrived = Assert.Single(_receiver.Received);
        Assert.Equal(deliveryId, arrived.Id);
        AssertSigned(arrived, secret);
        Assert.Equal("healthy", (await (await _b.GetAsync(path)).ShouldBe(HttpStatusCode.OK))["health"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_paused_subscription_keeps_its_events_and_a_rotated_secret_signs_what_follows()
    {
        var (id, oldSecret) = await SubscribeAsync(_b, _receiver.UrlOf("/b"), WebhookEvents.ReferralRequested);
        var path = $"/api/v1/webhooks/subscriptions/{id}";
        await (await _b.SendJsonAsync(HttpMethod.Post, $"{path}/pause", null)).ShouldBe(HttpStatusCode.OK);
        await CaseWithReferralAsync();
        Assert.Equal(0, await _api.DeliverAsync());

        var rotated = await (await _b.SendJsonAsync(HttpMethod.Post, $"{path}/rotate-secret", null)).ShouldBe(HttpStatusCode.OK);
        var newSecret = rotated.Str("secret");
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Null((await (await _b.GetAsync(path)).ShouldBe(HttpStatusCode.OK))["secret"]);

        await (await _b.SendJsonAsync(HttpMethod.Post, $"{path}/resume", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, await _api.DeliverAsync());
        AssertSigned(Assert.Single(_receiver.Received), newSecret);
    }

    [Fact]
    public async Task Delivered_deliveries_are_deleted_after_their_retention_parked_ones_later_and_pending_ones_never()
    {
        var retain = _api.Options;
        Assert.True(retain.RetainParkedFor > 2 * retain.RetainDeliveredFor); // so the third is gone before the parked one
        var (subscriptionId, _) = await SubscribeAsync(_b, _receiver.UrlOf("/b"), WebhookEvents.ReferralRequested);
        var path = $"/api/v1/webhooks/subscriptions/{subscriptionId}";
        var (pausedId, _) = await SubscribeAsync(_b, _receiver.UrlOf("/paused"), WebhookEvents.ReferralRequested);
        await (await _b.SendJsonAsync(HttpMethod.Post, $"/api/v1/webhooks/subscriptions/{pausedId}/pause", null)).ShouldBe(HttpStatusCode.OK);

        // The receiver fails: the first referral's delivery is parked after the last attempt.
        _receiver.Answer = _ => 500;
        var (_, first) = await CaseWithReferralAsync();
        for (var attempt = 1; attempt <= WebhookFactory.MaxAttempts; attempt++)
        {
            _api.Clock.Advance(TimeSpan.FromHours(1));
            await _api.RoundAsync();
        }

        var parked = await DeliveryOfAsync(subscriptionId, first);
        Assert.Equal(WebhookDeliveryStatus.Parked, parked.Status);
        var parkedAt = _api.Clock.GetUtcNow();

        // It answers again: the second referral's delivery is delivered now, the third's a day before the second's retention ends.
        _receiver.Answer = _ => 200;
        var (_, second) = await CaseWithReferralAsync();
        await _api.RoundAsync();
        var old = await DeliveryOfAsync(subscriptionId, second);
        Assert.Equal(WebhookDeliveryStatus.Delivered, old.Status);
        var deliveredAt = _api.Clock.GetUtcNow();
        _api.Clock.Advance(retain.RetainDeliveredFor - TimeSpan.FromDays(1));
        var (_, third) = await CaseWithReferralAsync();
        await _api.RoundAsync();
        var young = await DeliveryOfAsync(subscriptionId, third);
        Assert.Equal(WebhookDeliveryStatus.Delivered, young.Status);

        async Task<string[]> ListedAsync(string query = "") =>
            (await (await _b.GetAsync($"{path}/deliveries{query}")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(new[] { parked.Id, old.Id, young.Id }.Select(id => id.ToString()).Order(), await ListedAsync());

        // The second's retention ends: it is gone; the third (younger) and the parked one (kept longer) stay.
        _api.Clock.Advance(deliveredAt + retain.RetainDeliveredFor - _api.Clock.GetUtcNow());
        await _api.RoundAsync();
        Assert.Equal(new[] { parked.Id, young.Id }.Select(id => id.ToString()).Order(), await ListedAsync());
        Assert.Equal([young.Id.ToString()], await ListedAsync("?status=delivered"));
        Assert.Equal([parked.Id.ToString()], await ListedAsync("?status=parked"));
        await (await _b.SendJsonAsync(HttpMethod.Post, $"{path}/deliveries/{old.Id}/redeliver", null)).ProblemShouldBe(HttpStatusCode.NotFound);

        // Just before the parked one's retention ends it is still there to redeliver (the third is gone by now); then it is gone too.
        _api.Clock.Advance(parkedAt + retain.RetainParkedFor - TimeSpan.FromMinutes(1) - _api.Clock.GetUtcNow());
        await _api.RoundAsync();
        Assert.Equal([parked.Id.ToString()], await ListedAsync());
        _api.Clock.Advance(TimeSpan.FromMinutes(1));
        await _api.RoundAsync();
        Assert.Empty(await ListedAsync());

        // The paused subscription's deliveries wait, pending, however old.
        var waiting = (await _api.DeliveriesAsync()).Where(d => d.SubscriptionId == Guid.Parse(pausedId)).ToList();
        Assert.Equal(3, waiting.Count);
        Assert.All(waiting, d => Assert.Equal(WebhookDeliveryStatus.Pending, d.Status));
    }

    [Fact]
    public async Task A_round_deletes_at_most_a_hundred_expired_deliveries_and_the_next_rounds_the_rest()
    {
        var (subscriptionId, _) = await SubscribeAsync(_b, _receiver.UrlOf("/b"), WebhookEvents.ReferralRequested);
        var (_, referralId) = await CaseWithReferralAsync();
        await _api.RoundAsync();
        var delivered = await DeliveryOfAsync(subscriptionId, referralId);
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivered.Status);
        // 150 more delivered at the same instant (copies with their own ids).
        await _api.Db(db =>
        {
            db.WebhookDeliveries.AddRange(Enumerable.Range(0, 150).Select(_ => Copy(delivered)));
            return db.SaveChangesAsync();
        });

        _api.Clock.Advance(_api.Options.RetainDeliveredFor);
        Assert.Equal(100, await _api.Dispatcher.DeleteExpiredAsync(CancellationToken.None));
        Assert.Equal(51, (await _api.DeliveriesAsync()).Count);
        await _api.RoundAsync();
        Assert.Empty(await _api.DeliveriesAsync());
        Assert.Equal(0, await _api.Dispatcher.DeleteExpiredAsync(CancellationToken.None));

        static WebhookDelivery Copy(WebhookDelivery d) => new()
        {
            Id = Guid.NewGuid(), SubscriptionId = d.SubscriptionId, AgencyId = d.AgencyId, Type = d.Type, OccurredAt = d.OccurredAt, Data = d.Data,
            Status = d.Status, Attempts = d.Attempts, NextAttemptAt = d.NextAttemptAt, CreatedAt = d.CreatedAt, LastAttemptAt = d.LastAttemptAt,
            LastStatusCode = d.LastStatusCode, LastLatencyMilliseconds = d.LastLatencyMilliseconds, DeliveredAt = d.DeliveredAt,
        };
    }

    /// <summary>The subscription's delivery of the referral's <c>referral.requested</c>.</summary>
    private async Task<WebhookDelivery> DeliveryOfAsync(string subscriptionId, string referralId) =>
        (await _api.DeliveriesAsync()).Single(d => d.SubscriptionId == Guid.Parse(subscriptionId) && d.Data.Contains(referralId, StringComparison.Ordinal));

    [Fact]
    public async Task Subscriptions_are_the_agencys_own()
    {
        var (id, _) = await SubscribeAsync(_b, _receiver.UrlOf("/b"));
        var path = $"/api/v1/webhooks/subscriptions/{id}";
        await (await _a.GetAsync(path)).ProblemShouldBe(HttpStatusCode.NotFound);
        await (await _a.DeleteAsync(path)).ProblemShouldBe(HttpStatusCode.NotFound);
        Assert.Empty((await (await _a.GetAsync("/api/v1/webhooks/subscriptions")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray());
        var admin = _api.As("admin-1", "admin", null, null);
        await (await admin.GetAsync("/api/v1/webhooks/subscriptions")).ProblemShouldBe(HttpStatusCode.Forbidden, "role-not-allowed");
        await (await _b.PostAsJsonAsync("/api/v1/webhooks/subscriptions", new { url = _receiver.UrlOf("/b"), events = new[] { "referral.read" } }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");

        Assert.Single((await (await _b.GetAsync("/api/v1/webhooks/subscriptions")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray());
        await (await _b.DeleteAsync(path)).ShouldBe(HttpStatusCode.NoContent);
        await (await _b.GetAsync(path)).ProblemShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>The subscription list pages by limit and cursor like every list (api.md), oldest first.</summary>
    [Fact]
    public async Task The_subscription_list_pages_by_limit_and_cursor()
    {
        var subscribed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            subscribed.Add((await SubscribeAsync(_a, _receiver.UrlOf($"/page-{i}"))).Id);
            _api.Clock.Advance(TimeSpan.FromSeconds(i)); // the first two share their instant: the id breaks the tie
        }

        const string list = "/api/v1/webhooks/subscriptions";
        var all = await (await _a.GetAsync(list)).ShouldBe(HttpStatusCode.OK);
        Assert.Null(all["nextCursor"]);
        var ids = all["items"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(subscribed.Order(), ids.Order());
        Assert.Equal(subscribed[2], ids[2]);

        var first = await (await _a.GetAsync($"{list}?limit=2")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(ids[..2], first["items"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = await (await _a.GetAsync($"{list}?limit=2&cursor={Uri.EscapeDataString(cursor)}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(ids[2..], second["items"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        Assert.Null(second["nextCursor"]);

        foreach (var (query, parameter) in new[]
        {
            ("limit=0", "limit"), ("limit=501", "limit"), ("cursor=bm90LWEtY3Vyc29y", "cursor"),
            // The shared page rules (PageRules): a cursor's length and alphabet, as on every list.
            ("cursor=" + new string('A', Application.Common.Paging.PageRules.MaxCursorLength + 1), "cursor"), ("cursor=%2B%2F", "cursor"),
        })
        {
            var problem = await (await _a.GetAsync($"{list}?{query}")).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
            Assert.NotNull(problem["errors"]![parameter]);
        }
    }
}

/// <summary>The signer against the Standard Webhooks specification's published test vector.</summary>
public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_published_test_vector_reproduces()
    {
        Assert.Equal(
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}")));
    }
}
