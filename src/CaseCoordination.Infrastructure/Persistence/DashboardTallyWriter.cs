using System.Globalization;
using System.Text;
using CaseCoordination.Application.Dashboards;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseCoordination.Infrastructure.Persistence;

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

    public static bool HasChanges(CaseCoordinationDbContext db) =>
        db.ChangeTracker.Entries<Case>().Any(e => e.State is EntityState.Added or EntityState.Modified)
        || db.ChangeTracker.Entries<Referral>().Any(e => e.State is EntityState.Added or EntityState.Modified);

    /// <summary>The change in tallies that the pending save makes. Call inside the save's transaction, before saving.</summary>
    public static async Task<Dictionary<TallyPoint, int>> CaptureAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        var changedCases = db.ChangeTracker.Entries<Case>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        var changedReferrals = db.ChangeTracker.Entries<Referral>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        var affected = changedCases.Select(e => e.Entity.Id).Concat(changedReferrals.Select(e => e.Entity.CaseId)).ToHashSet();
        var added = changedCases.Where(e => e.State == EntityState.Added).Select(e => e.Entity.Id).ToHashSet();

        var stored = affected.Where(id => !added.Contains(id)).Order().ToList();
        if (db.Database.IsSqlServer())
        {
            // Two transactions that change different referrals of one case would each diff against the
            // same stored state. A no-op update locks the case rows (in id order) until commit, so they
            // take turns. SQLite needs none: it lets one transaction write at a time.
            foreach (var chunk in stored.Chunk(Chunk))
            {
                await db.Cases.Where(c => chunk.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.Version, c => c.Version), cancellationToken);
            }
        }

        var (oldCases, oldReferrals) = await LoadStoredAsync(db, stored, cancellationToken);

        var trackedCases = db.ChangeTracker.Entries<Case>().Where(e => e.State != EntityState.Deleted && affected.Contains(e.Entity.Id))
            .ToDictionary(e => e.Entity.Id, e => DashboardTallies.FactsOf(e.Entity));
        var trackedReferrals = db.ChangeTracker.Entries<Referral>().Where(e => e.State != EntityState.Deleted && affected.Contains(e.Entity.CaseId))
            .Select(e => DashboardTallies.FactsOf(e.Entity)).ToList();

        var isChild = oldCases.Values.Any(c => c.Child) || trackedCases.Values.Any(c => c.Child);
        var socialServices = isChild ? await SocialServicesAsync(db, cancellationToken) : [];

        var delta = new Dictionary<TallyPoint, int>();
        foreach (var caseId in affected)
        {
            oldReferrals.TryGetValue(caseId, out var before);
            before ??= [];
            if (oldCases.TryGetValue(caseId, out var oldCase))
            {
                Add(delta, DashboardTallies.Of(oldCase, before, socialServices.Contains), -1);
            }

            var newCase = trackedCases.GetValueOrDefault(caseId) ?? oldCase;
            if (newCase is null)
            {
                continue;
            }

            var after = before.ToDictionary(r => r.Id);
            foreach (var referral in trackedReferrals.Where(r => r.CaseId == caseId))
            {
                after[referral.Id] = referral;
            }

            Add(delta, DashboardTallies.Of(newCase, after.Values, socialServices.Contains), +1);
        }

        foreach (var unchanged in delta.Where(d => d.Value == 0).Select(d => d.Key).ToList())
        {
            delta.Remove(unchanged);
        }

        return delta;
    }

    /// <summary>Every tally, computed from scratch for every case.</summary>
    public static async Task<Dictionary<TallyKey, int>> ComputeAllAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        var socialServices = await SocialServicesAsync(db, cancellationToken);
        var points = new Dictionary<TallyPoint, int>();
        Guid? after = null;
        while (true)
        {
            var page = await db.Cases.AsNoTracking().Where(c => after == null || c.Id.CompareTo(after.Value) > 0)
                .OrderBy(c => c.Id).Select(c => c.Id).Take(Chunk).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            var (cases, referrals) = await LoadStoredAsync(db, page, cancellationToken);
            foreach (var c in cases.Values)
            {
                Add(points, DashboardTallies.Of(c, referrals.GetValueOrDefault(c.Id) ?? [], socialServices.Contains), +1);
            }

            after = page[^1];
        }

        return Rows(points);
    }

    /// <summary>Replaces every tally by a computation from scratch (after a migration, or if an operator suspects drift).</summary>
    public static async Task RebuildAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var rows = await ComputeAllAsync(db, cancellationToken);
        await db.DashboardTallies.ExecuteDeleteAsync(cancellationToken);
        await UpsertAsync(db, rows, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Adds the captured change to the stored tallies (day rows, and week rows for period figures).</summary>
    public static Task ApplyAsync(CaseCoordinationDbContext db, Dictionary<TallyPoint, int> delta, CancellationToken cancellationToken) =>
        delta.Count == 0 ? Task.CompletedTask : UpsertAsync(db, Rows(delta), cancellationToken);

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

    private static async Task<(Dictionary<Guid, CaseFacts> Cases, Dictionary<Guid, List<ReferralFacts>> Referrals)> LoadStoredAsync(
        CaseCoordinationDbContext db, List<Guid> caseIds, CancellationToken cancellationToken)
    {
        var cases = new Dictionary<Guid, CaseFacts>();
        var referrals = new Dictionary<Guid, List<ReferralFacts>>();
        foreach (var chunk in caseIds.Chunk(Chunk))
        {
            foreach (var c in await db.Cases.AsNoTracking().Where(c => chunk.Contains(c.Id)).Select(DashboardTallies.CaseProjection).ToListAsync(cancellationToken))
            {
                cases[c.Id] = c;
            }

            foreach (var r in await db.Referrals.AsNoTracking().Where(r => chunk.Contains(r.CaseId)).Select(DashboardTallies.ReferralProjection).ToListAsync(cancellationToken))
            {
                (referrals.TryGetValue(r.CaseId, out var list) ? list : referrals[r.CaseId] = []).Add(r);
            }
        }

        return (cases, referrals);
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
