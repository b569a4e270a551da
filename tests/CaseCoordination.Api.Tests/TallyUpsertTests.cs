using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Dashboards;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>The one hand-written statement of the read models (an upsert that adds), on SQLite.</summary>
public sealed class TallyUpsertTests(ApiFactory factory) : TallyUpsertTestsBase<ApiFactory>(factory);

/// <summary>The same on SQL Server's MERGE (skipped, with the reason, where none is available).</summary>
public sealed class TallyUpsertTestsOnSqlServer(SqlServerSuiteFactory factory) : TallyUpsertTestsBase<SqlServerSuiteFactory>(factory);

public abstract class TallyUpsertTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Adds_to_stored_rows_and_creates_missing_ones_across_statements()
    {
        // 250 keys: more than one statement's worth of rows; keys differ in every typed column but the region.
        var keys = Enumerable.Range(0, 250).Select(i => new TallyKey(
            "77", i % 2 == 0 ? TallyGrain.Day : TallyGrain.Week, 20000 + (i % 5), (TallyFigure)(1 + (i % 5)), "d" + (i % 3), "k" + i, i % 4 == 0 ? "accepted" : "", i % 7)).ToList();
        var amounts = await factory.Db(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await TallyUpsert.AddAsync(db, keys.Select(k => KeyValuePair.Create(k, 2)).ToList(), CancellationToken.None);
            await TallyUpsert.AddAsync(db, keys.Select((k, i) => KeyValuePair.Create(k, i % 2 == 0 ? 3 : -2)).ToList(), CancellationToken.None);
            var stored = await db.DashboardTallies.AsNoTracking().Where(t => t.RegionCode == "77").ToListAsync();
            await transaction.RollbackAsync();
            return stored.ToDictionary(t => new TallyKey(t.RegionCode, t.Grain, t.Period, t.Figure, t.Dimension, t.Key, t.Status, t.Value), t => t.Amount);
        });

        Assert.Equal(keys.Count, amounts.Count);
        Assert.All(keys.Select((k, i) => (k, i)), x => Assert.Equal(x.i % 2 == 0 ? 5 : 0, amounts[x.k]));
    }
}
