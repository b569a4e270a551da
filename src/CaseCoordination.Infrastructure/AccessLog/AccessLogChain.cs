using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
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
    public static async Task SealAsync(CaseCoordinationDbContext db, IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        // The lock: SQLite's write transaction (BEGIN IMMEDIATE) already excludes other writers; SQL
        // Server takes an update lock on the head row, held to the end of the transaction.
        var sql = db.Database.IsSqlServer()
            ? "SELECT * FROM [AccessLogChain] WITH (UPDLOCK, HOLDLOCK, ROWLOCK) WHERE [Id] = 1"
            : "SELECT * FROM \"AccessLogChain\" WHERE \"Id\" = 1";
        var head = await db.Set<AccessLogChainHead>().FromSqlRaw(sql).AsTracking().SingleAsync(cancellationToken);
        var id = head.LastEntryId;
        var hash = head.LastHash;
        foreach (var entry in entries)
        {
            entry.Seal(++id, hash);
            hash = entry.Hash;
        }

        head.LastEntryId = id;
        head.LastHash = hash;
        head.LastAt = entries[^1].At;
    }
}
