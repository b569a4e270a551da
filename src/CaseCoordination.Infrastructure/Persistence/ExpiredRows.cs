using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// Deletes rows past their retention a few at a time, on the way — no cleanup job, no long lock: at most
/// <see cref="Batch"/> rows per call, chosen by a read and deleted by one short statement (in the SQLite
/// file's writer turn) that checks the expiry again, so a row that changed in between (an idempotency key
/// claimed anew, a delivery redelivered) stays. Several instances may delete at once: a row is deleted once,
/// the others find it gone. Used by the idempotency store and the webhook dispatcher.
/// </summary>
internal static class ExpiredRows
{
    /// <summary>The most rows one call deletes.</summary>
    public const int Batch = 100;

    /// <summary>Deletes up to <see cref="Batch"/> of <paramref name="rows"/> that are <paramref name="expired"/>; returns how many.</summary>
    public static async Task<int> DeleteAsync<TRow, TKey>(
        DbContext db, IQueryable<TRow> rows, Expression<Func<TRow, bool>> expired, Expression<Func<TRow, TKey>> key, CancellationToken cancellationToken)
    {
        var keys = await rows.Where(expired).Select(key).Take(Batch).ToListAsync(cancellationToken);
        if (keys.Count == 0)
        {
            return 0;
        }

        return await SqliteWriter.RunAsync(db, ct => rows.Where(expired).Where(In(key, keys)).ExecuteDeleteAsync(ct), cancellationToken);
    }

    /// <summary><c>row => keys.Contains(key(row))</c>, the keys captured as a query parameter.</summary>
    private static Expression<Func<TRow, bool>> In<TRow, TKey>(Expression<Func<TRow, TKey>> key, List<TKey> keys)
    {
        Expression<Func<List<TKey>>> captured = () => keys;
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TKey)], captured.Body, key.Body);
        return Expression.Lambda<Func<TRow, bool>>(contains, key.Parameters);
    }
}
