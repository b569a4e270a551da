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

/// <summary>Appends an act's entries to the chain inside its transaction (ADR 0007, ADR 0023).</summary>
internal static class AccessLogChain
{
    /// <summary>
    /// The act's last write before its commit: locks the head, seals the entries after it and writes
    /// them with the head moved, beside the act (<see cref="BesideTheAct"/>), so that a server database
    /// holds the head's lock — every writer's turn — only from here to the commit. The lock is an update
    /// that sets nothing new (<c>LastEntryId = LastEntryId</c>), held to the end of the transaction; on
    /// SQLite the write transaction already excludes other writers. The head's move is checked by its
    /// concurrency token (<c>LastEntryId</c>). A retry of the transaction (execution strategy) seals
    /// fresh, unsealed copies.
    /// </summary>
    public static async Task AppendAsync(CaseCoordinationDbContext db, IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await LockHeadAsync(db, cancellationToken);
        var head = await Heads(db).AsNoTracking().SingleAsync(cancellationToken);
        await BesideTheAct.SaveAsync(db, side =>
        {
            side.Attach(head);
            foreach (var entry in entries)
            {
                var sealable = entry.Id == 0 ? entry : entry.Unsealed();
                sealable.Seal(head.LastEntryId + 1, head.LastHash);
                side.AccessLog.Add(sealable);
                head.LastEntryId = sealable.Id;
                head.LastHash = sealable.Hash;
                head.LastAt = sealable.At;
            }

            side.Entry(head).State = EntityState.Modified;
        }, cancellationToken);
    }

    /// <summary>
    /// Locks the head row until the transaction ends: an update that sets nothing new. SQL Server holds
    /// its exclusive row lock, PostgreSQL its <c>FOR NO KEY UPDATE</c> row lock (which excludes another
    /// writer's update and any <c>FOR UPDATE</c>; a waiting writer then reads the committed head under
    /// READ COMMITTED), SQLite's write transaction excludes other writers anyway (ADR 0026).
    /// </summary>
    internal static async Task LockHeadAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        if (await Heads(db).ExecuteUpdateAsync(s => s.SetProperty(h => h.LastEntryId, h => h.LastEntryId), cancellationToken) != 1)
        {
            throw new InvalidOperationException("The access-log chain has no head row.");
        }
    }

    private static IQueryable<AccessLogChainHead> Heads(CaseCoordinationDbContext db) =>
        db.Set<AccessLogChainHead>().Where(h => h.Id == AccessLogChainHead.SingletonId);
}
