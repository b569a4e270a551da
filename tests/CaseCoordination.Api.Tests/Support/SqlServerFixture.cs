using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;
using Xunit;

namespace CaseCoordination.Api.Tests.Support;

/// <summary>
/// A real SQL Server for the tests that must run on it: an existing server named by the environment
/// variable <c>CASECOORDINATION_SQLSERVER</c> (a connection string), or else a container started by
/// Testcontainers from a pinned image where a Docker engine answers. Where neither exists, the tests
/// are skipped with that reason — never passed silently, never run on a stand-in.
/// </summary>
public sealed class SqlServerFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "CASECOORDINATION_SQLSERVER";
    public const string Image = "mcr.microsoft.com/mssql/server:2022-CU16-ubuntu-22.04";

    private MsSqlContainer? _container;

    public string? ConnectionString { get; private set; }

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured;
            return;
        }

        try
        {
            _container = new MsSqlBuilder(Image).Build();
            await _container.StartAsync();
            ConnectionString = _container.GetConnectionString();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SkipReason = $"SQL Server is not available: no {EnvironmentVariable} connection string is set and no Docker engine answered for Testcontainers ({ex.GetType().Name}).";
        }
    }

    /// <summary>A connection string to a fresh, uniquely named database on the server.</summary>
    public string NewDatabase()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }

        var builder = new SqlConnectionStringBuilder(ConnectionString) { InitialCatalog = $"cc_test_{Guid.NewGuid():N}", TrustServerCertificate = true };
        return builder.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}

/// <summary>The API on SQL Server: the same host as <see cref="ApiFactory"/>, another provider.</summary>
public sealed class SqlServerApiFactory(string connectionString) : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "SqlServer",
        ["ConnectionStrings:CaseCoordination"] = connectionString,
    };
}

/// <summary>
/// The API on SQL Server for whole test classes: one server per test run (a container or the
/// configured one), a fresh database per class. Where no SQL Server is available, every test that
/// asks for a client or the database is skipped with the reason.
/// </summary>
public sealed class SqlServerSuiteFactory : ApiFactory
{
    private static readonly Lazy<Task<SqlServerFixture>> SharedServer = new(async () =>
    {
        var fixture = new SqlServerFixture();
        await fixture.InitializeAsync();
        return fixture;
    });

    private readonly string? _connectionString;
    private readonly string? _skipReason;

    public SqlServerSuiteFactory()
    {
        var server = SharedServer.Value.GetAwaiter().GetResult();
        _skipReason = server.SkipReason;
        _connectionString = _skipReason is null ? server.NewDatabase() : null;
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "SqlServer",
        ["ConnectionStrings:CaseCoordination"] = _connectionString ?? "Server=unavailable;Database=none",
    };

    public override HttpClient As(string user, string role, Guid? agencyId, string? region)
    {
        SkipWithoutServer();
        return base.As(user, role, agencyId, region);
    }

    public override Task<T> Db<T>(Func<CaseCoordination.Infrastructure.Persistence.CaseCoordinationDbContext, Task<T>> query)
    {
        SkipWithoutServer();
        return base.Db(query);
    }

    private void SkipWithoutServer()
    {
        if (_skipReason is not null)
        {
            Assert.Skip(_skipReason);
        }
    }
}
