using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// Inserts rows of an entity type with multi-row INSERT commands on the context's connection and
/// transaction, with the columns, value conversions and parameter types of the EF model (so the rows
/// are exactly what EF would write), without change tracking or a command per entity. For what is
/// written while other writers wait: sealed access-log entries (under the chain's lock) and signal
/// anchors (inside the SQLite write gate). Every mapped property is written, keys included.
/// </summary>
internal static class PlainInsert
{
    private sealed record Column(string Name, Func<object, object?> Value, RelationalTypeMapping Mapping, bool Nullable);

    private sealed record Shape(string Table, IReadOnlyList<Column> Columns);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IModel, ConcurrentDictionary<Type, Shape>> Shapes = new();

    /// <param name="rowsPerCommand">Keep rows × columns under SQL Server's 2,100 parameters.</param>
    public static async Task InsertAsync<TEntity>(CaseCoordinationDbContext db, IReadOnlyList<TEntity> rows, int rowsPerCommand, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var shape = Shapes.GetValue(db.Model, _ => new()).GetOrAdd(typeof(TEntity), type => ShapeOf(db.Model, type, sql));
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} rows are written inside the transaction of the act they belong to.");
        foreach (var chunk in rows.Chunk(rowsPerCommand))
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

    private static Shape ShapeOf(IModel model, Type type, ISqlGenerationHelper sql)
    {
        var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
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
