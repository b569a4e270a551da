using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>Two API processes started at the same moment on one empty PostgreSQL database (skipped, with the reason, where none is available).</summary>
public sealed class SimultaneousStartTestsOnPostgreSql : SimultaneousStartTests
{
    private static readonly Lazy<Task<ServerFixture>> Server = ServerFixture.Shared<PostgreSqlFixture>();

    protected override string Provider => "PostgreSql";

    protected override async Task<string> NewDatabaseAsync(string folder) => (await Server.Value).NewDatabase();

    protected override CaseCoordinationDbContext Context(string connectionString) => PostgreSqlDesignTimeFactory.Create(connectionString);

    protected override async Task DropAsync(string connectionString) => await (await Server.Value).DropDatabaseAsync(connectionString);
}

/// <summary>The same on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class SimultaneousStartTestsOnSqlServer : SimultaneousStartTests
{
    private static readonly Lazy<Task<ServerFixture>> Server = ServerFixture.Shared<SqlServerFixture>();

    protected override string Provider => "SqlServer";

    protected override async Task<string> NewDatabaseAsync(string folder) => (await Server.Value).NewDatabase();

    protected override CaseCoordinationDbContext Context(string connectionString) =>
        DesignTimeServices.Context<SqlServerCaseCoordinationDbContext>(DatabaseSetup.UseSqlServer, connectionString, o => new SqlServerCaseCoordinationDbContext(o));

    protected override async Task DropAsync(string connectionString) => await (await Server.Value).DropDatabaseAsync(connectionString);
}

/// <summary>The same on one SQLite file: the pilot runs one process, but two on one file must still be safe.</summary>
public sealed class SimultaneousStartTestsOnSqlite : SimultaneousStartTests
{
    protected override string Provider => "Sqlite";

    protected override Task<string> NewDatabaseAsync(string folder) => Task.FromResult($"Data Source={Path.Combine(folder, "api.db")}");

    protected override CaseCoordinationDbContext Context(string connectionString) => SqliteDesignTimeFactory.Create(connectionString);

    protected override Task DropAsync(string connectionString)
    {
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_migration_lock_left_by_a_killed_migration_does_not_stop_the_next_start()
    {
        // What EF Core leaves when a process is killed inside MigrateAsync on SQLite: its lock row in
        // __EFMigrationsLock, on a file whose migrations are not all applied. EF Core's next
        // MigrateAsync would wait for that row for ever; the start removes it under its own lock.
        var connectionString = await NewDatabaseAsync(Folder);
        await using (var db = Context(connectionString))
        {
            await db.Database.ExecuteSqlRawAsync(
                """
                CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-01-01 00:00:00+00:00');
                """, Cancel);
        }

        await using var api = await ApiProcess.StartAsync("restarted instance", Settings(connectionString, "restarted", migrate: true), Cancel);

        await AssertStartedOnceAsync(connectionString, api);
        await using var after = Context(connectionString);
        Assert.Equal(0, await after.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM \"__EFMigrationsLock\"").SingleAsync(Cancel));
        SqliteConnection.ClearAllPools();
    }
}

/// <summary>
/// Two real API processes (<see cref="ApiProcess"/>) started at the same moment on one empty database,
/// as an orchestrator starts replicas: every start-up step runs under one database-wide lock (ADR 0030),
/// so both become ready without an error, the migrations are applied, the demo agencies and their
/// services exist exactly once, the read models are computed, and the shared key ring has one key.
/// Once with both migrating (the default), once with <c>MigrateOnStartup=false</c> on both over a schema
/// migrated beforehand (as a migration job does): the rest of the start-up work is as one-time.
/// </summary>
public abstract partial class SimultaneousStartTests : IAsyncLifetime
{
    private readonly List<string> _databases = [];

    protected string Folder { get; } = Path.Combine(Path.GetTempPath(), "casecoordination-tests", "start-" + Guid.NewGuid().ToString("N"));

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The value of <c>Database:Provider</c>.</summary>
    protected abstract string Provider { get; }

    protected string KeysFolder => Path.Combine(Folder, "keys");

    /// <summary>A connection string to a database that does not exist yet (skips the test where the server is unavailable).</summary>
    protected abstract Task<string> NewDatabaseAsync(string folder);

    /// <summary>A context on the database from the test process (a throwaway protection: read nothing encrypted through it).</summary>
    protected abstract CaseCoordinationDbContext Context(string connectionString);

    protected abstract Task DropAsync(string connectionString);

    [Fact]
    public async Task Two_instances_started_together_on_an_empty_database_both_get_ready_and_do_the_start_up_work_once()
    {
        var connectionString = await NewAsync();

        var (a, b) = await StartTogetherAsync(connectionString, migrate: true);
        await using (a)
        await using (b)
        {
            await AssertStartedOnceAsync(connectionString, a, b);
        }
    }

    [Fact]
    public async Task Without_MigrateOnStartup_two_instances_started_together_still_do_the_rest_of_the_start_up_work_once()
    {
        var connectionString = await NewAsync();
        await using (var db = Context(connectionString))
        {
            // As deploy's migration job: the schema is current, nothing else is there yet.
            await db.Database.MigrateAsync(Cancel);
        }

        var (a, b) = await StartTogetherAsync(connectionString, migrate: false);
        await using (a)
        await using (b)
        {
            await AssertStartedOnceAsync(connectionString, a, b);
        }
    }

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await DropAsync(database);
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        GC.SuppressFinalize(this);
    }

    protected async Task<string> NewAsync()
    {
        var connectionString = await NewDatabaseAsync(Folder);
        _databases.Add(connectionString);
        return connectionString;
    }

    protected Dictionary<string, string?> Settings(string connectionString, string name, bool migrate)
    {
        var settings = ApiProcess.CommonSettings(KeysFolder);
        settings["Database:Provider"] = Provider;
        settings["ConnectionStrings:CaseCoordination"] = connectionString;
        settings["Database:MigrateOnStartup"] = migrate ? "true" : "false";
        settings["AccessLog:DigestDirectory"] = Path.Combine(Folder, "digests-" + name);
        return settings;
    }

    /// <summary>Both processes launched at once; returns when both answer ready (either failing to start fails the test with its output).</summary>
    private async Task<(ApiProcess A, ApiProcess B)> StartTogetherAsync(string connectionString, bool migrate)
    {
        var a = ApiProcess.StartAsync($"{Provider} instance A", Settings(connectionString, "a", migrate), Cancel);
        var b = ApiProcess.StartAsync($"{Provider} instance B", Settings(connectionString, "b", migrate), Cancel);
        try
        {
            await Task.WhenAll(a, b);
        }
        catch
        {
            // The one that started is stopped; the failure names the one that did not, with its output.
            foreach (var started in new[] { a, b }.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        return (a.Result, b.Result);
    }

    protected async Task AssertStartedOnceAsync(string connectionString, params ApiProcess[] instances)
    {
        foreach (var instance in instances)
        {
            Assert.False(instance.HasExited, instance.Describe("exited"));
            Assert.True(Errors(instance.Output).Count == 0, instance.Describe("logged an error while starting"));
        }

        await using var db = Context(connectionString);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Cancel));
        var agencies = await db.Agencies.AsNoTracking().Select(a => a.Id).ToListAsync(Cancel);
        Assert.Equal(DemoData.Agencies.Select(a => a.Id).Order(), agencies.Order());
        Assert.Equal(DemoData.Services.Count, await db.Services.CountAsync(Cancel));
        Assert.Equal(1, await db.Set<ReadModelWindows>().CountAsync(Cancel));

        // One key in the shared ring: the first instance made it under the lock, the others found it.
        Assert.Single(Directory.GetFiles(KeysFolder, "key-*.xml"));
    }

    /// <summary>
    /// The error and fatal entries of an instance's output (Serilog's console lines, "[hh:mm:ss ERR] …"
    /// with the lines that follow), but for one that every first start on an empty PostgreSQL database
    /// logs, with a single instance too: EF Core logs the failed read of the not yet created
    /// <c>__EFMigrationsHistory</c> as an error before Npgsql catches it and answers "none applied".
    /// </summary>
    private static List<string> Errors(string output)
    {
        var entries = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            if (Entry().IsMatch(line) || entries.Count == 0)
            {
                entries.Add(line);
            }
            else
            {
                entries[^1] += "\n" + line;
            }
        }

        return entries
            .Where(e => Entry().Match(e) is { Success: true } m && m.Groups[1].Value is "ERR" or "FTL")
            .Where(e => !(e.Contains("Failed executing DbCommand", StringComparison.Ordinal)
                && e.Contains("SELECT \"MigrationId\", \"ProductVersion\"\nFROM \"__EFMigrationsHistory\"", StringComparison.Ordinal)))
            .ToList();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\[\d\d:\d\d:\d\d ([A-Z]{3})\] ")]
    private static partial System.Text.RegularExpressions.Regex Entry();
}
