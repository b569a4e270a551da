using CaseCoordination.Infrastructure.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace CaseCoordination.Infrastructure.Persistence;

// Used by `dotnet ef` to build each provider's model without starting the API. The connection
// strings are placeholders: generating migrations and scripts never connects.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCaseCoordinationDbContext>
{
    public SqliteCaseCoordinationDbContext CreateDbContext(string[] args) => Create("Data Source=design-time.db");

    /// <summary>A design-time context on the given SQLite database (the migration checks use an in-memory one).</summary>
    public static SqliteCaseCoordinationDbContext Create(string connectionString) =>
        DesignTimeServices.Context<SqliteCaseCoordinationDbContext>(DatabaseSetup.UseSqlite, connectionString, o => new SqliteCaseCoordinationDbContext(o));
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerCaseCoordinationDbContext>
{
    public SqlServerCaseCoordinationDbContext CreateDbContext(string[] args) =>
        DesignTimeServices.Context<SqlServerCaseCoordinationDbContext>(DatabaseSetup.UseSqlServer, "Server=design-time;Database=CaseCoordination;Integrated Security=true;TrustServerCertificate=true", o => new SqlServerCaseCoordinationDbContext(o));
}

public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlCaseCoordinationDbContext>
{
    public PostgreSqlCaseCoordinationDbContext CreateDbContext(string[] args) => Create("Host=design-time;Database=casecoordination;Username=design-time");

    /// <summary>A design-time context on the given PostgreSQL database (tests apply the migration set to a real one).</summary>
    public static PostgreSqlCaseCoordinationDbContext Create(string connectionString) =>
        DesignTimeServices.Context<PostgreSqlCaseCoordinationDbContext>(DatabaseSetup.UsePostgreSql, connectionString, o => new PostgreSqlCaseCoordinationDbContext(o));
}

/// <summary>The one application service a context needs at design time: a throwaway protection (no data is ever encrypted then).</summary>
internal static class DesignTimeServices
{
    public static readonly IServiceProvider Instance = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
        .AddSingleton(PersonalDataProtection.ForDesignTime())
        .BuildServiceProvider();

    /// <summary>A context of one provider with these services, outside any host.</summary>
    public static TContext Context<TContext>(Action<DbContextOptionsBuilder, string> use, string connectionString, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : CaseCoordinationDbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        use(options, connectionString);
        options.UseApplicationServiceProvider(Instance);
        return create(options.Options);
    }
}
