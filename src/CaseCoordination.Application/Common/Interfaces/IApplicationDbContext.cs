using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Audit;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
using CaseCoordination.Domain.LeadHandovers;
using CaseCoordination.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Common.Interfaces;

/// <summary>The data the handlers work on. Infrastructure implements it for SQLite and SQL Server.</summary>
public interface IApplicationDbContext
{
    DbSet<Agency> Agencies { get; }
    DbSet<Case> Cases { get; }
    DbSet<Referral> Referrals { get; }
    DbSet<LeadHandover> LeadHandovers { get; }
    DbSet<Consent> Consents { get; }
    DbSet<LegalBasisReview> LegalBasisReviews { get; }
    DbSet<TimelineEntry> Timeline { get; }
    DbSet<AccessLogEntry> AccessLog { get; }

    /// <summary>The dashboards' pre-aggregated counts, kept by every save (read-only for handlers).</summary>
    DbSet<Dashboards.DashboardTally> DashboardTallies { get; }

    /// <summary>Each open case's earliest signal anchors, kept by every save (read-only for handlers).</summary>
    DbSet<Dashboards.CaseSignalAnchor> CaseSignalAnchors { get; }

    /// <summary>Commits every tracked change, timeline event and access-log entry in one transaction.</summary>
    Task<int> SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>Forgets every tracked change, so that a refused act changes nothing.</summary>
    void DiscardChanges();

    /// <summary>
    /// Queues access-log entries; the next save seals them into the hash chain and writes them in the
    /// same transaction as everything else.
    /// </summary>
    void AppendToAccessLog(IEnumerable<AccessLogEntry> entries);

    /// <summary>
    /// The act decided on this aggregate as it was read (a consent that covers what a referral shares,
    /// the case that must be open, the agency that must take part in the cooperation). The save checks,
    /// inside its transaction, that no other act has changed the aggregate since — its version, which
    /// every change bumps — and fails with a concurrency conflict (409) if one has. The check takes the
    /// aggregate's row lock on a server database, so an act that changes it waits for this one to
    /// commit. It never bumps the version: acts that merely rely on the same aggregate never conflict.
    /// </summary>
    void ReliesOn(AggregateRoot aggregate);

    /// <summary>
    /// A rule over rows that other acts add (the open referrals of a case that closes quietly, the open
    /// cases an agency that leaves still leads) is evaluated again inside the save's transaction, after
    /// the act's own writes have locked its aggregate; <paramref name="recheck"/> throws the rule's own
    /// refusal when it no longer holds, and nothing of the act is written.
    /// </summary>
    void RecheckAtCommit(Func<CancellationToken, Task> recheck);
}
