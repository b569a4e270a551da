using System.Globalization;
using System.Text;
using CaseCoordination.Application.Dashboards;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// Adds amounts to the dashboards' tally rows, creating the rows that do not exist yet. Hand-written
/// SQL because EF Core cannot express it: an upsert that adds to a stored value ("insert, or on
/// conflict add") has no LINQ form, and reading then writing would race with another act's upsert
/// of the same row. One statement per 100 rows, per provider: SQLite and PostgreSQL <c>INSERT … ON
/// CONFLICT … DO UPDATE</c> (PostgreSQL's waits for a concurrent insert of the same key and then
/// updates it), SQL Server <c>MERGE … WITH (HOLDLOCK)</c> (which holds the key range until commit).
/// </summary>
internal static class TallyUpsert
{
    private const int RowsPerStatement = 100;

    private static readonly string[] KeyColumns = ["RegionCode", "Grain", "Period", "Figure", "Dimension", "Key", "Status", "Value"];

    private const string AmountColumn = "Amount";

    private static readonly int ColumnCount = KeyColumns.Length + 1;

    public static async Task AddAsync(CaseCoordinationDbContext db, IReadOnlyList<KeyValuePair<TallyKey, int>> rows, CancellationToken cancellationToken)
    {
        var provider = DatabaseSetup.ProviderOf(db.Database);
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var parameters = new List<object>(chunk.Length * ColumnCount);
            foreach (var (key, amount) in chunk)
            {
                parameters.AddRange([key.RegionCode, key.Grain.ToString(), key.Period, key.Figure.ToString(), key.Dimension, key.Key, key.Status, key.Value, amount]);
            }

            await db.Database.ExecuteSqlRawAsync(Statement(provider, chunk.Length), parameters, cancellationToken);
        }
    }

    /// <summary>
    /// The statement that adds <paramref name="rowCount"/> rows' amounts, with the placeholders
    /// <c>{0}</c>, <c>{1}</c>, … for the rows' values in the order of <see cref="KeyColumns"/> then the amount.
    /// </summary>
    internal static string Statement(DatabaseProvider provider, int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowCount, 1);
        var quote = provider == DatabaseProvider.PostgreSql ? (Func<string, string>)(c => $"\"{c}\"") : c => c == "Key" ? "[Key]" : c;
        var keys = KeyColumns.Select(quote).ToList();
        var amount = quote(AmountColumn);
        var columns = string.Join(", ", keys.Append(amount));
        var values = new StringBuilder();
        for (var row = 0; row < rowCount; row++)
        {
            values.Append(row == 0 ? "(" : ", (")
                .AppendJoin(", ", Enumerable.Range(row * ColumnCount, ColumnCount).Select(n => string.Create(CultureInfo.InvariantCulture, $"{{{n}}}")))
                .Append(')');
        }

        return provider switch
        {
            DatabaseProvider.SqlServer =>
                $"MERGE DashboardTallies WITH (HOLDLOCK) AS t USING (VALUES {values}) AS s ({columns}) " +
                $"ON {string.Join(" AND ", keys.Select(k => $"t.{k} = s.{k}"))} " +
                $"WHEN MATCHED THEN UPDATE SET {amount} = t.{amount} + s.{amount} " +
                $"WHEN NOT MATCHED THEN INSERT ({columns}) VALUES ({string.Join(", ", keys.Append(amount).Select(c => $"s.{c}"))});",
            DatabaseProvider.PostgreSql =>
                $"INSERT INTO \"DashboardTallies\" ({columns}) VALUES {values} " +
                $"ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET {amount} = \"DashboardTallies\".{amount} + excluded.{amount};",
            _ =>
                $"INSERT INTO DashboardTallies ({columns}) VALUES {values} " +
                $"ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET {amount} = {amount} + excluded.{amount};",
        };
    }
}
