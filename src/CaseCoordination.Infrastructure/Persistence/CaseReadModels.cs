using CaseCoordination.Application.Dashboards;
using CaseCoordination.Application.Signals;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Domain.Signals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// The read models of the cases (the dashboards' tallies and the signal rows), kept in each act's own
/// transaction (ADR 0022). A case's whole contribution is one function of the case as stored —
/// <see cref="ContributionOf"/> — and an act replaces the contribution of every case it touches: the
/// unit of work calls <see cref="BeforeActAsync"/> inside the transaction before the act's writes (it
/// locks the touched cases and reads their contribution as stored) and <see cref="AfterActAsync"/>
/// after them (it reads the contribution again, adds the difference to the tallies and replaces the
/// cases' signal rows). <see cref="RebuildAsync"/> applies the same function to every case, so the
/// incremental path and a rebuild cannot disagree.
/// </summary>
internal static class CaseReadModels
{
    private const int Chunk = 500;

    /// <summary>Whether the pending save changes anything the read models depend on.</summary>
    public static bool HasChanges(CaseCoordinationDbContext db) => TouchedCases(db).Count > 0 || AgencyKindChanged(db);

    /// <summary>Inside the act's transaction, before its writes: locks the touched cases and reads what they contribute as stored now.</summary>
    public static async Task<CaseReadModelsBefore> BeforeActAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        if (AgencyKindChanged(db))
        {
            // Which agencies are social services decides the child signal of any case: recompute everything (rare).
            return new CaseReadModelsBefore([], new HashSet<Guid>(), new Dictionary<TallyKey, int>(), [], RebuildAll: true);
        }

        var touched = TouchedCases(db);
        if (touched.Count == 0)
        {
            return new CaseReadModelsBefore([], new HashSet<Guid>(), new Dictionary<TallyKey, int>(), [], RebuildAll: false);
        }

        foreach (var chunk in touched.Order().Chunk(Chunk))
        {
            // The row lock that makes two acts on one case take turns on a server database (SQLite writes one at a time anyway).
            await db.Cases.Where(c => chunk.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.Version, c => c.Version), cancellationToken);
        }

        // Which agencies are social services cannot change in this act (a change of kind rebuilds everything, above).
        var socialServices = await CaseStates.SocialServicesAsync(db, cancellationToken);
        var windows = WindowsOf(db);
        var before = (await CaseStates.LoadAsync(db, touched, socialServices, cancellationToken)).Values.Select(c => ContributionOf(c, windows)).ToList();
        return new CaseReadModelsBefore(touched, socialServices, Tallies(before), [.. before.SelectMany(c => c.SignalRows)], RebuildAll: false);
    }

    /// <summary>Inside the act's transaction, after its writes: replaces what the touched cases contribute; gives the signal rows it removed and added (the webhook outbox reads them).</summary>
    public static async Task<Webhooks.SignalRowChanges> AfterActAsync(CaseCoordinationDbContext db, CaseReadModelsBefore before, CancellationToken cancellationToken)
    {
        if (before.RebuildAll)
        {
            await RebuildAsync(db, cancellationToken);
            return Webhooks.SignalRowChanges.None;
        }

        if (before.Cases.Count == 0)
        {
            return Webhooks.SignalRowChanges.None;
        }

        var windows = WindowsOf(db);
        var after = (await CaseStates.LoadAsync(db, before.Cases, before.SocialServices, cancellationToken)).Values.Select(c => ContributionOf(c, windows)).ToList();
        var difference = Tallies(after);
        foreach (var (key, amount) in before.Tallies)
        {
            difference[key] = difference.GetValueOrDefault(key) - amount;
        }

        await TallyUpsert.AddAsync(db, difference.Where(d => d.Value != 0).ToList(), cancellationToken);

        // The signal rows: the function's rows before and after, compared; only the rows that differ are
        // written (a case with a hundred referrals changes one or two rows per act, not all of them).
        // The stored rows are the function's rows before, so the result is the function's rows after.
        var stored = before.SignalRows.ToDictionary(RowKey);
        var wanted = after.SelectMany(c => c.SignalRows).ToDictionary(RowKey);
        var removed = stored.Where(s => !wanted.TryGetValue(s.Key, out var same) || !SameRow(same, s.Value)).Select(s => s.Value).ToList();
        foreach (var key in removed.Select(RowKey))
        {
            await db.CaseSignalAnchors.Where(s => s.CaseId == key.CaseId && s.Signal == key.Signal && s.ReferralId == key.ReferralId).ExecuteDeleteAsync(cancellationToken);
        }

        var added = wanted.Where(w => !stored.TryGetValue(w.Key, out var same) || !SameRow(same, w.Value)).Select(w => w.Value).ToList();
        await InsertSignalRowsAsync(db, added, cancellationToken);
        return new Webhooks.SignalRowChanges(removed, added);
    }

    /// <summary>Replaces every tally and signal row by a computation from scratch, and records the windows the due-at instants were computed with.</summary>
    public static async Task RebuildAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await ReplaceAllAsync(db, cancellationToken);
            return;
        }

        // Its own transaction, under the execution strategy: a server database's retrying strategy
        // refuses a transaction begun outside it, and retries the whole replacement on a transient error.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await ReplaceAllAsync(db, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    private static async Task ReplaceAllAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        var (tallies, rows) = await ComputeAllAsync(db, cancellationToken);
        await db.DashboardTallies.ExecuteDeleteAsync(cancellationToken);
        await db.CaseSignalAnchors.ExecuteDeleteAsync(cancellationToken);
        await db.Set<ReadModelWindows>().ExecuteDeleteAsync(cancellationToken);
        await TallyUpsert.AddAsync(db, tallies.ToList(), cancellationToken);
        await InsertSignalRowsAsync(db, rows, cancellationToken, new ReadModelWindows { Fingerprint = FingerprintOf(db) });
    }

    /// <summary>Every case's contribution computed from scratch: the tallies and the signal rows a rebuild writes (tests compare them with the stored ones).</summary>
    public static async Task<(Dictionary<TallyKey, int> Tallies, List<CaseSignalAnchor> SignalRows)> ComputeAllAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        var windows = WindowsOf(db);
        var socialServices = await CaseStates.SocialServicesAsync(db, cancellationToken);
        var contributions = new List<Contribution>();
        Guid? last = null;
        while (true)
        {
            var page = await db.Cases.AsNoTracking().Where(c => last == null || c.Id.CompareTo(last.Value) > 0)
                .OrderBy(c => c.Id).Select(c => c.Id).Take(Chunk).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            contributions.AddRange((await CaseStates.LoadAsync(db, page, socialServices, cancellationToken)).Values.Select(c => ContributionOf(c, windows)));
            last = page[^1];
        }

        return (Tallies(contributions), contributions.SelectMany(c => c.SignalRows).ToList());
    }

    /// <summary>The windows the stored due-at instants were computed with; null before the first rebuild.</summary>
    public static Task<string?> StoredWindowsAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken) =>
        db.Set<ReadModelWindows>().Where(w => w.Id == 1).Select(w => w.Fingerprint).SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The revision of what the read models store per case (<c>DashboardTallies.Of</c>, the signal
    /// definitions). Raise it with a change that stores other rows for the same cases: every instance's
    /// next start then rebuilds, as for a change of windows. 2: coverage reasons per group (language).
    /// </summary>
    public const int DefinitionsRevision = 2;

    /// <summary>What the stored read models were computed with: the configured windows and <see cref="DefinitionsRevision"/>.</summary>
    public static string FingerprintOf(CaseCoordinationDbContext db) => $"{WindowsOf(db).Fingerprint()}; definitions {DefinitionsRevision}";

    /// <summary>The configured signal windows (the application's singleton).</summary>
    public static SignalWindows WindowsOf(CaseCoordinationDbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<SignalWindows>()
        ?? throw new InvalidOperationException("SignalWindows is not registered with the application's services.");

    private static (Guid CaseId, string Signal, Guid ReferralId) RowKey(CaseSignalAnchor row) => (row.CaseId, row.Signal, row.ReferralId);

    private static bool SameRow(CaseSignalAnchor a, CaseSignalAnchor b) =>
        (a.Anchor, a.DueAt, a.AgencyToActId, a.RegionCode, a.MunicipalityCode, a.Need, a.FromAgencyId, a.ToAgencyId)
        == (b.Anchor, b.DueAt, b.AgencyToActId, b.RegionCode, b.MunicipalityCode, b.Need, b.FromAgencyId, b.ToAgencyId);

    /// <summary>What one case contributes to the read models: its tally points and its signal rows.</summary>
    private sealed record Contribution(IReadOnlyList<TallyPoint> Points, IReadOnlyList<CaseSignalAnchor> SignalRows);

    /// <summary>The one function both paths use: a case's tally points and signal rows, for the case as it stands.</summary>
    private static Contribution ContributionOf(CaseState state, SignalWindows windows)
    {
        var signals = SignalDefinitions.OccurrencesIn(state, windows).ToList();
        return new(DashboardTallies.Of(state, signals).ToList(), signals.Select(o => CaseSignalAnchor.Of(state.Case, o)).ToList());
    }

    /// <summary>The tally rows the points add up to: day rows, and week rows for period figures.</summary>
    private static Dictionary<TallyKey, int> Tallies(IEnumerable<Contribution> contributions)
    {
        var rows = new Dictionary<TallyKey, int>();
        foreach (var point in contributions.SelectMany(c => c.Points))
        {
            var day = TallyKey.Of(point, TallyGrain.Day, point.Day);
            rows[day] = rows.GetValueOrDefault(day) + 1;
            if (point.RolledUpByWeek)
            {
                var week = TallyKey.Of(point, TallyGrain.Week, DashboardTallies.WeekOf(point.Day));
                rows[week] = rows.GetValueOrDefault(week) + 1;
            }
        }

        return rows;
    }

    /// <summary>The rows go in beside the act (<see cref="BesideTheAct"/>): the act's own save has run with its changes pending.</summary>
    private static Task InsertSignalRowsAsync(CaseCoordinationDbContext db, List<CaseSignalAnchor> rows, CancellationToken cancellationToken, ReadModelWindows? windows = null) =>
        rows.Count == 0 && windows is null ? Task.CompletedTask : BesideTheAct.SaveAsync(db, side =>
        {
            side.CaseSignalAnchors.AddRange(rows);
            if (windows is not null)
            {
                side.Add(windows);
            }
        }, cancellationToken);

    private static HashSet<Guid> TouchedCases(CaseCoordinationDbContext db) =>
        [
            .. db.ChangeTracker.Entries<Case>().Where(e => e.State is EntityState.Added or EntityState.Modified).Select(e => e.Entity.Id),
            .. db.ChangeTracker.Entries<Referral>().Where(e => e.State is EntityState.Added or EntityState.Modified).Select(e => e.Entity.CaseId),
        ];

    private static bool AgencyKindChanged(CaseCoordinationDbContext db) =>
        db.ChangeTracker.Entries<Agency>().Any(e => e.State == EntityState.Modified && e.Property(a => a.Kind).IsModified);
}

/// <summary>What <see cref="CaseReadModels.BeforeActAsync"/> found, for <see cref="CaseReadModels.AfterActAsync"/>: the touched cases, the social-services agencies, and the cases' tallies as stored before the act.</summary>
internal sealed record CaseReadModelsBefore(
    IReadOnlyCollection<Guid> Cases, IReadOnlySet<Guid> SocialServices, IReadOnlyDictionary<TallyKey, int> Tallies, IReadOnlyList<CaseSignalAnchor> SignalRows, bool RebuildAll);

/// <summary>The key of one stored tally row.</summary>
internal readonly record struct TallyKey(string RegionCode, TallyGrain Grain, int Period, TallyFigure Figure, string Dimension, string Key, string Status, int Value)
{
    public static TallyKey Of(TallyPoint p, TallyGrain grain, int period) => new(p.RegionCode, grain, period, p.Figure, p.Dimension, p.Key, p.Status, p.Value);
}

/// <summary>The one row that records what the stored read models were computed with: the signal windows (due-at instants) and the revision of the definitions.</summary>
internal sealed class ReadModelWindows
{
    public int Id { get; set; } = 1;
    public string Fingerprint { get; set; } = string.Empty;
}
