using System.Data.Common;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseCoordination.Infrastructure.Protection;

/// <summary>
/// Encrypts the free text that a build before ADR 0019 stored in clear. Runs at every start, after the
/// migrations and before the API serves: per free-text column of the model, one query for the values
/// that are not a protected payload, converted in pages, each page in its own transaction. A start that
/// stops half-way leaves the rest to the next; meanwhile the converter reads both forms
/// (<see cref="EncryptedColumns.IsFreeText{T}"/>). Values are never logged.
/// </summary>
public static class LegacyFreeText
{
    private const int PageSize = 500;

    /// <returns>How many values were encrypted.</returns>
    public static async Task<int> EncryptAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var sqlServer = db.Database.IsSqlServer();
        var encrypted = 0;
        foreach (var property in db.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()).Where(EncryptedColumns.IsFreeText))
        {
            var entity = property.DeclaringType.ContainingEntityType;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
            var key = sql.DelimitIdentifier(entity.FindPrimaryKey()!.Properties.Single().GetColumnName(table)!);
            var column = sql.DelimitIdentifier(property.GetColumnName(table)!);
            // Compared byte for byte (SQL Server's default collations ignore case), on the first five characters only.
            var select = $"SELECT {(sqlServer ? $"TOP ({PageSize}) " : string.Empty)}{key}, {column} FROM {tableName} "
                + $"WHERE {column} IS NOT NULL AND SUBSTRING({column}, 1, 5) <> '{PersonalDataProtection.ProtectedPrefix}'"
                + (sqlServer ? " COLLATE Latin1_General_BIN2" : $" LIMIT {PageSize}");
            var update = $"UPDATE {tableName} SET {column} = {sql.GenerateParameterNamePlaceholder("value")} WHERE {key} = {sql.GenerateParameterNamePlaceholder("key")} AND {column} = {sql.GenerateParameterNamePlaceholder("old")}";
            int converted;
            do
            {
                converted = await db.Database.CreateExecutionStrategy().ExecuteAsync(ct => EncryptPageAsync(db, select, update, sql, ct), cancellationToken);
                encrypted += converted;
            }
            while (converted == PageSize);
        }

        return encrypted;
    }

    private static async Task<int> EncryptPageAsync(CaseCoordinationDbContext db, string select, string update, ISqlGenerationHelper sql, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var rows = new List<(object Key, string Value)>();
        await using (var command = Command(connection, transaction, select))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetValue(0), reader.GetString(1)));
            }
        }

        foreach (var (key, value) in rows)
        {
            await using var command = Command(connection, transaction, update);
            Add(command, sql.GenerateParameterName("value"), db.Protection.Protect(value));
            Add(command, sql.GenerateParameterName("key"), key);
            Add(command, sql.GenerateParameterName("old"), value); // unchanged since read: a newer value is encrypted already
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private static DbCommand Command(DbConnection connection, IDbContextTransaction transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = text;
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
