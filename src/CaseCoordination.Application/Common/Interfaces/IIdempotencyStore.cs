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
}

public sealed record IdempotencyBegin(IdempotencyStart Outcome, StoredResponse? Response = null);

/// <summary>
/// Idempotency keys, stored in the database so that every API instance shares them. The record is
/// created before the request runs: of two requests with the same key at once, exactly one starts.
/// </summary>
public interface IIdempotencyStore
{
    Task<IdempotencyBegin> BeginAsync(string scopedKey, string requestHash, CancellationToken cancellationToken);

    Task CompleteAsync(string scopedKey, StoredResponse response, CancellationToken cancellationToken);

    /// <summary>Forgets a key whose request failed unexpectedly, so that a retry can run.</summary>
    Task AbandonAsync(string scopedKey, CancellationToken cancellationToken);
}
