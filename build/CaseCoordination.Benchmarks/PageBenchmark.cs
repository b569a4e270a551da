using System.Globalization;
using CaseCoordination.Application.Common.Options;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace CaseCoordination.Benchmarks;

/// <summary>
/// The coordinator page's first complete render on a large fill: the demo region filled with synthetic
/// referral histories (20 % dropped), the page opened in Debian's Chromium as the region's coordinator,
/// then reloaded <c>samples</c> times; each time the page's own <c>overview-rendered</c> mark (from the
/// start of navigation to the overview's figures on screen) is read.
/// </summary>
public static class PageBenchmark
{
    public static async Task RunAsync(int referrals, int samples)
    {
        await using var host = await BenchmarkHost.StartAsync(webRoot: ApiWebRoot());
        SyntheticSummary summary;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
            var levels = scope.ServiceProvider.GetRequiredService<IOptions<ReferralOptions>>().Value.ToServiceLevels();
            summary = await SyntheticData.FillAsync(db, DemoData.RegionCode, referrals, 0.2, 42, DateTimeOffset.UtcNow, levels, withTimeline: false, CancellationToken.None);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(host.Address, "/coordinator/").ToString());
        await page.Locator("#dev-sign-in-button").ClickAsync();
        await RenderedAsync(page);

        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            await page.ReloadAsync();
            times.Add(await RenderedAsync(page));
        }

        times.Sort();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine("| referrals | fill s | samples | overview rendered p50 ms | p90 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {summary.Referrals:N0} | {summary.Took.TotalSeconds:F0} | {samples} | {times[times.Count / 2]:F0} | {times[(int)Math.Ceiling(0.9 * times.Count) - 1]:F0} | {times[^1]:F0} |"));
    }

    private static async Task<double> RenderedAsync(IPage page)
    {
        await page.WaitForSelectorAsync("html[data-overview=rendered]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        return await page.EvaluateAsync<double>("performance.getEntriesByName('overview-rendered')[0].startTime");
    }

    /// <summary>The API project's wwwroot in this checkout (the harness runs from its own output folder).</summary>
    private static string ApiWebRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !Directory.Exists(Path.Combine(folder.FullName, "src", "CaseCoordination.Api", "wwwroot")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new DirectoryNotFoundException("Run the harness inside the repository."), "src", "CaseCoordination.Api", "wwwroot");
    }
}
