using CaseCoordination.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Signals;

/// <summary>
/// The open signals as the reads show them: the signal rows (<see cref="Dashboards.CaseSignalAnchor"/>,
/// kept from <see cref="Domain.Signals.SignalDefinitions"/> for every open case) whose due-at has come.
/// </summary>
public static class SignalRows
{
    /// <summary>The codes open on each of the cases, oldest first (each code once).</summary>
    public static async Task<ILookup<Guid, string>> OpenOnCasesAsync(this IApplicationDbContext db, IReadOnlyCollection<Guid> caseIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (caseIds.Count == 0)
        {
            return Array.Empty<Guid>().ToLookup(id => id, _ => string.Empty);
        }

        var rows = await db.CaseSignalAnchors.Where(s => caseIds.Contains(s.CaseId) && s.DueAt <= now)
            .Select(s => new { s.CaseId, s.Signal, s.DueAt }).ToListAsync(cancellationToken);
        return rows.GroupBy(s => (s.CaseId, s.Signal)).Select(g => (g.Key.CaseId, g.Key.Signal, Since: g.Min(s => s.DueAt)))
            .OrderBy(s => s.Since).ThenBy(s => s.Signal, StringComparer.Ordinal)
            .ToLookup(s => s.CaseId, s => s.Signal);
    }

    /// <summary>The codes open on each of the referrals, oldest first.</summary>
    public static async Task<ILookup<Guid, string>> OpenOnReferralsAsync(this IApplicationDbContext db, IReadOnlyCollection<Guid> referralIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = referralIds.Count == 0 ? [] : await db.CaseSignalAnchors.Where(s => referralIds.Contains(s.ReferralId) && s.DueAt <= now)
            .Select(s => new { s.ReferralId, s.Signal, s.DueAt }).ToListAsync(cancellationToken);
        return rows.OrderBy(s => s.DueAt).ThenBy(s => s.Signal, StringComparer.Ordinal).ToLookup(s => s.ReferralId, s => s.Signal);
    }
}
