using System.Text.Json;

namespace CaseCoordination.Application.Common.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> one request holds (scoped to the request), so that the act's own commit can
/// mark the key as done (ADR 0018). The API's idempotency layer holds the key once it has claimed it
/// under a lease; the unit of work arms the mark with the act's result just before it saves; the save
/// writes the mark in the act's transaction, on condition that the lease is still this request's, or
/// fails the act (another request took the key over after this one's lease ran out).
/// </summary>
public sealed class IdempotencyContext
{
    private byte[]? _recovered;

    /// <summary>The claimed key (already scoped to the caller), or null when the request holds none.</summary>
    public string? Key { get; private set; }

    /// <summary>The lease this request holds on <see cref="Key"/>; the mark is written only under it.</summary>
    public Guid LeaseToken { get; private set; }

    /// <summary>The mark to write with the act's commit, or null when there is none.</summary>
    public IdempotencyMark? Mark { get; private set; }

    /// <summary>The API claimed the key for this request under the lease <paramref name="leaseToken"/>.</summary>
    public void Hold(string scopedKey, Guid leaseToken)
    {
        Key = scopedKey;
        LeaseToken = leaseToken;
    }

    /// <summary>The act succeeded: its commit marks the key, with the act's result (what its answer is made from).</summary>
    public void ActSucceeded<TResponse>(TResponse response)
    {
        if (Key is not null)
        {
            Mark = new IdempotencyMark(Key, LeaseToken, JsonSerializer.SerializeToUtf8Bytes(response));
        }
    }

    /// <summary>The act was refused: what is saved now (the refused entry) is not the act and must not mark the key.</summary>
    public void ActRefused() => Mark = null;

    /// <summary>
    /// The act of this key committed before, but its answer was never stored (the process stopped in
    /// between): the request runs as before, but its act is answered with the committed result instead
    /// of running again.
    /// </summary>
    public void Recover(byte[] committedResult) => _recovered = committedResult;

    /// <summary>The committed result to answer with instead of running the act, once (see <see cref="Recover"/>).</summary>
    public bool TryTakeRecovered<TResponse>(out TResponse result)
    {
        if (_recovered is not { } stored)
        {
            result = default!;
            return false;
        }

        _recovered = null;
        result = JsonSerializer.Deserialize<TResponse>(stored)!;
        return true;
    }
}

/// <summary>What an act's commit writes to its Idempotency-Key: done, with this result, under this lease.</summary>
public sealed record IdempotencyMark(string Key, Guid LeaseToken, byte[] Result);
