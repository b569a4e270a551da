using System.Linq.Expressions;
using System.Globalization;
using System.Text;
using CaseCoordination.Application.Dashboards;
using CaseCoordination.Application.Signals;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// What one save changes in the dashboards: the tally differences, the signal-anchor rows it
/// replaces, and the stamp each stored case had when it was read.
/// </summary>
public sealed record TallyChange(Dictionary<TallyPoint, int> Delta, AnchorChange Anchors, Dictionary<Guid, long> Stamps);

/// <summary>
/// Signal-anchor rows to replace: for each entry, the case's rows of those signals (of one referral,
/// or of any) are deleted and the given candidates inserted.
/// </summary>
public sealed class AnchorChange
{
    public List<(Guid CaseId, Guid? ReferralId, IReadOnlyList<string> Signals)> Deleted { get; } = [];
    public List<CaseSignalAnchor> Inserted { get; } = [];

    public void Replace(Guid caseId, Guid? referralId, IReadOnlyList<string> signals, IEnumerable<SignalCandidate> candidates)
    {
        Deleted.Add((caseId, referralId, signals));
        Inserted.AddRange(candidates.Select(c => new CaseSignalAnchor { CaseId = caseId, Signal = c.Code, ReferralId = c.ReferralId ?? Guid.Empty, Anchor = c.Anchor }));
    }
}

/// <summary>The key of one stored tally row.</summary>
public readonly record struct TallyKey(string RegionCode, TallyGrain Grain, int Period, string Figure, string Item);

/// <summary>
/// Keeps <see cref="DashboardTally"/> rows in step with cases and referrals (ADR 0012): before a save it
/// reads the affected cases' facts as stored, after the save (same transaction) it adds the difference
/// between their contributions after and before. A rebuild recomputes every case from scratch with the
/// same function, which is also how tests prove the incremental path has not drifted.
/// </summary>
public static class DashboardTallyWriter
{
    private const int Chunk = 500;
    private const string CaseStamp = Configurations.CaseConfiguration.TallyStamp;

    public static bool HasChanges(CaseCoordinationDbContext db) =>
        db.ChangeTracker.Entries<Case>().Any(e => e.State is EntityState.Added or EntityState.Modified)
        || db.ChangeTracker.Entries<Referral>().Any(e => e.State is EntityState.Added or EntityState.Modified);

    /// <summary>
    /// The change in tallies and signal anchors that the pending save makes, computed from the stored
    /// state of the touched cases as read now, with the stamp of each case read in the same statement
    /// as its facts. Can run before the save's transaction: <see cref="ClaimAsync"/> then proves inside
    /// the transaction that no other save changed those cases since (ADR 0014).
    /// For each case it reads only what the change can move (ADR 0015): nothing more than the case row
    /// when every changed referral keeps what the case-wide part reads (a receive, say); the case-wide
    /// facts of the case's referrals when a referral is added or changes status class; every fact of
    /// every referral only when the case itself changed in a way each referral's part depends on.
    /// </summary>
    public static async Task<TallyChange> CaptureAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        // One pass over the tracker (each Entries<T>() call would detect changes again).
        var entries = db.ChangeTracker.Entries().ToList();
        var changedCases = entries.Where(e => e.Entity is Case && e.State is EntityState.Added or EntityState.Modified).Select(e => (Case)e.Entity).ToList();
        var changedReferrals = entries.Where(e => e.Entity is Referral && e.State is EntityState.Added or EntityState.Modified).ToList();
        var affected = changedCases.Select(c => c.Id).Concat(changedReferrals.Select(e => ((Referral)e.Entity).CaseId)).ToHashSet();
        var added = entries.Where(e => e.Entity is Case && e.State == EntityState.Added).Select(e => ((Case)e.Entity).Id).ToHashSet();

        var stored = affected.Where(id => !added.Contains(id)).Order().ToList();
        var (oldCases, stamps) = await LoadCasesAsync(db, stored, cancellationToken);

        // Changed cases only: an unchanged tracked case may be older than the row just read.
        var trackedCases = entries.Where(e => e.Entity is Case c && e.State is EntityState.Added or EntityState.Modified && affected.Contains(c.Id))
            .ToDictionary(e => ((Case)e.Entity).Id, e => DashboardTallies.FactsOf((Case)e.Entity));
        var changedOf = changedReferrals.GroupBy(e => ((Referral)e.Entity).CaseId).ToDictionary(
            g => g.Key,
            g => g.Select(e => (Before: e.State == EntityState.Added ? null : OriginalFactsOf(e), After: DashboardTallies.FactsOf((Referral)e.Entity))).ToList());

        // How much of each stored case must be read.
        var full = new List<Guid>();
        var caseWide = new List<Guid>();
        foreach (var caseId in stored)
        {
            if (!oldCases.TryGetValue(caseId, out var oldCase))
            {
                continue;
            }

            var newCase = trackedCases.GetValueOrDefault(caseId) ?? oldCase;
            var changes = changedOf.GetValueOrDefault(caseId) ?? [];
            if (DashboardTallies.ReferralPartOfCase(newCase) != DashboardTallies.ReferralPartOfCase(oldCase))
            {
                full.Add(caseId);
            }
            else if (newCase != oldCase || changes.Any(c => c.Before is null || DashboardTallies.CaseWideFactsOf(c.Before) != DashboardTallies.CaseWideFactsOf(c.After)))
            {
                caseWide.Add(caseId);
            }
        }

        var fullReferrals = await LoadReferralsAsync(db, full, DashboardTallies.ReferralProjection, cancellationToken);
        var caseWideReferrals = await LoadReferralsAsync(db, caseWide, DashboardTallies.CaseWideProjection, cancellationToken);

        var isChild = oldCases.Values.Any(c => c.Child) || trackedCases.Values.Any(c => c.Child);
        var socialServices = isChild ? await SocialServicesAsync(db, cancellationToken) : [];
        var delta = new Dictionary<TallyPoint, int>();
        var anchors = new AnchorChange();
        foreach (var caseId in affected)
        {
            var oldCase = oldCases.GetValueOrDefault(caseId);
            var newCase = trackedCases.GetValueOrDefault(caseId) ?? oldCase;
            if (newCase is null)
            {
                continue;
            }

            var changes = changedOf.GetValueOrDefault(caseId) ?? [];
            if (oldCase is null || fullReferrals.ContainsKey(caseId))
            {
                // Every fact of every referral, before and after (a new case has none stored).
                var before = fullReferrals.GetValueOrDefault(caseId) ?? [];
                var after = before.ToDictionary(r => r.Id);
                foreach (var (_, changed) in changes)
                {
                    after[changed.Id] = changed;
                }

                if (oldCase is not null)
                {
                    Add(delta, DashboardTallies.Of(oldCase, before, socialServices.Contains), -1);
                }

                Add(delta, DashboardTallies.Of(newCase, after.Values, socialServices.Contains), +1);
                anchors.Replace(caseId, null, SignalCodes.All, DashboardTallies.SignalCandidates(newCase, after.Values, socialServices.Contains));
                continue;
            }

            // Each changed referral's own part, before and after; every other referral's own part is unchanged.
            var groups = DashboardTallies.GroupsOf(oldCase);
            foreach (var (before, after) in changes)
            {
                if (before is not null)
                {
                    Add(delta, DashboardTallies.OfReferral(oldCase, groups, before), -1);
                }

                Add(delta, DashboardTallies.OfReferral(newCase, groups, after), +1);
                anchors.Replace(caseId, after.Id, DeadlineSignals,
                    newCase.Status == CaseStatus.Open && DashboardTallies.DeadlineSignal(after) is { } signal ? [signal] : []);
            }

            if (caseWideReferrals.TryGetValue(caseId, out var wideBefore))
            {
                // The case-wide part, from the case-wide facts before and after.
                var wideAfter = wideBefore.ToDictionary(r => r.Id);
                foreach (var (_, after) in changes)
                {
                    wideAfter[after.Id] = after;
                }

                Add(delta, DashboardTallies.OfCaseAsAWhole(oldCase, wideBefore, socialServices.Contains), -1);
                Add(delta, DashboardTallies.OfCaseAsAWhole(newCase, wideAfter.Values, socialServices.Contains), +1);
                anchors.Replace(caseId, null, CaseWideSignals, DashboardTallies.CaseWideSignalCandidates(newCase, wideAfter.Values, socialServices.Contains));
            }
        }

        foreach (var unchanged in delta.Where(d => d.Value == 0).Select(d => d.Key).ToList())
        {
            delta.Remove(unchanged);
        }

        return new TallyChange(delta, anchors, stamps);
    }

    private static readonly string[] DeadlineSignals = [SignalCodes.NotReceived, SignalCodes.NotAnswered, SignalCodes.NoFirstContact, SignalCodes.Stalled];

    private static readonly string[] CaseWideSignals = [.. SignalCodes.All.Except(DeadlineSignals)];

    /// <summary>A changed referral's facts as loaded (its original values: the save fails on its version if they are no longer stored).</summary>
    private static ReferralFacts OriginalFactsOf(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        DashboardTallies.FactsOf((Referral)entry.OriginalValues.ToObject());

    /// <summary>
    /// Inside the save's transaction: moves the stamp of every stored case the change touches, on
    /// condition that it still has the value the capture read. True when every case held, so the
    /// captured change is exact. On SQL Server the update also locks the case rows until commit, so
    /// two saves of one case take turns; SQLite lets one transaction write at a time anyway.
    /// </summary>
    public static async Task<bool> ClaimAsync(CaseCoordinationDbContext db, TallyChange change, CancellationToken cancellationToken)
    {
        // Plain commands: these run while every other SQLite writer waits (EF's query pipeline costs more than the statement).
        var cases = Columns.Of(db);
        var held = true;
        foreach (var (caseId, stamp) in change.Stamps.OrderBy(s => s.Key))
        {
            held &= await ExecuteAsync(db,
                $"UPDATE {cases.Cases} SET {cases.Stamp} = {cases.Stamp} + 1 WHERE {cases.CaseId} = {cases.P("id")} AND {cases.Stamp} = {cases.P("stamp")}",
                [(cases.N("id"), caseId, cases.CaseIdMapping), (cases.N("stamp"), stamp, cases.StampMapping)], cancellationToken) == 1;
        }

        return held;
    }

    /// <summary>Moves every case's stamp (inside the transaction of an act that recomputes everything).</summary>
    public static Task MoveEveryStampAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        var cases = Columns.Of(db);
        return ExecuteAsync(db, $"UPDATE {cases.Cases} SET {cases.Stamp} = {cases.Stamp} + 1", [], cancellationToken);
    }

    /// <summary>
    /// Inside the save's transaction, when no earlier capture holds: moves (and on SQL Server locks)
    /// the touched cases' stamps, then captures the change from the state as stored now.
    /// </summary>
    public static async Task<TallyChange> CaptureLockedAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        var stored = db.ChangeTracker.Entries<Case>().Where(e => e.State == EntityState.Modified).Select(e => e.Entity.Id)
            .Concat(db.ChangeTracker.Entries<Referral>().Where(e => e.State is EntityState.Added or EntityState.Modified).Select(e => e.Entity.CaseId))
            .Distinct().Order().ToList();
        foreach (var chunk in stored.Chunk(Chunk))
        {
            await db.Cases.Where(c => chunk.Contains(c.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(c => EF.Property<long>(c, CaseStamp), c => EF.Property<long>(c, CaseStamp) + 1), cancellationToken);
        }

        return await CaptureAsync(db, cancellationToken);
    }

    /// <summary>Every tally and every case's signal anchors, computed from scratch for every case.</summary>
    public static async Task<(Dictionary<TallyKey, int> Tallies, List<CaseSignalAnchor> Anchors)> ComputeAllAsync(
        CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        var socialServices = await SocialServicesAsync(db, cancellationToken);
        var points = new Dictionary<TallyPoint, int>();
        var anchors = new AnchorChange();
        Guid? after = null;
        while (true)
        {
            var page = await db.Cases.AsNoTracking().Where(c => after == null || c.Id.CompareTo(after.Value) > 0)
                .OrderBy(c => c.Id).Select(c => c.Id).Take(Chunk).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            var (cases, _) = await LoadCasesAsync(db, page, cancellationToken);
            var referrals = await LoadReferralsAsync(db, page, DashboardTallies.ReferralProjection, cancellationToken);
            foreach (var c in cases.Values)
            {
                var ofCase = referrals.GetValueOrDefault(c.Id) ?? [];
                Add(points, DashboardTallies.Of(c, ofCase, socialServices.Contains), +1);
                anchors.Replace(c.Id, null, SignalCodes.All, DashboardTallies.SignalCandidates(c, ofCase, socialServices.Contains));
            }

            after = page[^1];
        }

        return (Rows(points), anchors.Inserted);
    }

    /// <summary>Replaces every tally and signal anchor by a computation from scratch (after a migration, or if an operator suspects drift).</summary>
    public static async Task RebuildAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var (rows, anchors) = await ComputeAllAsync(db, cancellationToken);
        await db.DashboardTallies.ExecuteDeleteAsync(cancellationToken);
        await db.CaseSignalAnchors.ExecuteDeleteAsync(cancellationToken);
        await UpsertAsync(db, rows, cancellationToken);
        await InsertAnchorsAsync(db, anchors, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Adds the captured change to the stored tallies (day rows, and week rows for period figures) and replaces the changed cases' anchors.</summary>
    public static async Task ApplyAsync(CaseCoordinationDbContext db, TallyChange change, CancellationToken cancellationToken)
    {
        if (change.Delta.Count > 0)
        {
            await UpsertAsync(db, Rows(change.Delta), cancellationToken);
        }

        var columns = Columns.Of(db);
        foreach (var (caseId, referralId, signals) in change.Anchors.Deleted)
        {
            // The signal codes are the catalogue's constants, written as literals.
            var codes = string.Join(", ", signals.Select(code => "'" + code + "'"));
            List<(string, object, RelationalTypeMapping)> parameters = [(columns.N("case"), caseId, columns.AnchorCaseIdMapping)];
            var sql = $"DELETE FROM {columns.Anchors} WHERE {columns.AnchorCaseId} = {columns.P("case")} AND {columns.AnchorSignal} IN ({codes})";
            if (referralId is { } referral)
            {
                sql += $" AND {columns.AnchorReferralId} = {columns.P("referral")}";
                parameters.Add((columns.N("referral"), referral, columns.AnchorReferralIdMapping));
            }

            await ExecuteAsync(db, sql, parameters, cancellationToken);
        }

        await InsertAnchorsAsync(db, change.Anchors.Inserted, cancellationToken);
    }

    private static Task InsertAnchorsAsync(CaseCoordinationDbContext db, List<CaseSignalAnchor> rows, CancellationToken cancellationToken) =>
        PlainInsert.InsertAsync(db, rows, rowsPerCommand: 300, cancellationToken);

    private static Dictionary<TallyKey, int> Rows(Dictionary<TallyPoint, int> points)
    {
        var rows = new Dictionary<TallyKey, int>();
        foreach (var (point, amount) in points)
        {
            Bump(rows, new TallyKey(point.RegionCode, TallyGrain.Day, point.Day, point.Figure, point.Item), amount);
            if (point.RolledUpByWeek)
            {
                Bump(rows, new TallyKey(point.RegionCode, TallyGrain.Week, DashboardTallies.WeekOf(point.Day), point.Figure, point.Item), amount);
            }
        }

        foreach (var zero in rows.Where(r => r.Value == 0).Select(r => r.Key).ToList())
        {
            rows.Remove(zero);
        }

        return rows;
    }

    private static Task UpsertAsync(CaseCoordinationDbContext db, Dictionary<TallyKey, int> rows, CancellationToken cancellationToken) =>
        db.Database.IsSqlServer() ? MergeAsync(db, rows, cancellationToken) : UpsertOneByOneAsync(db, rows, cancellationToken);

    /// <summary>SQLite: one prepared single-row upsert executed per row (in-process, so no round trips to save).</summary>
    private static async Task UpsertOneByOneAsync(CaseCoordinationDbContext db, Dictionary<TallyKey, int> rows, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "INSERT INTO \"DashboardTallies\" (\"RegionCode\",\"Grain\",\"Period\",\"Figure\",\"Item\",\"Amount\") " +
                "VALUES ($region, $grain, $period, $figure, $item, $amount) " +
                "ON CONFLICT (\"RegionCode\",\"Grain\",\"Period\",\"Figure\",\"Item\") DO UPDATE SET \"Amount\" = \"Amount\" + excluded.\"Amount\";";
            var parameters = new[] { "$region", "$grain", "$period", "$figure", "$item", "$amount" }.Select(name =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            foreach (var (key, amount) in rows)
            {
                parameters[0].Value = key.RegionCode;
                parameters[1].Value = key.Grain.ToString();
                parameters[2].Value = key.Period;
                parameters[3].Value = key.Figure;
                parameters[4].Value = key.Item;
                parameters[5].Value = amount;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>SQL Server: one MERGE per 300 rows (each a round trip), holding the key range until commit.</summary>
    private static async Task MergeAsync(CaseCoordinationDbContext db, Dictionary<TallyKey, int> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(300))
        {
            var values = new StringBuilder();
            var parameters = new List<object>(chunk.Length * 6);
            foreach (var (key, amount) in chunk)
            {
                var i = parameters.Count;
                values.Append(values.Length == 0 ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $"({{{i}}},{{{i + 1}}},{{{i + 2}}},{{{i + 3}}},{{{i + 4}}},{{{i + 5}}})");
                parameters.AddRange([key.RegionCode, key.Grain.ToString(), key.Period, key.Figure, key.Item, amount]);
            }

            var sql = "MERGE [DashboardTallies] WITH (HOLDLOCK) AS t USING (VALUES " + values + ") AS s ([RegionCode],[Grain],[Period],[Figure],[Item],[Amount]) " +
                "ON t.[RegionCode] = s.[RegionCode] AND t.[Grain] = s.[Grain] AND t.[Period] = s.[Period] AND t.[Figure] = s.[Figure] AND t.[Item] = s.[Item] " +
                "WHEN MATCHED THEN UPDATE SET [Amount] = t.[Amount] + s.[Amount] " +
                "WHEN NOT MATCHED THEN INSERT ([RegionCode],[Grain],[Period],[Figure],[Item],[Amount]) VALUES (s.[RegionCode],s.[Grain],s.[Period],s.[Figure],s.[Item],s.[Amount]);";
            await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
        }
    }

    /// <summary>A case's facts with its stamp, read in one statement (so the stamp is never newer than the facts).</summary>
    private sealed class StampedCase
    {
        public CaseFacts Facts { get; init; } = null!;
        public long Stamp { get; init; }
    }

    private static readonly Expression<Func<Case, StampedCase>> StampedProjection = Stamped();

    private static Expression<Func<Case, StampedCase>> Stamped()
    {
        var c = DashboardTallies.CaseProjection.Parameters[0];
        var stamp = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(long)], c, Expression.Constant(CaseStamp));
        return Expression.Lambda<Func<Case, StampedCase>>(
            Expression.MemberInit(Expression.New(typeof(StampedCase)),
                Expression.Bind(typeof(StampedCase).GetProperty(nameof(StampedCase.Facts))!, DashboardTallies.CaseProjection.Body),
                Expression.Bind(typeof(StampedCase).GetProperty(nameof(StampedCase.Stamp))!, stamp)),
            c);
    }

    /// <summary>The stored facts of the given cases, each with its stamp from the same statement.</summary>
    private static async Task<(Dictionary<Guid, CaseFacts> Cases, Dictionary<Guid, long> Stamps)> LoadCasesAsync(
        CaseCoordinationDbContext db, List<Guid> caseIds, CancellationToken cancellationToken)
    {
        var cases = new Dictionary<Guid, CaseFacts>();
        var stamps = new Dictionary<Guid, long>();
        foreach (var chunk in caseIds.Chunk(Chunk))
        {
            // A request's save touches one case: plain equality keeps EF's cached query simple.
            var one = chunk[0];
            var query = chunk.Length == 1 ? db.Cases.AsNoTracking().Where(c => c.Id == one) : db.Cases.AsNoTracking().Where(c => chunk.Contains(c.Id));
            foreach (var c in await query.Select(StampedProjection).ToListAsync(cancellationToken))
            {
                cases[c.Facts.Id] = c.Facts;
                stamps[c.Facts.Id] = c.Stamp;
            }
        }

        return (cases, stamps);
    }

    /// <summary>
    /// The referrals of the given cases, as the projection reads them. Called after the cases' rows
    /// were read: a save that commits in between has moved a stamp, so the capture cannot be claimed.
    /// </summary>
    private static async Task<Dictionary<Guid, List<ReferralFacts>>> LoadReferralsAsync(
        CaseCoordinationDbContext db, List<Guid> caseIds, Expression<Func<Referral, ReferralFacts>> projection, CancellationToken cancellationToken)
    {
        var referrals = caseIds.ToDictionary(id => id, _ => new List<ReferralFacts>());
        foreach (var chunk in caseIds.Chunk(Chunk))
        {
            var one = chunk[0];
            var query = chunk.Length == 1 ? db.Referrals.AsNoTracking().Where(r => r.CaseId == one) : db.Referrals.AsNoTracking().Where(r => chunk.Contains(r.CaseId));
            foreach (var r in await query.Select(projection).ToListAsync(cancellationToken))
            {
                referrals[r.CaseId].Add(r);
            }
        }

        return referrals;
    }

    /// <summary>One plain command on the context's connection and transaction, parameters typed by the model's mappings.</summary>
    private static async Task<int> ExecuteAsync(CaseCoordinationDbContext db, string sql, IReadOnlyList<(string Name, object Value, RelationalTypeMapping Mapping)> parameters, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            foreach (var (name, value, mapping) in parameters)
            {
                command.Parameters.Add(mapping.CreateParameter(command, name, value, nullable: false));
            }

            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The delimited names and type mappings the plain commands use, read once per model.</summary>
    private sealed class Columns
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IModel, Columns> Known = new();

        private readonly ISqlGenerationHelper _sql;

        private Columns(IModel model, ISqlGenerationHelper sql)
        {
            _sql = sql;
            var caseType = model.FindEntityType(typeof(Case))!;
            var caseTable = StoreObjectIdentifier.Table(caseType.GetTableName()!, caseType.GetSchema());
            Cases = sql.DelimitIdentifier(caseTable.Name, caseTable.Schema);
            CaseId = sql.DelimitIdentifier(caseType.FindProperty(nameof(Case.Id))!.GetColumnName(caseTable)!);
            Stamp = sql.DelimitIdentifier(caseType.FindProperty(CaseStamp)!.GetColumnName(caseTable)!);
            CaseIdMapping = (RelationalTypeMapping)caseType.FindProperty(nameof(Case.Id))!.GetTypeMapping();
            StampMapping = (RelationalTypeMapping)caseType.FindProperty(CaseStamp)!.GetTypeMapping();
            var anchorType = model.FindEntityType(typeof(CaseSignalAnchor))!;
            var anchorTable = StoreObjectIdentifier.Table(anchorType.GetTableName()!, anchorType.GetSchema());
            Anchors = sql.DelimitIdentifier(anchorTable.Name, anchorTable.Schema);
            AnchorCaseId = sql.DelimitIdentifier(anchorType.FindProperty(nameof(CaseSignalAnchor.CaseId))!.GetColumnName(anchorTable)!);
            AnchorSignal = sql.DelimitIdentifier(anchorType.FindProperty(nameof(CaseSignalAnchor.Signal))!.GetColumnName(anchorTable)!);
            AnchorReferralId = sql.DelimitIdentifier(anchorType.FindProperty(nameof(CaseSignalAnchor.ReferralId))!.GetColumnName(anchorTable)!);
            AnchorCaseIdMapping = (RelationalTypeMapping)anchorType.FindProperty(nameof(CaseSignalAnchor.CaseId))!.GetTypeMapping();
            AnchorReferralIdMapping = (RelationalTypeMapping)anchorType.FindProperty(nameof(CaseSignalAnchor.ReferralId))!.GetTypeMapping();
        }

        public string Cases { get; }
        public string CaseId { get; }
        public string Stamp { get; }
        public RelationalTypeMapping CaseIdMapping { get; }
        public RelationalTypeMapping StampMapping { get; }
        public string Anchors { get; }
        public string AnchorCaseId { get; }
        public string AnchorSignal { get; }
        public string AnchorReferralId { get; }
        public RelationalTypeMapping AnchorCaseIdMapping { get; }
        public RelationalTypeMapping AnchorReferralIdMapping { get; }

        public static Columns Of(CaseCoordinationDbContext db) => Known.GetValue(db.Model, model => new Columns(model, db.GetService<ISqlGenerationHelper>()));

        /// <summary>A parameter's name as the command declares it.</summary>
        public string N(string name) => _sql.GenerateParameterName(name);

        /// <summary>A parameter's placeholder in the command text.</summary>
        public string P(string name) => _sql.GenerateParameterNamePlaceholder(name);
    }

    private static async Task<HashSet<Guid>> SocialServicesAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        var ids = await db.Agencies.AsNoTracking().Where(a => a.Kind == AgencyKind.SocialServices).Select(a => a.Id).ToListAsync(cancellationToken);
        ids.AddRange(db.ChangeTracker.Entries<Agency>().Where(e => e.State == EntityState.Added && e.Entity.Kind == AgencyKind.SocialServices).Select(e => e.Entity.Id));
        return [.. ids];
    }

    private static void Add(Dictionary<TallyPoint, int> into, IEnumerable<TallyPoint> points, int sign)
    {
        foreach (var point in points)
        {
            into[point] = into.GetValueOrDefault(point) + sign;
        }
    }

    private static void Bump(Dictionary<TallyKey, int> into, TallyKey key, int amount) => into[key] = into.GetValueOrDefault(key) + amount;
}
