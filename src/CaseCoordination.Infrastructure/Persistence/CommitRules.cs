using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
using CaseCoordination.Domain.LeadHandovers;
using CaseCoordination.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// What an act decided on that another act may change before this one commits (ADR 0020): the
/// aggregates it relies on, checked by version inside the save's transaction, and the rules over rows
/// other acts add, evaluated again there. Queued by the handler through
/// <see cref="Application.Common.Interfaces.IUnitOfWork"/>, run by its commit, and forgotten with the
/// act's other pending work.
/// </summary>
internal sealed class CommitRules
{
    private readonly List<(AggregateRoot Aggregate, int Version)> _reliances = [];
    private readonly List<Func<CancellationToken, Task>> _rechecks = [];

    public bool Any => _reliances.Count > 0 || _rechecks.Count > 0;

    public void RelyOn(AggregateRoot aggregate)
    {
        if (!_reliances.Exists(r => ReferenceEquals(r.Aggregate, aggregate)))
        {
            _reliances.Add((aggregate, aggregate.Version));
        }
    }

    public void Recheck(Func<CancellationToken, Task> recheck) => _rechecks.Add(recheck);

    public void Clear()
    {
        _reliances.Clear();
        _rechecks.Clear();
    }

    /// <summary>
    /// Before the act's own writes: each relied-on aggregate must still have the version it was read
    /// with. The check is an update that sets nothing new (<c>SET Version = Version WHERE Id = … AND
    /// Version = …</c>), so that a server database locks the row until this transaction ends: an act
    /// that changes the aggregate waits for this one, then finds its own version check still holding,
    /// and commits after it. Aggregates the act changes itself are left to EF's own concurrency token.
    /// The order is fixed (by type, then id) so that two acts never lock the same rows in opposite orders.
    /// </summary>
    public async Task CheckReliancesAsync(DbContext db, CancellationToken cancellationToken)
    {
        foreach (var (aggregate, version) in _reliances.OrderBy(r => r.Aggregate.GetType().Name, StringComparer.Ordinal).ThenBy(r => r.Aggregate.Id))
        {
            if (db.Entry(aggregate).State is EntityState.Modified or EntityState.Deleted or EntityState.Added)
            {
                continue;
            }

            var unchanged = aggregate switch
            {
                Agency => await StillAtAsync<Agency>(db, aggregate.Id, version, cancellationToken),
                Case => await StillAtAsync<Case>(db, aggregate.Id, version, cancellationToken),
                Consent => await StillAtAsync<Consent>(db, aggregate.Id, version, cancellationToken),
                Referral => await StillAtAsync<Referral>(db, aggregate.Id, version, cancellationToken),
                LeadHandover => await StillAtAsync<LeadHandover>(db, aggregate.Id, version, cancellationToken),
                _ => throw new NotSupportedException($"No commit check is defined for {aggregate.GetType().Name}."),
            };
            if (!unchanged)
            {
                // 409, also for a request with If-Match: its own resource's ETag is not what went stale.
                throw new ConcurrencyConflictException();
            }
        }
    }

    /// <summary>After the act's own writes, inside the same transaction: each rule the act queued must still hold.</summary>
    public async Task RecheckAsync(CancellationToken cancellationToken)
    {
        foreach (var recheck in _rechecks)
        {
            await recheck(cancellationToken);
        }
    }

    private static async Task<bool> StillAtAsync<T>(DbContext db, Guid id, int version, CancellationToken cancellationToken)
        where T : AggregateRoot =>
        await db.Set<T>().Where(a => a.Id == id && a.Version == version)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Version, a => a.Version), cancellationToken) == 1;
}
