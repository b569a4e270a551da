using CaseCoordination.Infrastructure.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CaseCoordination.Infrastructure.Persistence;

// Used by `dotnet ef` to build each provider's model without starting the API. The connection
// strings are placeholders: generating migrations and scripts never connects.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCaseCoordinationDbContext>
{
    public SqliteCaseCoordinationDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteCaseCoordinationDbContext>();
        DatabaseSetup.UseSqlite(options, "Data Source=design-time.db");
        return new SqliteCaseCoordinationDbContext(options.Options, PersonalDataProtection.ForDesignTime());
    }
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerCaseCoordinationDbContext>
{
    public SqlServerCaseCoordinationDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlServerCaseCoordinationDbContext>();
        DatabaseSetup.UseSqlServer(options, "Server=design-time;Database=CaseCoordination;Integrated Security=true;TrustServerCertificate=true");
        return new SqlServerCaseCoordinationDbContext(options.Options, PersonalDataProtection.ForDesignTime());
    }
}
