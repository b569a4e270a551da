using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Webhooks;
using CaseCoordination.Domain.AccessLog;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Two hosts, one after the other, on one SQLite file and key ring: an API restarted between the act and
/// the delivery, or killed while a delivery is under way; and hosts whose SSRF settings differ.
/// </summary>
public sealed class WebhookRestartTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casecoordination-tests", "shared-" + Guid.NewGuid().ToString("N"));
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<string> ActAsync(WebhookFactory api)
    {
        var sender = api.Caseworker(Agencies.SocialServicesEkstad);
        var opened = await sender.OpenCaseAsync();
        return (await sender.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad)).Id();
    }

    [Fact]
    public async Task A_delivery_stored_before_a_restart_is_sent_once_after_it()
    {
        string referralId;
        await using (var before = new WebhookFactory(_folder))
        {
            await WebhookTests.SubscribeAsync(before.Caseworker(Agencies.HealthcareEkstad), _receiver.UrlOf("/b"), WebhookEvents.ReferralRequested);
            referralId = await ActAsync(before);
        }

        Assert.Empty(_receiver.Received);
        await using var after = new WebhookFactory(_folder);
        Assert.Equal(1, await after.DeliverAsync());
        Assert.Equal(0, await after.DeliverAsync());
        var arrived = Assert.Single(_receiver.Received);
        Assert.Contains(referralId, arrived.Body);
    }

    [Fact]
    public async Task A_delivery_under_way_when_the_api_dies_is_sent_again_with_the_same_id_after_its_lease()
    {
        _receiver.Answer = n => n == 1 ? null : 200;
        await using (var dying = new WebhookFactory(_folder))
        {
            await WebhookTests.SubscribeAsync(dying.Caseworker(Agencies.HealthcareEkstad), _receiver.UrlOf("/b"), WebhookEvents.ReferralRequested);
            await ActAsync(dying);
            using var death = new CancellationTokenSource();
            var round = dying.DeliverAsync(death.Token);
            await _receiver.NextAsync();
            await death.CancelAsync(); // the process goes away mid-delivery: nothing is recorded
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => round);
        }

        await using var next = new WebhookFactory(_folder);
        Assert.Equal(0, await next.DeliverAsync()); // the dead instance's lease still holds
        next.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await next.DeliverAsync());
        var delivery = (await next.DeliveriesAsync()).Single();
        Assert.Equal((WebhookDeliveryStatus.Delivered, 2), (delivery.Status, delivery.Attempts));
        var ids = _receiver.Received.Select(w => w.Id).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Single(ids.Distinct()); // at least once, deduplicated by webhook-id
    }

    [Fact]
    public async Task A_callback_whose_address_is_no_longer_allowed_is_not_called_at_delivery()
    {
        await using (var permissive = new WebhookFactory(_folder))
        {
            await WebhookTests.SubscribeAsync(permissive.Caseworker(Agencies.HealthcareEkstad), _receiver.UrlOf("/b"), WebhookEvents.ReferralRequested);
            await ActAsync(permissive);
        }

        await using var strict = new WebhookFactory(_folder, new Dictionary<string, string?> { ["Webhooks:AllowInsecureLoopback"] = "false" });
        Assert.Equal(1, await strict.DeliverAsync());
        Assert.Empty(_receiver.Received);
        var delivery = (await strict.DeliveriesAsync()).Single();
        Assert.Equal((WebhookDeliveryStatus.Pending, "address-refused"), (delivery.Status, delivery.LastError));
    }
}

/// <summary>Callback URLs outside Development: https to public addresses only, unless allow-listed; refusals are problems and refused acts.</summary>
public sealed class WebhookSsrfTests : IAsyncLifetime
{
    private readonly WebhookFactory _api = new(extra: new Dictionary<string, string?>
    {
        ["Webhooks:AllowInsecureLoopback"] = "false",
        ["Webhooks:AllowedNetworks:0"] = "10.20.0.0/16",
    });

    private HttpClient _b = null!;

    public ValueTask InitializeAsync()
    {
        _b = _api.Caseworker(Agencies.HealthcareEkstad);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1:8080/hooks", "scheme-not-allowed")]
    [InlineData("http://203.0.113.10/hooks", "scheme-not-allowed")]
    [InlineData("https://127.0.0.1/hooks", "address-not-allowed")]
    [InlineData("https://localhost/hooks", "address-not-allowed")]
    [InlineData("https://[::1]/hooks", "address-not-allowed")]
    [InlineData("https://10.0.0.5/hooks", "address-not-allowed")]
    [InlineData("https://172.16.3.4/hooks", "address-not-allowed")]
    [InlineData("https://192.168.1.1/hooks", "address-not-allowed")]
    [InlineData("https://169.254.169.254/latest/meta-data", "address-not-allowed")]
    [InlineData("https://[fd00:ec2::254]/latest", "address-not-allowed")]
    [InlineData("https://[fe80::1]/hooks", "address-not-allowed")]
    [InlineData("https://[::ffff:10.0.0.1]/hooks", "address-not-allowed")]
    [InlineData("https://100.100.100.200/hooks", "address-not-allowed")]
    [InlineData("https://0.0.0.0/hooks", "address-not-allowed")]
    [InlineData("https://does-not-resolve.invalid/hooks", "unresolvable")]
    public async Task A_refused_callback_is_a_problem_and_a_refused_act(string url, string reason)
    {
        var problem = await (await _b.PostAsJsonAsync("/api/v1/webhooks/subscriptions", new { url, events = WebhookEvents.All }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "callback-url-refused");
        Assert.Equal(reason, problem["reason"]!.GetValue<string>());
        Assert.Equal(0, await _api.Db(db => db.WebhookSubscriptions.CountAsync()));
        var entry = await _api.Db(db => db.AccessLog.AsNoTracking().Where(e => e.Action == "webhook-subscription.create").OrderBy(e => e.Id).LastAsync());
        Assert.Equal((AccessOutcome.Refused, "callback-url-refused", (Guid?)Agencies.HealthcareEkstad), (entry.Outcome, entry.RefusalCode, entry.AgencyId));
    }

    [Fact]
    public async Task The_operators_allow_list_admits_a_private_network() =>
        await (await _b.PostAsJsonAsync("/api/v1/webhooks/subscriptions", new { url = "https://10.20.3.4/hooks", events = WebhookEvents.All }, ApiCalls.Json))
            .ShouldBe(HttpStatusCode.Created);

    [Theory]
    [InlineData("ftp://example.org/hooks")]
    [InlineData("hooks/relative")]
    [InlineData("https://user:pass@example.org/hooks")]
    public async Task A_callback_that_is_not_an_https_url_is_bad_input(string url) =>
        await (await _b.PostAsJsonAsync("/api/v1/webhooks/subscriptions", new { url, events = WebhookEvents.All }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
}
