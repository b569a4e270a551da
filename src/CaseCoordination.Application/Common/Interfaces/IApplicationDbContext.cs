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

/// <summary>
/// The data the handlers work on. Infrastructure implements it for SQLite and SQL Server. It maps and
/// tracks; what an act commits, and how, is the request's <see cref="IUnitOfWork"/>.
/// </summary>
public interface IApplicationDbContext
{
    DbSet<Agency> Agencies { get; }
    DbSet<Domain.Directory.Service> Services { get; }
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

    /// <summary>Agencies' webhook subscriptions and the outbox of their deliveries (ADR 0028).</summary>
    DbSet<Webhooks.WebhookSubscription> WebhookSubscriptions { get; }

    DbSet<Webhooks.WebhookDelivery> WebhookDeliveries { get; }
}
