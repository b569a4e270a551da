using System.Data.Common;
using System.Text;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseCoordination.Infrastructure.AccessLog;

/// <summary>
/// Writes sealed access-log entries with one multi-row INSERT per hundred entries, on the context's
/// connection and transaction, with the columns, value conversions and parameter types of the EF
/// model (so the rows are exactly what EF would write). It runs while the chain's lock is held: no
/// change tracking, no per-entity command.
/// </summary>
internal static class AccessLogWriter
{
    private const int RowsPerCommand = 100;

    private sealed record Column(string Name, Func<object, object?> Value, RelationalTypeMapping Mapping, bool Nullable);

    private sealed record Shape(string Table, IReadOnlyList<Column> Columns);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IModel, Shape> Shapes = new();

    public static async Task InsertAsync(CaseCoordinationDbContext db, IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var shape = Shapes.GetValue(db.Model, model => ShapeOf(model, sql));
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Access-log entries are written inside the transaction that seals them.");
        foreach (var chunk in entries.Chunk(RowsPerCommand))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder("INSERT INTO ").Append(shape.Table).Append(" (")
                .AppendJoin(", ", shape.Columns.Select(c => c.Name)).Append(") VALUES ");
            for (var row = 0; row < chunk.Length; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (var col = 0; col < shape.Columns.Count; col++)
                {
                    var column = shape.Columns[col];
                    var name = "p" + (row * shape.Columns.Count + col);
                    text.Append(col == 0 ? string.Empty : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                    command.Parameters.Add(column.Mapping.CreateParameter(command, sql.GenerateParameterName(name), column.Value(chunk[row]), column.Nullable));
                }

                text.Append(')');
            }

            command.CommandText = text.Append(';').ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static Shape ShapeOf(IModel model, ISqlGenerationHelper sql)
    {
        var entity = model.FindEntityType(typeof(AccessLogEntry)) ?? throw new InvalidOperationException("AccessLogEntry is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => new Column(
                sql.DelimitIdentifier(p.GetColumnName(table)!),
                p.GetGetter().GetClrValueUsingContainingEntity,
                (RelationalTypeMapping)p.GetTypeMapping(),
                p.IsNullable))
            .ToList();
        return new Shape(sql.DelimitIdentifier(table.Name, table.Schema), columns);
    }
}
