using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>Brings the database up to date when the API starts: WAL mode on SQLite, migrations, demo data.</summary>
public static class DatabaseInitializer
{
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));

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
                logger.LogInformation("Applying {Count} migration(s) for {Provider}", pending.Count, options.Provider);
                await db.Database.MigrateAsync(cancellationToken);
            }
        }

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
                var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
                var levels = scope.ServiceProvider.GetRequiredService<IOptions<Application.Common.Options.ReferralOptions>>().Value.ToServiceLevels();
                // Saved through the unit of work, so the read models are kept as for any act.
                var made = await SyntheticData.FillAsync(db, DemoData.RegionCode, options.DemoReferrals, droppedShare: 0.2, seed: 18, clock.GetUtcNow(), levels, withTimeline: true, cancellationToken);
                logger.LogInformation("Seeded the demo region with {Cases} invented cases and {Referrals} referrals", made.Cases, made.Referrals);
            }
        }
    }
}
