using CaseCoordination.Application.Common.Idempotency;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;
using CaseCoordination.Infrastructure.AccessLog;
using CaseCoordination.Infrastructure.Idempotency;
using CaseCoordination.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// The request's unit of work (scoped; ADR 0023): what the act queued besides its tracked changes, and
/// the one commit that writes all of it in one transaction. Nothing of a request lives on the pooled
/// context: a request that never commits leaves nothing behind for the next lease.
/// </summary>
public sealed class UnitOfWork(CaseCoordinationDbContext db, IdempotencyContext idempotency) : IUnitOfWork
{
    private readonly List<AccessLogEntry> _accessLog = [];
    private readonly CommitRules _rules = new();

    /// <summary>Commits what is tracked as one act outside a request (seeding, synthetic data): timeline and read models included.</summary>
    public static Task SaveActAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken = default) =>
        new UnitOfWork(db, new IdempotencyContext()).CommitAsync(cancellationToken);

    public void AppendToAccessLog(IEnumerable<AccessLogEntry> entries) => _accessLog.AddRange(entries);

    public void ReliesOn(AggregateRoot aggregate) => _rules.RelyOn(aggregate);

    public void RecheckAtCommit(Func<CancellationToken, Task> recheck) => _rules.Recheck(recheck);

    public void Discard()
    {
        db.ChangeTracker.Clear();
        _accessLog.Clear();
        _rules.Clear();
    }

    /// <summary>
    /// In one transaction, under the execution strategy (a server database retries the whole of it on
    /// a transient error, from the tracked changes, which are accepted only after the commit): the
    /// reliances first (ADR 0020: every act takes those row locks first, in one order), the read models
    /// as stored before the act, the act's save, the rechecks, the read models replaced, the webhook
    /// outbox (ADR 0028: the events of the act, stored if and only if it commits), the Idempotency-Key's mark, and last the access-log entries sealed onto the chain's head (the one lock
    /// every writer shares, held from there to the commit). On SQLite the whole transaction holds the
    /// file's turn (<see cref="SqliteWriter"/>).
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var mark = idempotency.Mark;
        if (_accessLog.Count == 0 && mark is null && !db.ChangeTracker.HasChanges())
        {
            return;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            using var turn = await SqliteWriter.TakeTurnAsync(db, ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await _rules.CheckReliancesAsync(db, ct);
            var readModels = await CaseReadModels.BeforeActAsync(db, ct);
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await _rules.RecheckAsync(ct);
            var signalRows = await CaseReadModels.AfterActAsync(db, readModels, ct);
            await WebhookOutbox.WriteAsync(db, signalRows, ct);
            await IdempotencyMarks.WriteAsync(db, mark, _accessLog, ct);
            await AccessLogChain.AppendAsync(db, _accessLog, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);

        db.ChangeTracker.AcceptAllChanges();
        _accessLog.Clear();
        _rules.Clear();
    }
}
