using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

namespace CaseCoordination.Api.Tests.Support;

/// <summary>A real SQL Server (<see cref="ServerFixture"/>): <c>CASECOORDINATION_SQLSERVER</c> or a container.</summary>
public sealed class SqlServerFixture : ServerFixture
{
    public const string Variable = "CASECOORDINATION_SQLSERVER";
    public const string Image = "mcr.microsoft.com/mssql/server:2022-CU16-ubuntu-22.04";

    protected override string ServerName => "SQL Server";

    protected override string EnvironmentVariable => Variable;

    protected override async Task<(IAsyncDisposable Container, string ConnectionString)> StartContainerAsync()
    {
        var container = new MsSqlBuilder(Image).Build();
        await container.StartAsync();
        return (container, container.GetConnectionString());
    }

    protected override string WithDatabase(string connectionString, string name) =>
        new SqlConnectionStringBuilder(connectionString) { InitialCatalog = name, TrustServerCertificate = true }.ConnectionString;
}

/// <summary>The API on SQL Server: the same host as <see cref="ApiFactory"/>, another provider.</summary>
public sealed class SqlServerApiFactory(string connectionString) : ServerApiFactory("SqlServer", connectionString);

/// <summary>The API on SQL Server for whole test classes (<see cref="ServerSuiteFactory"/>).</summary>
public sealed class SqlServerSuiteFactory() : ServerSuiteFactory("SqlServer", SharedServer)
{
    private static readonly Lazy<Task<ServerFixture>> SharedServer = ServerFixture.Shared<SqlServerFixture>();
}
