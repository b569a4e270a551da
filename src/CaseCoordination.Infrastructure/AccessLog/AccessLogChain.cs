using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.AccessLog;

/// <summary>
/// The head of the access-log chain: one row, locked by every transaction that appends entries, so
/// that entries get dense ids (1, 2, 3, …) and each hash covers the one before — with any number of
/// concurrent writers and API instances.
/// </summary>
public sealed class AccessLogChainHead
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public long LastEntryId { get; set; }
    public string LastHash { get; set; } = AccessLogEntry.GenesisHash;
    public DateTimeOffset? LastAt { get; set; }
}

internal sealed class AccessLogChainHeadConfiguration : IEntityTypeConfiguration<AccessLogChainHead>
{
    public void Configure(EntityTypeBuilder<AccessLogChainHead> builder)
    {
        builder.ToTable("AccessLogChain");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.LastEntryId).IsConcurrencyToken();
        builder.Property(h => h.LastHash).HasMaxLength(64).IsUnicode(false);
        builder.HasData(new AccessLogChainHead { Id = AccessLogChainHead.SingletonId, LastEntryId = 0, LastHash = AccessLogEntry.GenesisHash });
    }
}

/// <summary>Appends new entries to the chain inside the current transaction.</summary>
internal static class AccessLogChainer
{
    /// <summary>
    /// Reads the head under its lock, seals the entries after it and moves the head — two plain
    /// commands on the context's connection and transaction (no query pipeline, no tracked head), since
    /// they run while every other writer waits.
    /// </summary>
    public static async Task SealAsync(CaseCoordinationDbContext db, IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        // The lock: SQLite's write transaction (BEGIN IMMEDIATE) already excludes other writers; SQL
        // Server takes an update lock on the head row, held to the end of the transaction.
        var sqlServer = db.Database.IsSqlServer();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Access-log entries are sealed inside the transaction that writes them.");
        long previousId;
        string hash;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = sqlServer
                ? "SELECT [LastEntryId], [LastHash] FROM [AccessLogChain] WITH (UPDLOCK, HOLDLOCK, ROWLOCK) WHERE [Id] = 1"
                : "SELECT \"LastEntryId\", \"LastHash\" FROM \"AccessLogChain\" WHERE \"Id\" = 1";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException("The access-log chain has no head row.");
            }

            previousId = reader.GetInt64(0);
            hash = reader.GetString(1);
        }

        var id = previousId;
        foreach (var entry in entries)
        {
            entry.Seal(++id, hash);
            hash = entry.Hash;
        }

        await using var move = connection.CreateCommand();
        move.Transaction = transaction;
        move.CommandText = sqlServer
            ? "UPDATE [AccessLogChain] SET [LastEntryId] = @id, [LastHash] = @hash, [LastAt] = @at WHERE [Id] = 1 AND [LastEntryId] = @previous"
            : "UPDATE \"AccessLogChain\" SET \"LastEntryId\" = @id, \"LastHash\" = @hash, \"LastAt\" = @at WHERE \"Id\" = 1 AND \"LastEntryId\" = @previous";
        Add(move, "@id", id);
        Add(move, "@hash", hash);
        Add(move, "@at", entries[^1].At.UtcDateTime, System.Data.DbType.DateTime2);
        Add(move, "@previous", previousId);
        if (await move.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            // Only possible if something wrote the head outside the lock.
            throw new DbUpdateConcurrencyException("The access-log chain head moved while it was locked.");
        }
    }

    private static void Add(System.Data.Common.DbCommand command, string name, object value, System.Data.DbType? type = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        if (type is { } t)
        {
            parameter.DbType = t; // datetime2 on SQL Server (the column's type), text on SQLite as EF writes it
        }

        command.Parameters.Add(parameter);
    }
}
