using Npgsql;
using Testcontainers.PostgreSql;

namespace CaseCoordination.Api.Tests.Support;

/// <summary>
/// A real PostgreSQL (<see cref="ServerFixture"/>): the server named by <c>CASECOORDINATION_POSTGRES</c>
/// (a connection string whose role may create databases; <c>.ci/run</c> starts a cluster and sets it),
/// or a container where a Docker engine answers. Each database it hands out is dropped with its class.
/// </summary>
public sealed class PostgreSqlFixture : ServerFixture
{
    public const string Variable = "CASECOORDINATION_POSTGRES";
    public const string Image = "postgres:15.10-bookworm";

    protected override string ServerName => "PostgreSQL";

    protected override string EnvironmentVariable => Variable;

    protected override async Task<(IAsyncDisposable Container, string ConnectionString)> StartContainerAsync()
    {
        var container = new PostgreSqlBuilder(Image).Build();
        await container.StartAsync();
        return (container, container.GetConnectionString());
    }

    protected override string WithDatabase(string connectionString, string name) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;

    /// <summary>Drops the database, ending the pool's idle connections to it first (PostgreSQL 13 and later).</summary>
    public override async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(WithDatabase(connectionString, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The API on PostgreSQL: the same host as <see cref="ApiFactory"/>, another provider.</summary>
public sealed class PostgreSqlApiFactory(string connectionString) : ServerApiFactory("PostgreSql", connectionString);

/// <summary>The API on PostgreSQL for whole test classes (<see cref="ServerSuiteFactory"/>).</summary>
public sealed class PostgreSqlSuiteFactory() : ServerSuiteFactory("PostgreSql", SharedServer)
{
    private static readonly Lazy<Task<ServerFixture>> SharedServer = ServerFixture.Shared<PostgreSqlFixture>();
}
