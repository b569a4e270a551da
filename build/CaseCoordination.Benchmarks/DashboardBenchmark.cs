using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Application.Common.Options;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Benchmarks;

/// <summary>
/// The dashboard and the follow-up list at growing sizes: fills the demo region with synthetic
/// referral histories (20 % dropped) and times both over HTTP as a coordinator of the region.
/// </summary>
public static class DashboardBenchmark
{
    public static async Task RunAsync(IReadOnlyList<int> sizes, int samples)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine("| referrals | fill s | dashboard p50 ms | dashboard p90 ms | follow-up p50 ms | follow-up p90 ms | open signals |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var size in sizes)
        {
            await using var host = await BenchmarkHost.StartAsync();
            SyntheticSummary summary;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
                var levels = scope.ServiceProvider.GetRequiredService<IOptions<ReferralOptions>>().Value.ToServiceLevels();
                summary = await SyntheticData.FillAsync(db, DemoData.RegionCode, size, 0.2, 42, DateTimeOffset.UtcNow, levels, withTimeline: false, CancellationToken.None);
            }

            using var client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(5) };
            var token = DevTokens.Mint(BenchmarkHost.DevKey, "bench-coordinator", "coordinator", null, "99", TimeSpan.FromHours(2), DateTimeOffset.UtcNow);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            // The dashboard over a year (all synthetic referrals fall in the last 180 days).
            var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-365).ToString("O", CultureInfo.InvariantCulture));
            var dashboard = await TimeAsync(client, $"/api/v1/dashboards/99?from={from}", samples);
            var followUp = await TimeAsync(client, "/api/v1/dashboards/99/signals?limit=50", samples);
            var body = await client.GetStringAsync($"/api/v1/dashboards/99?from={from}");
            var open = System.Text.Json.Nodes.JsonNode.Parse(body)!["openSignals"]!.AsObject().Sum(kv => kv.Value!.GetValue<int>());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {summary.Referrals:N0} | {summary.Took.TotalSeconds:F0} | {dashboard.P50:F0} | {dashboard.P90:F0} | {followUp.P50:F0} | {followUp.P90:F0} | {open:N0} |"));
        }
    }

    private static async Task<(double P50, double P90)> TimeAsync(HttpClient client, string path, int samples)
    {
        (await client.GetAsync(path)).EnsureSuccessStatusCode();
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(0.9 * times.Count) - 1]);
    }
}
