using System.Text.Json;
using CaseCoordination.Application.Dashboards;
using CaseCoordination.Application.Webhooks;
using CaseCoordination.Domain.Consents;
using CaseCoordination.Domain.LeadHandovers;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Infrastructure.Webhooks;

/// <summary>
/// The outbox (ADR 0028): the unit of work calls <see cref="WriteAsync"/> inside the act's transaction,
/// after the act's save and the read models, so an event is stored if and only if its act commits. The
/// events are read off what the act changed — a referral added (requested) or its status changed, a lead
/// handover added, a consent withdrawn — and off the signal rows the read models wrote
/// (<see cref="SignalRowChanges"/>: each row comes from <c>SignalDefinitions</c>, so a new signal needs
/// nothing here): a new row schedules <c>signal.opened</c> for its due-at, a row that goes away before
/// it is due takes its scheduled delivery back. One delivery row per subscription that wants the event;
/// a body holds ids, times and URLs only.
/// </summary>
internal static class WebhookOutbox
{
    private sealed record Event(string Type, Guid AgencyId, DateTimeOffset OccurredAt, Dictionary<string, object?> Data, string? SignalKey = null);

    public static async Task WriteAsync(CaseCoordinationDbContext db, SignalRowChanges signals, CancellationToken cancellationToken)
    {
        var now = AppService<TimeProvider>(db).GetUtcNow();
        foreach (var removed in signals.Removed.Where(r => r.DueAt > now))
        {
            // A signal that closed (or moved) before it came due: its scheduled delivery has nothing to tell.
            var key = SignalKeyOf(removed);
            await db.WebhookDeliveries
                .Where(d => d.SignalKey == key && d.Status == WebhookDeliveryStatus.Pending && d.Attempts == 0 && d.NextAttemptAt == removed.DueAt)
                .ExecuteDeleteAsync(cancellationToken);
        }

        var events = await EventsOfAsync(db, signals, now, cancellationToken);
        if (events.Count == 0)
        {
            return;
        }

        var agencies = events.Select(e => e.AgencyId).Distinct().ToList();
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => agencies.Contains(s.AgencyId))
            .Select(s => new { s.Id, s.AgencyId, s.Events }).ToListAsync(cancellationToken);
        if (subscriptions.Count == 0)
        {
            return;
        }

        var baseUrl = AppService<IOptions<WebhookOptions>>(db).Value.PublicBaseUrl?.TrimEnd('/') ?? string.Empty;
        var deliveries = (
            from e in events
            from s in subscriptions
            where s.AgencyId == e.AgencyId && s.Events.Split(',').Contains(e.Type)
            select new WebhookDelivery
            {
                Id = Guid.CreateVersion7(), SubscriptionId = s.Id, AgencyId = s.AgencyId, Type = e.Type, OccurredAt = e.OccurredAt,
                Data = JsonSerializer.Serialize(e.Data.ToDictionary(d => d.Key, d => d.Key == "url" ? baseUrl + d.Value : d.Value)),
                SignalKey = e.SignalKey, Status = WebhookDeliveryStatus.Pending, NextAttemptAt = e.OccurredAt > now ? e.OccurredAt : now, CreatedAt = now,
            }).ToList();
        if (deliveries.Count > 0)
        {
            await BesideTheAct.SaveAsync(db, side => side.WebhookDeliveries.AddRange(deliveries), cancellationToken);
        }
    }

    private static async Task<List<Event>> EventsOfAsync(CaseCoordinationDbContext db, SignalRowChanges signals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var events = new List<Event>();
        foreach (var entry in db.ChangeTracker.Entries<Referral>())
        {
            var r = entry.Entity;
            var data = new Dictionary<string, object?> { ["referralId"] = r.Id, ["caseId"] = r.CaseId, ["url"] = $"/api/v1/referrals/{r.Id}" };
            if (entry.State == EntityState.Added)
            {
                events.Add(new(WebhookEvents.ReferralRequested, r.ToAgencyId, r.RequestedAt, data));
            }
            else if (entry.State == EntityState.Modified && entry.Property(x => x.Status).IsModified)
            {
                events.Add(new(WebhookEvents.ReferralStatusChanged, r.FromAgencyId, r.LastEventAt, data));
                events.Add(new(WebhookEvents.ReferralStatusChanged, r.ToAgencyId, r.LastEventAt, data));
            }
        }

        foreach (var h in db.ChangeTracker.Entries<LeadHandover>().Where(e => e.State == EntityState.Added).Select(e => e.Entity))
        {
            events.Add(new(WebhookEvents.LeadHandoverProposed, h.ToAgencyId, h.ProposedAt,
                new() { ["leadHandoverId"] = h.Id, ["caseId"] = h.CaseId, ["url"] = $"/api/v1/lead-handovers/{h.Id}" }));
        }

        foreach (var c in db.ChangeTracker.Entries<Consent>()
            .Where(e => e.State == EntityState.Modified && e.Property(x => x.WithdrawnAt).IsModified && e.Entity.WithdrawnAt is not null).Select(e => e.Entity))
        {
            // The agencies that hold data under the consent: the receivers of the referrals sent on it.
            var holders = await db.Referrals.AsNoTracking().Where(r => r.CaseId == c.CaseId && r.Basis!.ConsentId == c.Id)
                .Select(r => r.ToAgencyId).Distinct().ToListAsync(cancellationToken);
            events.AddRange(holders.Select(agency => new Event(WebhookEvents.ConsentWithdrawn, agency, c.WithdrawnAt!.Value,
                new() { ["consentId"] = c.Id, ["caseId"] = c.CaseId, ["url"] = $"/api/v1/cases/{c.CaseId}/consents" })));
        }

        var removed = signals.Removed.ToDictionary(SignalKeyOf);
        foreach (var row in signals.Added.Where(r => r.AgencyToActId is not null))
        {
            var key = SignalKeyOf(row);
            if (removed.TryGetValue(key, out var before) && before.DueAt <= now && row.DueAt <= now)
            {
                continue; // open before the act and still open: it opened once, and was told then
            }

            events.Add(new(WebhookEvents.SignalOpened, row.AgencyToActId!.Value, row.DueAt,
                new()
                {
                    ["signal"] = row.Signal, ["caseId"] = row.CaseId, ["referralId"] = row.NamedReferralId,
                    ["url"] = row.NamedReferralId is { } referral ? $"/api/v1/referrals/{referral}" : $"/api/v1/cases/{row.CaseId}",
                }, key));
        }

        return events;
    }

    private static string SignalKeyOf(CaseSignalAnchor row) => $"{row.CaseId:N}:{row.Signal}:{row.ReferralId:N}";

    private static T AppService<T>(CaseCoordinationDbContext db) where T : notnull =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.ApplicationServiceProvider!.GetRequiredService<T>();
}

/// <summary>The signal rows an act's read models removed and added (the rows that differ; a rebuild reports none).</summary>
internal sealed record SignalRowChanges(IReadOnlyList<CaseSignalAnchor> Removed, IReadOnlyList<CaseSignalAnchor> Added)
{
    public static readonly SignalRowChanges None = new([], []);
}
