using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Infrastructure.AccessLog;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests.Support;

/// <summary>
/// Two API processes (<see cref="ApiProcess"/>) over one fresh database on a real server, for a whole
/// test class. They share what production instances share: the database, the Data Protection key
/// ring (so each reads what the other encrypted) and the look-up key; each has its own digest folder
/// and publishes the chain's head every second.
/// <para>
/// Start order, as deploy's migration job before its replicas: instance A starts alone and runs the
/// database initializer (migrations, the first read-model computation, the demo agencies); B starts
/// once A is ready, with <c>Database:MigrateOnStartup=false</c>, and finds everything current. Starting
/// instances at the same moment (the start-up work under one database lock, ADR 0030) is what
/// <c>SimultaneousStartTests</c> checks.
/// </para>
/// Where the server is unavailable, every test skips with the reason.
/// </summary>
public abstract class TwoInstances : IAsyncLifetime
{
    private readonly Lazy<Task<ServerFixture>> _sharedServer;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casecoordination-tests", "two-" + Guid.NewGuid().ToString("N"));
    private ServerFixture? _server;
    private string? _connectionString;

    protected TwoInstances(Lazy<Task<ServerFixture>> sharedServer) => _sharedServer = sharedServer;

    /// <summary>The value of <c>Database:Provider</c>.</summary>
    protected abstract string Provider { get; }

    public ApiProcess A { get; private set; } = null!;

    public ApiProcess B { get; private set; } = null!;

    public string? SkipReason { get; private set; }

    public string DigestsOfA => Path.Combine(_folder, "digests-a");

    public string DigestsOfB => Path.Combine(_folder, "digests-b");

    /// <summary>The connection string with a pool small enough for two instances on a server's default connection limit.</summary>
    protected abstract string Pooled(string connectionString, int maxPoolSize);

    /// <summary>A context on the database outside both instances (a throwaway protection: read nothing encrypted through it).</summary>
    protected abstract CaseCoordinationDbContext Context(string connectionString);

    public async ValueTask InitializeAsync()
    {
        _server = await _sharedServer.Value;
        SkipReason = _server.SkipReason;
        if (SkipReason is not null)
        {
            return;
        }

        _connectionString = _server.NewDatabase();
        var cancellation = TestContext.Current.CancellationToken;
        A = await ApiProcess.StartAsync($"{Provider} instance A", Settings(DigestsOfA, migrate: true), cancellation);
        B = await ApiProcess.StartAsync($"{Provider} instance B", Settings(DigestsOfB, migrate: false), cancellation);
    }

    public void SkipWithoutServer()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
    }

    /// <summary>Runs a query against the instances' database from the test process.</summary>
    public async Task<T> Db<T>(Func<CaseCoordinationDbContext, Task<T>> query)
    {
        SkipWithoutServer();
        await using var db = Context(_connectionString!);
        return await query(db);
    }

    /// <summary>Every access-log entry in id order and the chain's head, as stored.</summary>
    public Task<(List<AccessLogEntry> Entries, AccessLogChainHead Head)> ChainAsync() => Db(async db =>
    {
        var entries = await db.AccessLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        var head = await db.Set<AccessLogChainHead>().AsNoTracking().SingleAsync(h => h.Id == AccessLogChainHead.SingletonId);
        return (entries, head);
    });

    /// <summary>What both instances wrote, for a failure message.</summary>
    public string Outputs() => $"--- {A.Name} ---\n{A.Output}\n--- {B.Name} ---\n{B.Output}";

    public async ValueTask DisposeAsync()
    {
        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (_server is not null && _connectionString is not null)
        {
            await _server.DropDatabaseAsync(_connectionString);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    private Dictionary<string, string?> Settings(string digests, bool migrate)
    {
        var settings = ApiProcess.CommonSettings(Path.Combine(_folder, "keys"));
        settings["Database:Provider"] = Provider;
        settings["ConnectionStrings:CaseCoordination"] = Pooled(_connectionString!, 30);
        settings["Database:MigrateOnStartup"] = migrate ? "true" : "false";
        settings["AccessLog:DigestDirectory"] = digests;
        settings["AccessLog:DigestInterval"] = "00:00:01";
        return settings;
    }
}

/// <summary>Two instances over one PostgreSQL database (<c>CASECOORDINATION_POSTGRES</c>, or a container).</summary>
public sealed class TwoInstancesOnPostgreSql() : TwoInstances(Server)
{
    private static readonly Lazy<Task<ServerFixture>> Server = ServerFixture.Shared<PostgreSqlFixture>();

    protected override string Provider => "PostgreSql";

    protected override string Pooled(string connectionString, int maxPoolSize) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = maxPoolSize }.ConnectionString;

    protected override CaseCoordinationDbContext Context(string connectionString) => PostgreSqlDesignTimeFactory.Create(connectionString);
}

/// <summary>Two instances over one SQL Server database (<c>CASECOORDINATION_SQLSERVER</c>, or a container).</summary>
public sealed class TwoInstancesOnSqlServer() : TwoInstances(Server)
{
    private static readonly Lazy<Task<ServerFixture>> Server = ServerFixture.Shared<SqlServerFixture>();

    protected override string Provider => "SqlServer";

    protected override string Pooled(string connectionString, int maxPoolSize) =>
        new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(connectionString) { MaxPoolSize = maxPoolSize }.ConnectionString;

    protected override CaseCoordinationDbContext Context(string connectionString) =>
        DesignTimeServices.Context<SqlServerCaseCoordinationDbContext>(DatabaseSetup.UseSqlServer, connectionString, o => new SqlServerCaseCoordinationDbContext(o));
}
