using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Infrastructure.Idempotency;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CaseCoordination.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the database chosen by <c>Database:Provider</c> (<c>Sqlite</c> by default, <c>SqlServer</c>)
    /// with its own migration set, and the readiness check.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(DatabaseOptions.Section);
        services.Configure<DatabaseOptions>(section);
        var options = section.Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = DatabaseSetup.PrepareSqliteConnectionString(
                    string.IsNullOrWhiteSpace(connectionString) ? DatabaseOptions.DefaultSqliteConnectionString : connectionString,
                    environment.ContentRootPath);
                services.AddDbContext<SqliteCaseCoordinationDbContext>(o => DatabaseSetup.UseSqlite(o, sqlite));
                services.AddScoped<CaseCoordinationDbContext>(sp => sp.GetRequiredService<SqliteCaseCoordinationDbContext>());
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:CaseCoordination is not set.");
                }

                services.AddDbContext<SqlServerCaseCoordinationDbContext>(o => DatabaseSetup.UseSqlServer(o, connectionString));
                services.AddScoped<CaseCoordinationDbContext>(sp => sp.GetRequiredService<SqlServerCaseCoordinationDbContext>());
                break;
            default:
                throw new InvalidOperationException("Database:Provider must be Sqlite or SqlServer.");
        }

        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<CaseCoordinationDbContext>());
        services.AddSingleton<IDatabaseErrors, DatabaseErrors>();
        services.Configure<IdempotencyOptions>(configuration.GetSection(IdempotencyOptions.Section));
        services.AddSingleton<IIdempotencyStore, IdempotencyStore>();
        services.AddHostedService<DatabaseInitializerService>();
        services.AddHealthChecks().AddCheck<DatabaseReadyHealthCheck>("database", tags: ["ready"]);
        return services;
    }
}
