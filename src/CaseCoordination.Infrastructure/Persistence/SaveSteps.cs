using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// What every save of the context does before it writes, whoever saves (the unit of work, seeding):
/// refuse a change to the append-only access log, move the aggregates' recorded events into the
/// timeline, keep the keyed hash of each identity number, and refuse a change of an aggregate outside a
/// transaction (an act is committed by the unit of work, which keeps the read models in its transaction).
/// Stateless: one instance serves every context.
/// </summary>
internal sealed class SaveSteps : SaveChangesInterceptor
{
    public static readonly SaveSteps Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Before(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Before(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Before(DbContext? context)
    {
        if (context is not CaseCoordinationDbContext db)
        {
            return;
        }

        GuardAccessLog(db);
        GuardActs(db);
        MoveRecordedEventsToTimeline(db);
        HashIdentityNumbers(db);
    }

    /// <summary>The access log is append-only: no code path may change or delete an entry.</summary>
    private static void GuardAccessLog(CaseCoordinationDbContext db)
    {
        if (db.ChangeTracker.Entries<AccessLogEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The access log is append-only: entries cannot be changed or deleted.");
        }
    }

    /// <summary>A changed aggregate is an act: saved alone, it would leave the dashboards' read models behind.</summary>
    private static void GuardActs(CaseCoordinationDbContext db)
    {
        if (db.Database.CurrentTransaction is null
            && db.ChangeTracker.Entries<AggregateRoot>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("A change of an aggregate is an act: commit it through the unit of work (IUnitOfWork; UnitOfWork.SaveActAsync outside a request).");
        }
    }

    private static void MoveRecordedEventsToTimeline(CaseCoordinationDbContext db)
    {
        foreach (var aggregate in db.ChangeTracker.Entries<AggregateRoot>().Select(e => e.Entity).ToList())
        {
            db.Timeline.AddRange(aggregate.RecordedEvents);
            aggregate.ClearRecordedEvents();
        }
    }

    /// <summary>Keeps the keyed hash of each person's identity number (for lookups) beside its encrypted value.</summary>
    private static void HashIdentityNumbers(CaseCoordinationDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries<Person>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            entry.Property(Configurations.CaseConfiguration.IdentityNumberHash).CurrentValue =
                entry.Entity.IdentityNumber is { Length: > 0 } number ? db.Protection.LookupHash(number) : null;
        }
    }
}
