using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// Rows written in an act's transaction after the act's own save: the cases' new signal rows and the
/// sealed access-log entries with the chain's moved head. The act's save keeps its changes pending until
/// the commit (so that a server database's retry can replay them), and saving the act's context again
/// would write them twice: these rows go through a second context on the same connection and
/// transaction — EF's way of sharing a transaction between contexts (ADR 0023).
/// </summary>
internal static class BesideTheAct
{
    /// <param name="add">Adds (or attaches and changes) the rows on the second context; changes are not detected, so state is set explicitly.</param>
    public static async Task SaveAsync(CaseCoordinationDbContext db, Action<CaseCoordinationDbContext> add, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Rows beside an act are written inside the act's transaction.");
        await using var side = (CaseCoordinationDbContext)Activator.CreateInstance(db.GetType(), db.GetService<IDbContextOptions>())!;
        side.Database.SetDbConnection(db.Database.GetDbConnection(), contextOwnsConnection: false);
        await side.Database.UseTransactionAsync(transaction, cancellationToken);
        side.ChangeTracker.AutoDetectChangesEnabled = false;
        add(side);
        await side.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
    }
}
