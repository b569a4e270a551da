using System.Globalization;
using System.Text;
using CaseCoordination.Application.Dashboards;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// Adds amounts to the dashboards' tally rows, creating the rows that do not exist yet. Hand-written
/// SQL because EF Core cannot express it: an upsert that adds to a stored value ("insert, or on
/// conflict add") has no LINQ form, and reading then writing would race with another act's upsert
/// of the same row. One statement per 100 rows, per provider: SQLite <c>INSERT … ON CONFLICT DO
/// UPDATE</c>, SQL Server <c>MERGE … WITH (HOLDLOCK)</c> (which holds the key range until commit).
/// </summary>
internal static class TallyUpsert
{
    private const int RowsPerStatement = 100;

    private const string Columns = "RegionCode, Grain, Period, Figure, Dimension, [Key], Status, Value, Amount";

    public static async Task AddAsync(CaseCoordinationDbContext db, IReadOnlyList<KeyValuePair<TallyKey, int>> rows, CancellationToken cancellationToken)
    {
        var sqlServer = db.Database.IsSqlServer();
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var values = new StringBuilder();
            var parameters = new List<object>(chunk.Length * 9);
            foreach (var (key, amount) in chunk)
            {
                var i = parameters.Count;
                values.Append(values.Length == 0 ? "(" : ", (")
                    .AppendJoin(", ", Enumerable.Range(i, 9).Select(n => string.Create(CultureInfo.InvariantCulture, $"{{{n}}}")))
                    .Append(')');
                parameters.AddRange([key.RegionCode, key.Grain.ToString(), key.Period, key.Figure.ToString(), key.Dimension, key.Key, key.Status, key.Value, amount]);
            }

            var sql = sqlServer
                ? $"MERGE DashboardTallies WITH (HOLDLOCK) AS t USING (VALUES {values}) AS s ({Columns}) " +
                  "ON t.RegionCode = s.RegionCode AND t.Grain = s.Grain AND t.Period = s.Period AND t.Figure = s.Figure " +
                  "AND t.Dimension = s.Dimension AND t.[Key] = s.[Key] AND t.Status = s.Status AND t.Value = s.Value " +
                  "WHEN MATCHED THEN UPDATE SET Amount = t.Amount + s.Amount " +
                  $"WHEN NOT MATCHED THEN INSERT ({Columns}) VALUES (s.RegionCode, s.Grain, s.Period, s.Figure, s.Dimension, s.[Key], s.Status, s.Value, s.Amount);"
                : $"INSERT INTO DashboardTallies ({Columns}) VALUES {values} " +
                  "ON CONFLICT (RegionCode, Grain, Period, Figure, Dimension, [Key], Status, Value) DO UPDATE SET Amount = Amount + excluded.Amount;";
            await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
        }
    }
}
