using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace CaseCoordination.Benchmarks;

/// <summary>
/// An open-loop load: requests start at a constant rate whatever the answers do (unlike wrk, which
/// waits for an answer before it sends the next on a connection), spread round-robin over one or
/// more API instances, each request's latency measured from the moment it was due — so a server
/// that falls behind is charged for the queue it builds (no coordinated omission). The mix: reads
/// (a case, 3 of 4; the inbox, 1 of 4) and writes (a referral sent, 1 of 2; a referral received,
/// 1 of 2), over the ids that the load server wrote to its folder.
/// </summary>
public static class OpenLoop
{
    private enum Kind
    {
        ReadCase,
        Inbox,
        SendReferral,
        ReceiveReferral,
    }

    public static async Task RunAsync(string folder, int rate, int seconds, double readShare, int warmupSeconds)
    {
        var addresses = Directory.GetFiles(folder, "address*").Order(StringComparer.Ordinal)
            .Select(f => new Uri(File.ReadAllText(f).Trim() + "/")).ToList();
        var sender = File.ReadAllText(Path.Combine(folder, "token-sender")).Trim();
        var receiver = File.ReadAllText(Path.Combine(folder, "token-receiver")).Trim();
        var cases = File.ReadAllLines(Path.Combine(folder, "case-ids"));
        // Transitions take ids from the top of the list down, so that they never meet the wrk runs' slices.
        var referrals = File.ReadAllLines(Path.Combine(folder, "referral-ids")).Reverse().ToArray();
        var text = int.TryParse(Environment.GetEnvironmentVariable("LOAD_TEXT"), out var t) && t > 0 ? new string('x', t) : null;
        var sendBody = "{\"toAgencyId\":\"00000000-0000-0000-0000-000000000002\",\"need\":\"healthcare\",\"urgency\":\"routine\",\"sharedCategories\":[\"coordination\"]"
            + (text is null ? string.Empty : $",\"message\":\"{text}\"") + "}";

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 2_000, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var random = new Random(7919);
        // The first warmupSeconds run at the same rate but are not counted: every instance's JIT and
        // connection pools warm up on the same mix before the measured requests.
        var warmup = rate * warmupSeconds;
        var total = warmup + (rate * seconds);
        var results = new (Kind Kind, int Status, double Milliseconds)[total];
        var tasks = new List<Task>(total);
        // A later run over the same folder goes on below the ids an earlier one received.
        var used = Path.Combine(folder, "open-loop-received");
        var receiveIndex = File.Exists(used) ? int.Parse(File.ReadAllText(used), CultureInfo.InvariantCulture) : 0;
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var interval = (double)Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var kind = random.NextDouble() < readShare
                ? (random.Next(4) < 3 ? Kind.ReadCase : Kind.Inbox)
                : (random.Next(2) == 0 ? Kind.SendReferral : Kind.ReceiveReferral);
            var request = kind switch
            {
                Kind.ReadCase => Request(HttpMethod.Get, $"api/v1/cases/{cases[random.Next(cases.Length)]}", sender, null),
                Kind.Inbox => Request(HttpMethod.Get, "api/v1/referrals?direction=incoming&limit=50", receiver, null),
                Kind.SendReferral => Request(HttpMethod.Post, $"api/v1/cases/{cases[random.Next(cases.Length)]}/referrals", sender, sendBody),
                _ => Request(HttpMethod.Post, $"api/v1/referrals/{referrals[receiveIndex++ % referrals.Length]}/receive", receiver, "{}"),
            };
            request.RequestUri = new Uri(addresses[i % addresses.Count], request.RequestUri!);
            var slot = i;
            tasks.Add(Task.Run(async () =>
            {
                int status;
                try
                {
                    using var response = await client.SendAsync(request);
                    await response.Content.CopyToAsync(Stream.Null);
                    status = (int)response.StatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                    if (slot >= warmup)
                    {
                        failures.AddOrUpdate(ex is TaskCanceledException ? "timed out after 30 s" : ex.Message, 1, (_, n) => n + 1);
                    }
                }

                results[slot] = (kind, status, Stopwatch.GetElapsedTime(due).TotalMilliseconds);
            }));
        }

        await Task.WhenAll(tasks);
        await File.WriteAllTextAsync(used, receiveIndex.ToString(CultureInfo.InvariantCulture));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds - warmupSeconds;
        Console.WriteLine($"open loop: {total - warmup} requests due at {rate}/s over {seconds} s (after {warmupSeconds} s not counted) across {addresses.Count} instance(s) ({string.Join(", ", addresses)}); all answered after {elapsed:F1} s");
        results = results[warmup..];
        Console.WriteLine();
        Console.WriteLine("| requests | count | p50 ms | p90 ms | p99 ms | max ms | 2xx | 4xx | 5xx | no answer |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(Row("all", results));
        foreach (var group in results.GroupBy(r => r.Kind).OrderBy(g => g.Key))
        {
            Console.WriteLine(Row(Name(group.Key), group.ToList()));
        }

        var unexpected = results.Where(r => r.Status is not (>= 200 and < 300)).GroupBy(r => (r.Kind, r.Status)).Select(g => $"{Name(g.Key.Kind)} {g.Key.Status}: {g.Count()}").ToList();
        Console.WriteLine();
        Console.WriteLine(unexpected.Count == 0 ? "non-2xx: none" : "non-2xx: " + string.Join("; ", unexpected));
        foreach (var (why, count) in failures)
        {
            Console.WriteLine($"no answer: {count} × {why}");
        }

        static HttpRequestMessage Request(HttpMethod method, string path, string token, string? body)
        {
            var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            return request;
        }
    }

    private static string Name(Kind kind) => kind switch
    {
        Kind.ReadCase => "read a case",
        Kind.Inbox => "inbox",
        Kind.SendReferral => "send a referral",
        _ => "transition (receive)",
    };

    private static string Row(string name, IReadOnlyCollection<(Kind Kind, int Status, double Milliseconds)> rows)
    {
        var sorted = rows.Select(r => r.Milliseconds).Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {rows.Count} | {At(0.50):F1} | {At(0.90):F1} | {At(0.99):F1} | {sorted[^1]:F1} | {rows.Count(r => r.Status is >= 200 and < 300)} | {rows.Count(r => r.Status is >= 400 and < 500)} | {rows.Count(r => r.Status >= 500)} | {rows.Count(r => r.Status == 0)} |");
    }
}
