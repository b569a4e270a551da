using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;

namespace CaseCoordination.Application.Common.Interfaces;

/// <summary>
/// One request's unit of work (scoped to the request). Handlers change tracked aggregates through
/// <see cref="IApplicationDbContext"/> and queue here what else the act needs at commit; the request's
/// <c>AccessLoggingBehaviour</c> calls <see cref="CommitAsync"/> once, which saves the act, its timeline
/// events, the read models of its cases, its access-log entries (sealed into the hash chain) and the
/// request's Idempotency-Key mark in one transaction, or nothing.
/// </summary>
public interface IUnitOfWork
{
    /// <summary>Queues access-log entries; the commit seals them into the hash chain and writes them with the act.</summary>
    void AppendToAccessLog(IEnumerable<AccessLogEntry> entries);

    /// <summary>
    /// The act decided on this aggregate as it was read (a consent that covers what a referral shares,
    /// the case that must be open, the agency that must take part in the cooperation). The commit checks,
    /// first thing inside its transaction, that no other act has changed the aggregate since — its
    /// version, which every change bumps — and fails with a concurrency conflict (409) if one has. The
    /// check takes the aggregate's row lock on a server database, so an act that changes it waits for
    /// this one to commit. It never bumps the version: acts that merely rely on the same aggregate never
    /// conflict (ADR 0020).
    /// </summary>
    void ReliesOn(AggregateRoot aggregate);

    /// <summary>
    /// A rule over rows that other acts add (the open referrals of a case that closes quietly, the open
    /// cases an agency that leaves still leads) is evaluated again inside the commit's transaction, after
    /// the act's own writes have locked its aggregate; <paramref name="recheck"/> throws the rule's own
    /// refusal when it no longer holds, and nothing of the act is written (ADR 0020).
    /// </summary>
    void RecheckAtCommit(Func<CancellationToken, Task> recheck);

    /// <summary>Forgets every tracked change and everything queued, so that a refused act changes nothing.</summary>
    void Discard();

    /// <summary>Commits the act and everything queued for it in one transaction (ADR 0023).</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
