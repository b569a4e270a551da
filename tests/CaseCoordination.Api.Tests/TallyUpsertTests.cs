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

/// <summary>The same on PostgreSQL's INSERT … ON CONFLICT (skipped, with the reason, where none is available).</summary>
public sealed class TallyUpsertTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : TallyUpsertTestsBase<PostgreSqlSuiteFactory>(factory);

/// <summary>The statement's text per provider: one placeholder per value, in order, and each provider's own quoting.</summary>
public sealed class TallyUpsertStatementTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void Each_row_has_nine_placeholders_numbered_in_order(DatabaseProvider provider)
    {
        var sql = TallyUpsert.Statement(provider, 3);
        var placeholders = System.Text.RegularExpressions.Regex.Matches(sql, @"\{(\d+)\}").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, 27), placeholders);
    }

    [Fact]
    public void PostgreSql_quotes_every_column_and_adds_to_the_stored_amount()
    {
        var sql = TallyUpsert.Statement(DatabaseProvider.PostgreSql, 1);
        Assert.DoesNotContain("[", sql, StringComparison.Ordinal);
        Assert.Equal(
            "INSERT INTO \"DashboardTallies\" (\"RegionCode\", \"Grain\", \"Period\", \"Figure\", \"Dimension\", \"Key\", \"Status\", \"Value\", \"Amount\") VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}) "
            + "ON CONFLICT (\"RegionCode\", \"Grain\", \"Period\", \"Figure\", \"Dimension\", \"Key\", \"Status\", \"Value\") DO UPDATE SET \"Amount\" = \"DashboardTallies\".\"Amount\" + excluded.\"Amount\";",
            sql);
    }
}

public abstract class TallyUpsertTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Adds_to_stored_rows_and_creates_missing_ones_across_statements()
    {
        // 250 keys: more than one statement's worth of rows; keys differ in every typed column but the region.
        var keys = Enumerable.Range(0, 250).Select(i => new TallyKey(
            "77", i % 2 == 0 ? TallyGrain.Day : TallyGrain.Week, 20000 + (i % 5), (TallyFigure)(1 + (i % 5)), "d" + (i % 3), "k" + i, i % 4 == 0 ? "accepted" : "", i % 7)).ToList();
        // In a transaction under the execution strategy, as the unit of work runs it (a server database's retrying strategy refuses any other).
        var amounts = await factory.Db(db => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await TallyUpsert.AddAsync(db, keys.Select(k => KeyValuePair.Create(k, 2)).ToList(), CancellationToken.None);
            await TallyUpsert.AddAsync(db, keys.Select((k, i) => KeyValuePair.Create(k, i % 2 == 0 ? 3 : -2)).ToList(), CancellationToken.None);
            var stored = await db.DashboardTallies.AsNoTracking().Where(t => t.RegionCode == "77").ToListAsync();
            await transaction.RollbackAsync();
            return stored.ToDictionary(t => new TallyKey(t.RegionCode, t.Grain, t.Period, t.Figure, t.Dimension, t.Key, t.Status, t.Value), t => t.Amount);
        }));

        Assert.Equal(keys.Count, amounts.Count);
        Assert.All(keys.Select((k, i) => (k, i)), x => Assert.Equal(x.i % 2 == 0 ? 5 : 0, amounts[x.k]));
    }
}
