using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Idempotency;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Infrastructure.Idempotency;

/// <summary>
/// Marks a request's Idempotency-Key as done inside the act's own transaction (ADR 0018), so that the key
/// says "committed" exactly when the act is: a retry after the lease recovers the result instead of
/// running the act again. The mark is written only under the lease the request claimed the key with; if
/// another request took the key over meanwhile, the act fails and its transaction is rolled back, so the
/// two can never both commit.
/// </summary>
internal static class IdempotencyMarks
{
    /// <summary>
    /// Writes the request's armed mark, if any, in the act's transaction (the unit of work's commit), with
    /// what the act's access-log entries name, so that a replay of its answer is logged as a read of the same.
    /// </summary>
    public static async Task WriteAsync(CaseCoordinationDbContext db, IdempotencyMark? mark, IEnumerable<AccessLogEntry> accessLog, CancellationToken cancellationToken)
    {
        if (mark is null)
        {
            return;
        }

        var result = IdempotencyStore.Protect(db.Protection, mark.Result);
        var logged = IdempotencyRecord.LoggedOf(accessLog);
        var marked = await db.IdempotencyKeys.Where(r => r.Key == mark.Key && r.LeaseToken == mark.LeaseToken && !r.Committed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Committed, true).SetProperty(r => r.Result, result).SetProperty(r => r.LoggedResources, logged), cancellationToken);
        if (marked != 1)
        {
            throw new ConcurrencyConflictException();
        }
    }

}
