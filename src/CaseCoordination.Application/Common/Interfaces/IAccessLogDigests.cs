namespace CaseCoordination.Application.Common.Interfaces;

/// <summary>The head of the access-log chain at one moment: the last entry's id and hash.</summary>
public sealed record AccessLogDigest(long LastEntryId, string Hash, DateTimeOffset At);

/// <summary>
/// Where digests are kept outside the database, so that its own administrators cannot rewrite them
/// (SQL Server's ledger does the same with its digests). Verify checks the chain against them.
/// </summary>
public interface IAccessLogDigests
{
    Task PublishAsync(AccessLogDigest digest, CancellationToken cancellationToken);

    /// <summary>Every digest kept, and what could not be read as one (verification reports it, never a fault).</summary>
    Task<KeptDigests> ReadAllAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The digests kept outside the database. Several may name one entry (two instances publishing the same
/// head). <see cref="Unreadable"/> says where a line or file is not a digest, without quoting it.
/// </summary>
public sealed record KeptDigests(IReadOnlyList<AccessLogDigest> Digests, IReadOnlyList<string> Unreadable);

/// <summary>Reads the head of the chain (Infrastructure owns the head row).</summary>
public interface IAccessLogHead
{
    Task<AccessLogDigest> ReadAsync(CancellationToken cancellationToken);
}
