using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Infrastructure.Persistence;

namespace CaseCoordination.Benchmarks;

/// <summary>
/// Throughput of referral transitions on SQLite under concurrent clients, in two modes:
/// <list type="bullet">
/// <item>independent: each client walks its own referrals receive → accept → start → complete;</item>
/// <item>contended: every client races to move the same referrals at once, each with the ETag it read,
/// so that conflicts (409) and stale preconditions (412) are measured, never a lost update or a 500.</item>
/// </list>
/// </summary>
public static class TransitionBenchmark
{
    private static readonly string[] Walk = ["receive", "accept", "start", "complete"];

    public static async Task RunAsync(int clients, int referralsPerClient)
    {
        await using var host = await BenchmarkHost.StartAsync();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 };
        var sender = Client(handler, host.Address, "bench-sender", DemoData.Id(1));
        var receiver = Client(handler, host.Address, "bench-receiver", DemoData.Id(2));

        var opened = await Json(await sender.PostAsJsonAsync("/api/v1/cases", new { person = new { name = "Bench" }, municipalityCode = "9901", intakeChannel = "outreach" }));
        var caseId = opened["id"]!.GetValue<string>();
        (await sender.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new
        {
            recipientAgencyId = DemoData.Id(2), categories = new[] { "coordination" }, purpose = "benchmark", method = "written", givenBy = "person",
        })).EnsureSuccessStatusCode();

        async Task<List<string>> SendMany(int count)
        {
            var ids = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var sent = await Json(await sender.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new { toAgencyId = DemoData.Id(2), need = "healthcare", urgency = "routine" }));
                ids.Add(sent["id"]!.GetValue<string>());
            }

            return ids;
        }

        // Warm-up.
        foreach (var id in await SendMany(10))
        {
            foreach (var act in Walk)
            {
                (await receiver.PostAsJsonAsync($"/api/v1/referrals/{id}/{act}", Body(act))).EnsureSuccessStatusCode();
            }
        }

        // Independent: each client has its own referrals.
        var perClient = new List<List<string>>();
        for (var c = 0; c < clients; c++)
        {
            perClient.Add(await SendMany(referralsPerClient));
        }

        var statuses = new ConcurrentBag<int>();
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(perClient.Select(async ids =>
        {
            var client = Client(handler, host.Address, $"bench-receiver-{Guid.NewGuid():N}", DemoData.Id(2));
            foreach (var id in ids)
            {
                foreach (var act in Walk)
                {
                    var started = Stopwatch.GetTimestamp();
                    var response = await client.PostAsJsonAsync($"/api/v1/referrals/{id}/{act}", Body(act));
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    statuses.Add((int)response.StatusCode);
                }
            }
        }));
        var independent = clock.Elapsed;
        Report("independent", clients, statuses, latencies, independent);

        // Contended: all clients race on the same referrals, each step with If-Match.
        var shared = await SendMany(referralsPerClient);
        statuses.Clear();
        latencies.Clear();
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var client = Client(handler, host.Address, $"bench-racer-{c}", DemoData.Id(2));
            foreach (var id in shared)
            {
                foreach (var act in Walk)
                {
                    var read = await client.GetAsync($"/api/v1/referrals/{id}");
                    var etag = read.Headers.ETag?.Tag;
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/referrals/{id}/{act}") { Content = JsonContent.Create(Body(act)) };
                    request.Headers.TryAddWithoutValidation("If-Match", etag);
                    var started = Stopwatch.GetTimestamp();
                    var response = await client.SendAsync(request);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    statuses.Add((int)response.StatusCode);
                }
            }
        }));
        Report("contended (If-Match)", clients, statuses, latencies, clock.Elapsed);
    }

    private static object Body(string act) => act == "complete" ? new { outcome = "needs-met" } : new { };

    private static HttpClient Client(HttpMessageHandler handler, Uri address, string user, Guid agency)
    {
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = address };
        var token = DevTokens.Mint(BenchmarkHost.DevKey, user, "caseworker", agency, null, TimeSpan.FromHours(2), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonObject> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    private static void Report(string mode, int clients, IEnumerable<int> statuses, IEnumerable<double> latencies, TimeSpan elapsed)
    {
        var all = statuses.ToList();
        var sorted = latencies.Order().ToList();
        double Pct(double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        var ok = all.Count(s => s is >= 200 and < 300);
        var conflicts = all.Count(s => s == (int)HttpStatusCode.Conflict);
        var stale = all.Count(s => s == (int)HttpStatusCode.PreconditionFailed);
        var other = all.Count - ok - conflicts - stale;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {mode} | {clients} | {all.Count} | {all.Count / elapsed.TotalSeconds:F0} | {ok / elapsed.TotalSeconds:F0} | {Pct(0.5):F1} | {Pct(0.99):F1} | {100.0 * conflicts / all.Count:F1}% | {100.0 * stale / all.Count:F1}% | {other} |"));
    }
}
