namespace CaseCoordination.Application.Common.Interfaces;

/// <summary>The answer to a request, kept so that a retry with the same Idempotency-Key gets it again.</summary>
public sealed record StoredResponse(int StatusCode, string? ContentType, string? Location, string? ETag, byte[] Body);

public enum IdempotencyStart
{
    /// <summary>The key is new: run the request, then complete or abandon it.</summary>
    Started,

    /// <summary>The same key and body were answered before: replay <see cref="IdempotencyBegin.Response"/>.</summary>
    Replay,

    /// <summary>The same key came with another body (HTTP 422).</summary>
    Mismatch,

    /// <summary>The same key is being handled right now by another request (HTTP 409).</summary>
    InProgress,

    /// <summary>
    /// The act of this key committed, but its answer was never stored and the lease of the request that
    /// ran it has run out: run the request again, answering the act with <see cref="IdempotencyBegin.Result"/>
    /// (see <see cref="Idempotency.IdempotencyContext.Recover"/>), then complete or abandon it.
    /// </summary>
    Recover,
}

/// <param name="LeaseToken">The lease this request now holds on the key (<see cref="IdempotencyStart.Started"/> and <see cref="IdempotencyStart.Recover"/>).</param>
/// <param name="Result">The committed act's result (<see cref="IdempotencyStart.Recover"/>).</param>
/// <param name="Logged">
/// What the committed act's access-log entries named (<see cref="IdempotencyStart.Replay"/> and
/// <see cref="IdempotencyStart.Recover"/>), for the replay's entry; empty when the act never committed.
/// </param>
public sealed record IdempotencyBegin(
    IdempotencyStart Outcome, StoredResponse? Response = null, Guid LeaseToken = default, byte[]? Result = null, IReadOnlyList<Idempotency.LoggedResource>? Logged = null);

/// <summary>
/// Idempotency keys, stored in the database so that every API instance shares them. The record is
/// created before the request runs: of two requests with the same key at once, exactly one starts.
/// A claim is a lease (ADR 0018): once it has run out, a retry with the same key and body takes the key
/// over, and either recovers the committed act's result or runs the act; the act's commit marks the key
/// only under the lease it was claimed with.
/// </summary>
public interface IIdempotencyStore
{
    Task<IdempotencyBegin> BeginAsync(string scopedKey, string requestHash, CancellationToken cancellationToken);

    /// <summary>Stores the answer; false when the lease is no longer this request's (another took the key over).</summary>
    Task<bool> CompleteAsync(string scopedKey, Guid leaseToken, StoredResponse response, CancellationToken cancellationToken);

    /// <summary>
    /// Gives up a claim whose request failed unexpectedly, so that a retry can run: a key whose act never
    /// committed is forgotten; a key whose act committed is released for a retry to recover its result.
    /// </summary>
    Task AbandonAsync(string scopedKey, Guid leaseToken, CancellationToken cancellationToken);
}
