using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// Brings the database up to date when the API starts — WAL mode on SQLite, migrations, the key ring's
/// first key, clear free text encrypted, the read models, demo data — all under one database-wide lock
/// (<see cref="StartupLock"/>, ADR 0030), so that instances started at the same moment do it one after
/// the other and each later one finds it done.
/// </summary>
public static class DatabaseInitializer
{
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));

        if (options.MigrateOnStartup && options.Provider != DatabaseProvider.Sqlite)
        {
            // The lock lives in the database, so a server database must exist before it can be taken.
            await CreateDatabaseIfMissingAsync(db, options.Provider, logger, cancellationToken);
        }

        // With MigrateOnStartup=false too: the steps after the migrations are as one-time as they are.
        await using (await StartupLock.AcquireAsync(options.Provider, db.Database.GetConnectionString()!, logger, cancellationToken))
        {
            await StartUnderLockAsync(scope.ServiceProvider, db, options, logger, cancellationToken);
        }
    }

    /// <summary>
    /// Creates the server database when it does not exist, under the same lock in the server's
    /// maintenance database, so that of instances starting together on a new database one creates it
    /// and the others find it (instead of failing, or logging an error, on its duplicate name).
    /// </summary>
    private static async Task CreateDatabaseIfMissingAsync(CaseCoordinationDbContext db, DatabaseProvider provider, ILogger logger, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        await using (await StartupLock.AcquireForCreationAsync(provider, db.Database.GetConnectionString()!, logger, cancellationToken))
        {
            if (!await creator.ExistsAsync(cancellationToken))
            {
                await creator.CreateAsync(cancellationToken);
                logger.LogInformation("Created the database");
            }
        }
    }

    private static async Task StartUnderLockAsync(IServiceProvider services, CaseCoordinationDbContext db, DatabaseOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers and a writer work at once; the setting is stored in the database file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        if (options.MigrateOnStartup)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                if (options.Provider == DatabaseProvider.Sqlite)
                {
                    await RemoveStaleSqliteMigrationLockAsync(db, logger, cancellationToken);
                }

                logger.LogInformation("Applying {Count} migration(s) for {Provider}", pending.Count, options.Provider);
                await db.Database.MigrateAsync(cancellationToken);
            }
        }

        // The shared key ring's first key is made here, under the lock, so that instances starting
        // together on an empty ring do not each make one (each would encrypt with a key the others
        // may not load for hours). Protecting nothing creates it when the ring has none.
        db.Protection.Protect(string.Empty);

        // Free text an earlier build stored in clear is encrypted before the API serves (ADR 0019).
        var encrypted = await Protection.LegacyFreeText.EncryptAsync(db, cancellationToken);
        if (encrypted > 0)
        {
            logger.LogInformation("Encrypted {Count} free-text value(s) stored in clear by an earlier build", encrypted);
        }

        // The read models (tallies, signal rows) are rebuilt when they were computed with other signal
        // windows than configured now (signal rows store due-at instants), with another revision of their
        // definitions, or never: a migration that changes them drops the record of the windows (ADR 0022).
        if (await CaseReadModels.StoredWindowsAsync(db, cancellationToken) != CaseReadModels.FingerprintOf(db))
        {
            logger.LogInformation("Computing the dashboards' tallies and the signal rows from the stored cases and referrals");
            await CaseReadModels.RebuildAsync(db, cancellationToken);
        }

        if (options.SeedDemoData)
        {
            await DemoData.SeedAsync(db, cancellationToken);
            if (options.DemoReferrals > 0 && !await db.Cases.AnyAsync(cancellationToken))
            {
                var clock = services.GetRequiredService<TimeProvider>();
                var levels = services.GetRequiredService<IOptions<Application.Common.Options.ReferralOptions>>().Value.ToServiceLevels();
                // Saved through the unit of work, so the read models are kept as for any act.
                var made = await SyntheticData.FillAsync(db, DemoData.RegionCode, options.DemoReferrals, droppedShare: 0.2, seed: 18, clock.GetUtcNow(), levels, withTimeline: true, cancellationToken);
                logger.LogInformation("Seeded the demo region with {Cases} invented cases and {Referrals} referrals", made.Cases, made.Referrals);
            }
        }
    }

    /// <summary>
    /// EF Core's own migration lock on SQLite is a row in <c>__EFMigrationsLock</c>, deleted when
    /// <c>MigrateAsync</c> ends; a process killed while migrating leaves it, and every later
    /// <c>MigrateAsync</c> would wait for it for ever. Under the start-up lock no other instance of the
    /// API is migrating this file, so a row found here is such a leftover and is removed.
    /// </summary>
    private static async Task RemoveStaleSqliteMigrationLockAsync(CaseCoordinationDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var tables = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'").SingleAsync(cancellationToken);
        if (tables == 0)
        {
            return;
        }

        var removed = await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\";", cancellationToken);
        if (removed > 0)
        {
            logger.LogWarning("Removed EF Core's migration lock left by an interrupted migration");
        }
    }
}
