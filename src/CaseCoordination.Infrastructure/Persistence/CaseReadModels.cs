using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// The read models of the cases an act touches (the dashboards' tallies and the signal anchors), kept
/// in the act's own transaction. The unit of work calls <see cref="BeforeActAsync"/> inside the
/// transaction before the act's own writes and <see cref="AfterActAsync"/> after them.
/// </summary>
internal static class CaseReadModels
{
    /// <summary>Inside the act's transaction, before its writes: what the touched cases contribute as stored now.</summary>
    public static async Task<CaseReadModelsBefore> BeforeActAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        var everything = db.ChangeTracker.Entries<Domain.Agencies.Agency>()
            .Any(e => e.State == EntityState.Modified && e.Property(a => a.Kind).IsModified);
        if (everything)
        {
            return new CaseReadModelsBefore(null, RebuildAll: true);
        }

        return DashboardTallyWriter.HasChanges(db)
            ? new CaseReadModelsBefore(await DashboardTallyWriter.CaptureLockedAsync(db, cancellationToken), RebuildAll: false)
            : new CaseReadModelsBefore(null, RebuildAll: false);
    }

    /// <summary>Inside the act's transaction, after its writes: replaces what the touched cases contribute.</summary>
    public static async Task AfterActAsync(CaseCoordinationDbContext db, CaseReadModelsBefore before, CancellationToken cancellationToken)
    {
        if (before.RebuildAll)
        {
            await DashboardTallyWriter.MoveEveryStampAsync(db, cancellationToken);
            await RebuildAsync(db, cancellationToken);
        }
        else if (before.Change is { } change)
        {
            await DashboardTallyWriter.ApplyAsync(db, change, cancellationToken);
        }
    }

    /// <summary>Every case's contribution, computed from scratch.</summary>
    public static Task RebuildAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken) =>
        DashboardTallyWriter.RebuildAsync(db, cancellationToken);
}

/// <summary>What <see cref="CaseReadModels.BeforeActAsync"/> found, for <see cref="CaseReadModels.AfterActAsync"/>.</summary>
internal sealed record CaseReadModelsBefore(TallyChange? Change, bool RebuildAll);
