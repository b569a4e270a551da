using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Audit.Queries;

/// <summary>
/// Recomputes the whole chain: ids must run 1, 2, 3, … without a gap, each hash must cover the one
/// before, the head must match the last entry, and every digest kept outside the database must
/// match the chain at its entry. Names the first entry that breaks it. Several digests may name one
/// entry (two instances published the same head): they must all agree. A digest line that cannot be
/// read makes the log invalid too, with the place in the reason, never a fault.
/// </summary>
[Authorize(Role.Auditor)]
public sealed record VerifyAccessLog : IQuery<VerifyResult>, IAccessLogged
{
    string IAccessLogged.AccessAction => "audit.verify";
    string IAccessLogged.AccessResourceType => "access-log";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class VerifyAccessLogHandler(IApplicationDbContext db, IAccessLogHead head, IAccessLogDigests digests) : IQueryHandler<VerifyAccessLog, VerifyResult>
{
    private const int Batch = 5000;

    public async ValueTask<VerifyResult> Handle(VerifyAccessLog query, CancellationToken cancellationToken)
    {
        var chainHead = await head.ReadAsync(cancellationToken);
        var kept = await digests.ReadAllAsync(cancellationToken);
        var byEntry = kept.Digests.ToLookup(d => d.LastEntryId, d => d.Hash);
        var expectedId = 1L;
        var previous = AccessLogEntry.GenesisHash;
        var verified = 0L;
        var digestsChecked = 0;
        while (true)
        {
            var from = expectedId;
            var batch = await db.AccessLog.AsNoTracking().Where(e => e.Id >= from).OrderBy(e => e.Id).Take(Batch).ToListAsync(cancellationToken);
            foreach (var entry in batch)
            {
                if (entry.Id != expectedId)
                {
                    return Invalid(verified, expectedId, $"Entry {expectedId} is missing.", chainHead, digestsChecked);
                }

                if (entry.ComputeHash(previous) != entry.Hash)
                {
                    return Invalid(verified, entry.Id, $"Entry {entry.Id} does not match its hash.", chainHead, digestsChecked);
                }

                var named = byEntry[entry.Id].ToList();
                digestsChecked += named.Count;
                if (named.Distinct(StringComparer.Ordinal).Count() > 1)
                {
                    return Invalid(verified, entry.Id, $"The digests kept outside the database disagree about entry {entry.Id}.", chainHead, digestsChecked);
                }

                if (named.Count > 0 && named[0] != entry.Hash)
                {
                    return Invalid(verified, entry.Id, $"Entry {entry.Id} does not match the digest kept outside the database.", chainHead, digestsChecked);
                }

                previous = entry.Hash;
                expectedId++;
                verified++;
            }

            if (batch.Count < Batch)
            {
                break;
            }
        }

        var last = expectedId - 1;
        if (chainHead.LastEntryId != last || chainHead.Hash != previous)
        {
            return Invalid(verified, last + 1, chainHead.LastEntryId > last
                ? $"Entries after {last} are missing: the head says {chainHead.LastEntryId}."
                : "The head of the chain does not match its last entry.", chainHead, digestsChecked);
        }

        var newestDigest = kept.Digests.Select(d => d.LastEntryId).DefaultIfEmpty(0).Max();
        if (newestDigest > last)
        {
            return Invalid(verified, last + 1, $"A digest kept outside the database names entry {newestDigest}, but the chain ends at {last}.", chainHead, digestsChecked);
        }

        if (kept.Unreadable.Count > 0)
        {
            var more = kept.Unreadable.Count > 5 ? $" And {kept.Unreadable.Count - 5} more that cannot be read." : string.Empty;
            return Invalid(verified, null, string.Join(" ", kept.Unreadable.Take(5)) + more, chainHead, digestsChecked);
        }

        return new VerifyResult(true, verified, null, null, last, digestsChecked);
    }

    private static VerifyResult Invalid(long verified, long? firstInvalid, string reason, AccessLogDigest head, int digestsChecked) =>
        new(false, verified, firstInvalid, reason, head.LastEntryId, digestsChecked);
}

/// <summary>The current head of the chain (last entry id, hash, time), to keep outside the system.</summary>
[Authorize(Role.Auditor)]
public sealed record GetAccessLogDigest : IQuery<AccessLogDigest>, IAccessLogged
{
    string IAccessLogged.AccessAction => "audit.digest";
    string IAccessLogged.AccessResourceType => "access-log";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class GetAccessLogDigestHandler(IAccessLogHead head) : IQueryHandler<GetAccessLogDigest, AccessLogDigest>
{
    public async ValueTask<AccessLogDigest> Handle(GetAccessLogDigest query, CancellationToken cancellationToken) =>
        await head.ReadAsync(cancellationToken);
}
