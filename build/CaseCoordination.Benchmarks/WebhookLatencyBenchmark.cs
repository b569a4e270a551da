using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseCoordination.Benchmarks;

/// <summary>
/// The API's own request latency while a webhook receiver hangs (issue 19): the same closed-loop load —
/// each client sends a referral (an event for the receiver) and reads it back — against a fresh API with
/// no subscription, with one to a receiver that never answers, and with one to a receiver that answers
/// at once; alternated, each mode <c>rounds</c> times. Prints p50/p95/p99 and requests per second.
/// </summary>
public static class WebhookLatencyBenchmark
{
    public static async Task RunAsync(int clients, int requestsPerClient, int rounds)
    {
        await using var hanging = await Receiver.StartAsync(hang: true);
        await using var quick = await Receiver.StartAsync(hang: false);
        Console.WriteLine($"clients {clients}, {requestsPerClient} send+read pairs each, {rounds} alternated rounds per mode");
        Console.WriteLine("| mode | round | requests | req/s | p50 ms | p95 ms | p99 ms | deliveries sent during the run |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (mode, url) in new[] { ("no subscription", (string?)null), ("receiver hangs", hanging.Url), ("receiver answers 200", quick.Url) })
            {
                var before = mode == "receiver hangs" ? hanging.Requests : quick.Requests;
                var (count, seconds, latencies) = await RunOnceAsync(url, clients, requestsPerClient);
                var sent = url is null ? 0 : (mode == "receiver hangs" ? hanging.Requests : quick.Requests) - before;
                latencies.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {mode} | {round} | {count} | {count / seconds:F0} | {P(latencies, 0.50):F1} | {P(latencies, 0.95):F1} | {P(latencies, 0.99):F1} | {sent} |"));
            }
        }
    }

    private static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

    private static async Task<(int Count, double Seconds, List<double> Latencies)> RunOnceAsync(string? callback, int clients, int requestsPerClient)
    {
        await using var host = await BenchmarkHost.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:AllowInsecureLoopback"] = "true",
            ["Webhooks:PollInterval"] = "00:00:00.200",
        });
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 };
        var sender = Client(handler, host.Address, "bench-sender", DemoData.Id(1));
        var receiving = Client(handler, host.Address, "bench-receiver", DemoData.Id(2));
        if (callback is not null)
        {
            (await receiving.PostAsJsonAsync("/api/v1/webhooks/subscriptions", new { url = callback, events = Application.Webhooks.WebhookEvents.All })).EnsureSuccessStatusCode();
        }

        var opened = JsonNode.Parse(await (await sender.PostAsJsonAsync("/api/v1/cases", new { person = new { name = "Bench" }, municipalityCode = "9901", intakeChannel = "outreach" })).Content.ReadAsStringAsync())!;
        var caseId = opened["id"]!.GetValue<string>();
        (await sender.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new
        {
            recipientAgencyId = DemoData.Id(2), categories = new[] { "coordination" }, purpose = "benchmark", method = "written", givenBy = "person",
        })).EnsureSuccessStatusCode();

        async Task<double> Timed(Func<Task<HttpResponseMessage>> call)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await call();
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        // Warm-up, then the measured run.
        for (var i = 0; i < 5; i++)
        {
            await Timed(() => sender.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new { toAgencyId = DemoData.Id(2), need = "healthcare", urgency = "routine" }));
        }

        var all = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var mine = new List<double>();
            for (var i = 0; i < requestsPerClient; i++)
            {
                string? id = null;
                mine.Add(await Timed(async () =>
                {
                    var r = await sender.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new { toAgencyId = DemoData.Id(2), need = "healthcare", urgency = "routine" });
                    id = JsonNode.Parse(await r.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
                    return r;
                }));
                mine.Add(await Timed(() => receiving.GetAsync($"/api/v1/referrals/{id}")));
            }

            lock (all)
            {
                all.AddRange(mine);
            }
        }));
        return (all.Count, clock.Elapsed.TotalSeconds, all);
    }

    private static HttpClient Client(HttpMessageHandler handler, Uri address, string user, Guid agency)
    {
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", DevTokens.Mint(BenchmarkHost.DevKey, user, "caseworker", agency, null, TimeSpan.FromHours(2), DateTimeOffset.UtcNow));
        return client;
    }

    /// <summary>A receiver on loopback that counts requests and either never answers or answers 200 at once.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly CancellationTokenSource _stop = new();
        private int _requests;

        private Receiver(WebApplication app) => _app = app;

        public string Url { get; private set; } = string.Empty;

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<Receiver> StartAsync(bool hang)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/hook", async (Microsoft.AspNetCore.Http.HttpContext http) =>
            {
                Interlocked.Increment(ref receiver._requests);
                if (hang)
                {
                    await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(receiver._stop.Token, http.RequestAborted).Token).ContinueWith(_ => { });
                }

                return Microsoft.AspNetCore.Http.Results.Ok();
            });
            await app.StartAsync();
            receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _app.StopAsync();
            await _app.DisposeAsync();
            _stop.Dispose();
        }
    }
}
