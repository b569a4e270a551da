using Xunit;

namespace CaseCoordination.Api.Tests.Support;

/// <summary>
/// A real database server for the tests that must run on one: an existing server named by an
/// environment variable (a connection string with the right to create databases), or else a container
/// started by Testcontainers from a pinned image where a Docker engine answers. Where neither exists,
/// the tests are skipped with that reason — never passed silently, never run on a stand-in.
/// </summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private IAsyncDisposable? _container;

    public string? ConnectionString { get; private set; }

    public string? SkipReason { get; private set; }

    /// <summary>The server's name in a skip reason, e.g. "PostgreSQL".</summary>
    protected abstract string ServerName { get; }

    /// <summary>The environment variable that names an existing server.</summary>
    protected abstract string EnvironmentVariable { get; }

    /// <summary>Starts a container; throws where no Docker engine answers.</summary>
    protected abstract Task<(IAsyncDisposable Container, string ConnectionString)> StartContainerAsync();

    /// <summary>A connection string to the database <paramref name="name"/> on the server (created by the migrations).</summary>
    protected abstract string WithDatabase(string connectionString, string name);

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
            (_container, ConnectionString) = await StartContainerAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SkipReason = $"{ServerName} is not available: no {EnvironmentVariable} connection string is set and no Docker engine answered for Testcontainers ({ex.GetType().Name}).";
        }
    }

    /// <summary>A connection string to a fresh, uniquely named database on the server; skips the test where there is no server.</summary>
    public string NewDatabase()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }

        return WithDatabase(ConnectionString!, $"cc_test_{Guid.NewGuid():N}");
    }

    /// <summary>Drops a database <see cref="NewDatabase"/> named, where the server allows it (best effort: the tests' own clean-up).</summary>
    public virtual Task DropDatabaseAsync(string connectionString) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>One server per test run and provider, started at first use.</summary>
    public static Lazy<Task<ServerFixture>> Shared<T>()
        where T : ServerFixture, new() => new(async () =>
        {
            var fixture = new T();
            await fixture.InitializeAsync();
            return (ServerFixture)fixture;
        });
}

/// <summary>The API on a server database: the same host as <see cref="ApiFactory"/>, another provider.</summary>
public abstract class ServerApiFactory(string provider, string connectionString) : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = provider,
        ["ConnectionStrings:CaseCoordination"] = connectionString,
    };
}

/// <summary>
/// The API on a server database for whole test classes: one server per test run (a container or the
/// configured one), a fresh database per class, dropped with the class where the server allows it.
/// Where no server is available, every test that asks for a client or the database is skipped with
/// the reason.
/// </summary>
public abstract class ServerSuiteFactory : ApiFactory
{
    private readonly string _provider;
    private readonly ServerFixture _server;
    private readonly string? _connectionString;
    private readonly string? _skipReason;

    protected ServerSuiteFactory(string provider, Lazy<Task<ServerFixture>> server)
    {
        _provider = provider;
        _server = server.Value.GetAwaiter().GetResult();
        _skipReason = _server.SkipReason;
        _connectionString = _skipReason is null ? _server.NewDatabase() : null;
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = _provider,
        ["ConnectionStrings:CaseCoordination"] = _connectionString ?? "Server=unavailable;Database=none",
    };

    /// <summary>The class's own database (null where the server is unavailable).</summary>
    public string? ConnectionString => _connectionString;

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

    protected void SkipWithoutServer()
    {
        if (_skipReason is not null)
        {
            Assert.Skip(_skipReason);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _connectionString is not null)
        {
            _server.DropDatabaseAsync(_connectionString).GetAwaiter().GetResult();
        }
    }
}
