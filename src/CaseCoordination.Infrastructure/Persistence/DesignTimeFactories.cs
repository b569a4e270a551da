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
    public static SqliteCaseCoordinationDbContext Create(string connectionString)
    {
        var options = new DbContextOptionsBuilder<SqliteCaseCoordinationDbContext>();
        DatabaseSetup.UseSqlite(options, connectionString);
        options.UseApplicationServiceProvider(DesignTimeServices.Instance);
        return new SqliteCaseCoordinationDbContext(options.Options);
    }
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerCaseCoordinationDbContext>
{
    public SqlServerCaseCoordinationDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlServerCaseCoordinationDbContext>();
        DatabaseSetup.UseSqlServer(options, "Server=design-time;Database=CaseCoordination;Integrated Security=true;TrustServerCertificate=true");
        options.UseApplicationServiceProvider(DesignTimeServices.Instance);
        return new SqlServerCaseCoordinationDbContext(options.Options);
    }
}

/// <summary>The one application service a context needs at design time: a throwaway protection (no data is ever encrypted then).</summary>
internal static class DesignTimeServices
{
    public static readonly IServiceProvider Instance = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
        .AddSingleton(PersonalDataProtection.ForDesignTime())
        .BuildServiceProvider();
}
