using System.Net.Http.Headers;
using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CaseCoordination.Api.Tests.Support;

/// <summary>
/// Hosts the real API in memory on a real SQLite file of its own (never a fake database), in the
/// Development environment so that development tokens are accepted, with a fake clock.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public const string DevKey = "development-only-signing-key-never-use-in-production-0123456789";
    public const string LookupKey = "dGVzdC1vbmx5LWxvb2t1cC1rZXktb2YtdGhpcnR5LXR3by1ieXRlcw==";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casecoordination-tests", Guid.NewGuid().ToString("N"));

    public ApiFactory()
    {
        Directory.CreateDirectory(_folder);
        DatabaseFile = Path.Combine(_folder, "test.db");
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public string DatabaseFile { get; }

    /// <summary>Extra configuration a test class needs (service levels, say).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:CaseCoordination", $"Data Source={DatabaseFile}");
        builder.UseSetting("Database:Provider", "Sqlite");
        // Settings of a derived factory (another provider, other service levels) win.
        builder.UseSetting("Database:SeedDemoData", "true");
        builder.UseSetting("Database:DemoReferrals", "0");
        builder.UseSetting("Auth:DevSigningKey", DevKey);
        builder.UseSetting("PersonalData:KeysDirectory", Path.Combine(_folder, "keys"));
        builder.UseSetting("PersonalData:LookupKey", LookupKey);
        builder.UseSetting("AccessLog:DigestDirectory", Path.Combine(_folder, "digests"));
        // The fake clock stands still, so a whole test class falls in one window: limits out of the way,
        // except where a test class sets its own (RateLimitTests).
        builder.UseSetting("RateLimits:PerUser", "1000000");
        builder.UseSetting("RateLimits:PerAgency", "1000000");
        builder.UseSetting("AccessLog:DigestInterval", "00:00:00");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public HttpClient Caseworker(Guid agencyId, string user = "caseworker-1") => As(user, "caseworker", agencyId, null);

    public virtual HttpClient As(string user, string role, Guid? agencyId, string? region)
    {
        var client = CreateClient();
        var token = DevTokens.Mint(DevKey, user, role, agencyId, region, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Runs a query against the API's own database, outside any request.</summary>
    public virtual async Task<T> Db<T>(Func<CaseCoordinationDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        return await query(db);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The demo region's agencies that the tests use.</summary>
public static class Agencies
{
    public static readonly Guid SocialServicesEkstad = DemoData.Id(1);
    public static readonly Guid HealthcareEkstad = DemoData.Id(2);
    public static readonly Guid PoliceEkstad = DemoData.Id(3);
    public static readonly Guid NgoEkstad = DemoData.Id(4);
    public static readonly Guid SocialServicesLindholm = DemoData.Id(5);
}
