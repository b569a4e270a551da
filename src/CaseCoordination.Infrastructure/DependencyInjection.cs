using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Infrastructure.AccessLog;
using CaseCoordination.Infrastructure.Idempotency;
using CaseCoordination.Infrastructure.Persistence;
using CaseCoordination.Infrastructure.Protection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CaseCoordination.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the database chosen by <c>Database:Provider</c> (<c>Sqlite</c> by default, <c>SqlServer</c>, <c>PostgreSql</c>)
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
                // Pooled: creating a context and its EF services was about a fifth of a request's CPU.
                services.AddDbContextPool<SqliteCaseCoordinationDbContext>(o => DatabaseSetup.UseSqlite(o, sqlite));
                services.AddScoped<CaseCoordinationDbContext>(sp => sp.GetRequiredService<SqliteCaseCoordinationDbContext>());
                break;
            case DatabaseProvider.SqlServer:
                AddServerContext<SqlServerCaseCoordinationDbContext>(services, options.Provider, connectionString, DatabaseSetup.UseSqlServer);
                break;
            case DatabaseProvider.PostgreSql:
                AddServerContext<PostgreSqlCaseCoordinationDbContext>(services, options.Provider, connectionString, DatabaseSetup.UsePostgreSql);
                break;
            default:
                throw new InvalidOperationException("Database:Provider must be Sqlite, SqlServer or PostgreSql.");
        }

        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<CaseCoordinationDbContext>());
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        // Registered before Data Protection, whose own hosted service loads the key ring at start (making
        // a first key on an empty ring): hosted services start in this order, so the initializer makes
        // that key under the start-up lock first (ADR 0030).
        services.AddHostedService<DatabaseInitializerService>();
        AddPersonalDataProtection(services, configuration, environment);
        services.AddSingleton<IDatabaseErrors, DatabaseErrors>();
        services.Configure<IdempotencyOptions>(configuration.GetSection(IdempotencyOptions.Section));
        services.AddSingleton<IIdempotencyStore, IdempotencyStore>();
        services.Configure<AccessLogOptions>(configuration.GetSection(AccessLogOptions.Section));
        services.AddScoped<IAccessLogHead, AccessLogHead>();
        services.AddSingleton<IAccessLogDigests, FileAccessLogDigests>();
        services.AddSingleton<AccessLogDigestPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessLogDigestPublisher>());
        services.Configure<Application.Webhooks.WebhookOptions>(configuration.GetSection(Application.Webhooks.WebhookOptions.Section));
        services.AddSingleton<Webhooks.CallbackUrlPolicy>();
        services.AddSingleton<Application.Webhooks.ICallbackUrlPolicy>(sp => sp.GetRequiredService<Webhooks.CallbackUrlPolicy>());
        services.AddSingleton<Webhooks.WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Webhooks.WebhookDispatcher>());
        services.AddHealthChecks().AddCheck<DatabaseReadyHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>A server database's pooled context: its connection string is required.</summary>
    private static void AddServerContext<TContext>(IServiceCollection services, DatabaseProvider provider, string? connectionString, Action<DbContextOptionsBuilder, string> use)
        where TContext : CaseCoordinationDbContext
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Database:Provider is {provider} but ConnectionStrings:CaseCoordination is not set.");
        }

        services.AddDbContextPool<TContext>(o => use(o, connectionString));
        services.AddScoped<CaseCoordinationDbContext>(sp => sp.GetRequiredService<TContext>());
    }

    /// <summary>
    /// Identity fields are encrypted with ASP.NET Core Data Protection. Every API instance must share
    /// the key ring (PersonalData:KeysDirectory on shared storage) and the lookup key.
    /// </summary>
    private static void AddPersonalDataProtection(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(PersonalDataOptions.Section).Get<PersonalDataOptions>() ?? new PersonalDataOptions();
        if (string.IsNullOrWhiteSpace(options.LookupKey))
        {
            throw new InvalidOperationException("PersonalData:LookupKey must be set (base64, at least 32 bytes); see docs/operations.md.");
        }

        var keys = new DirectoryInfo(Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.KeysDirectory)));
        keys.Create();
        var dataProtection = services.AddDataProtection().SetApplicationName("CaseCoordination").PersistKeysToFileSystem(keys);
        if (!string.IsNullOrWhiteSpace(options.KeyCertificatePath))
        {
            dataProtection.ProtectKeysWithCertificate(
                System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(options.KeyCertificatePath, options.KeyCertificatePassword));
        }
        services.AddSingleton(sp => new PersonalDataProtection(sp.GetRequiredService<IDataProtectionProvider>(), options.LookupKey));
    }
}
