using System.Globalization;
using CaseCoordination.Application.Common.Options;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Api;

/// <summary>
/// <c>dotnet run --project src/CaseCoordination.Api -- generate --referrals 2000 --dropped 0.2 --seed 1</c>
/// fills the configured database (the embedded SQLite file by default) with invented cases and
/// referral histories in the demo region, for trying the dashboards. Never run it against real data.
/// </summary>
public static class GenerateCommand
{
    public static async Task<int> RunAsync(string[] args, string[] hostArgs)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        var referrals = int.Parse(options.GetValueOrDefault("referrals", "2000"), CultureInfo.InvariantCulture);
        var dropped = double.Parse(options.GetValueOrDefault("dropped", "0.2"), CultureInfo.InvariantCulture);
        var seed = int.Parse(options.GetValueOrDefault("seed", "1"), CultureInfo.InvariantCulture);
        var region = options.GetValueOrDefault("region", DemoData.RegionCode);

        var builder = WebApplication.CreateBuilder(hostArgs);
        builder.AddCaseCoordination();
        await using var app = builder.Build();
        await app.Services.InitializeDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        var levels = scope.ServiceProvider.GetRequiredService<IOptions<ReferralOptions>>().Value.ToServiceLevels();
        var summary = await SyntheticData.FillAsync(db, region, referrals, dropped, seed, TimeProvider.System.GetUtcNow(), levels, withTimeline: true, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated {summary.Cases} cases and {summary.Referrals} referrals in region {region} ({summary.LeftDropped} left dropped) in {summary.Took.TotalSeconds:F1} s."));
        return 0;
    }
}
