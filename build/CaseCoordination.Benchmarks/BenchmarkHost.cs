using CaseCoordination.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseCoordination.Benchmarks;

/// <summary>
/// The real API, on Kestrel bound to the loopback address, on a fresh SQLite file: the same
/// pipeline a client meets, measured over real HTTP.
/// </summary>
public sealed class BenchmarkHost : IAsyncDisposable
{
    public const string DevKey = "benchmark-signing-key-for-development-tokens-0123456789";

    private readonly WebApplication _app;
    private readonly string _folder;

    private BenchmarkHost(WebApplication app, string folder, Uri address)
    {
        _app = app;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BenchmarkHost> StartAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null, Action<WebApplication>? configureApp = null, string? webRoot = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "casecoordination-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = AppContext.BaseDirectory, WebRootPath = webRoot });
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:CaseCoordination"] = $"Data Source={Path.Combine(folder, "bench.db")}",
            ["Database:Provider"] = "Sqlite",
            // The load generator is one user of one agency at thousands of requests a second: limits
            // high enough never to refuse, so that the limiter's counting is measured but not its 429s.
            ["RateLimits:PerUser"] = "1000000000",
            ["RateLimits:PerAgency"] = "1000000000",
            ["Database:SeedDemoData"] = "true",
            ["Auth:DevSigningKey"] = DevKey,
            ["AccessLog:DigestDirectory"] = Path.Combine(folder, "digests"),
            ["PersonalData:LookupKey"] = "YmVuY2htYXJrLWxvb2t1cC1rZXktb2YtdGhpcnR5LXR3by1ieXRlcw==",
            ["PersonalData:KeysDirectory"] = Path.Combine(folder, "keys"),
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Diagnostics:SlowRequestThresholdMilliseconds"] = "100000",
        };
        if (Environment.GetEnvironmentVariable("BENCH_SQL_LOG") == "1")
        {
            // Every SQL command with its duration, to see where a request spends its time.
            config["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddCaseCoordination();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseCaseCoordination();
        configureApp?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchmarkHost(app, folder, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("BENCH_KEEP") == "1")
        {
            Console.WriteLine($"kept: {_folder}");
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
