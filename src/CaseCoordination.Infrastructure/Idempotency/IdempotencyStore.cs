using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Infrastructure.Idempotency;

/// <summary>
/// Keeps Idempotency-Keys in the database. Each call uses its own context, committed at once and
/// apart from the request's own transaction: the key is claimed before the request runs.
/// </summary>
/// <remarks>
/// A stored answer can hold personal data (an opened case answers with the person's name), so the
/// body is encrypted with the same data protection as identity fields.
/// </remarks>
public sealed class IdempotencyStore(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<IdempotencyOptions> options, IDatabaseErrors errors, Protection.PersonalDataProtection protection) : IIdempotencyStore
{
    public async Task<IdempotencyBegin> BeginAsync(string scopedKey, string requestHash, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
            var now = clock.GetUtcNow();
            var token = Guid.NewGuid();
            var leaseEnds = now + options.Value.LeaseFor;
            var existing = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(r => r.Key == scopedKey, cancellationToken);
            if (existing is not null && existing.ExpiresAt > now)
            {
                if (existing.RequestHash != requestHash)
                {
                    return new IdempotencyBegin(IdempotencyStart.Mismatch);
                }

                if (existing.Completed)
                {
                    return new IdempotencyBegin(
                        IdempotencyStart.Replay, new StoredResponse(existing.StatusCode, existing.ContentType, existing.Location, existing.ETag, Unprotect(existing.Body)),
                        Logged: IdempotencyRecord.LoggedIn(existing.LoggedResources));
                }

                if (existing.LeaseExpiresAt > now)
                {
                    return new IdempotencyBegin(IdempotencyStart.InProgress);
                }

                // The holder's lease ran out (its process stopped, or it is slower than any request may be):
                // take the key over, on condition that nothing moved since the read — neither another
                // takeover nor the holder's commit, which marks the key in its own transaction (ADR 0018).
                var committed = existing.Committed;
                var taken = await SqliteWriter.RunAsync(db, ct => db.IdempotencyKeys
                    .Where(r => r.Key == scopedKey && r.LeaseToken == existing.LeaseToken && r.Committed == committed && !r.Completed)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseToken, token).SetProperty(r => r.LeaseExpiresAt, leaseEnds), ct), cancellationToken);
                if (taken == 1)
                {
                    return committed
                        ? new IdempotencyBegin(IdempotencyStart.Recover, LeaseToken: token, Result: Unprotect(existing.Result), Logged: IdempotencyRecord.LoggedIn(existing.LoggedResources))
                        : new IdempotencyBegin(IdempotencyStart.Started, LeaseToken: token);
                }

                continue;
            }

            if (existing is not null)
            {
                await SqliteWriter.RunAsync(db, ct => db.IdempotencyKeys.Where(r => r.Key == scopedKey && r.ExpiresAt <= now).ExecuteDeleteAsync(ct), cancellationToken);
            }

            db.IdempotencyKeys.Add(new IdempotencyRecord
            {
                Key = scopedKey,
                RequestHash = requestHash,
                LeaseToken = token,
                LeaseExpiresAt = leaseEnds,
                CreatedAt = now,
                ExpiresAt = now + options.Value.RetainFor,
            });
            try
            {
                await SqliteWriter.RunAsync(db, db.SaveChangesAsync, cancellationToken);
                await PurgeExpiredAsync(db, now, cancellationToken);
                return new IdempotencyBegin(IdempotencyStart.Started, LeaseToken: token);
            }
            catch (DbUpdateException ex) when (errors.Classify(ex) == DatabaseErrorKind.Conflict)
            {
                // Another request claimed the key between our read and our insert: look again.
            }
        }

        return new IdempotencyBegin(IdempotencyStart.InProgress);
    }

    public async Task<bool> CompleteAsync(string scopedKey, Guid leaseToken, StoredResponse response, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        var body = Protect(response.Body);
        return await SqliteWriter.RunAsync(db, ct => db.IdempotencyKeys.Where(r => r.Key == scopedKey && r.LeaseToken == leaseToken).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.Completed, true)
                .SetProperty(r => r.StatusCode, response.StatusCode)
                .SetProperty(r => r.ContentType, response.ContentType)
                .SetProperty(r => r.Location, response.Location)
                .SetProperty(r => r.ETag, response.ETag)
                .SetProperty(r => r.Body, body),
            ct), cancellationToken) == 1;
    }

    private byte[] Protect(byte[] body) => Protect(protection, body);

    private byte[] Unprotect(byte[]? stored) => Unprotect(protection, stored);

    /// <summary>Stored answers and results can hold personal data: encrypted like identity fields.</summary>
    internal static byte[] Protect(Protection.PersonalDataProtection protection, byte[] body) =>
        System.Text.Encoding.UTF8.GetBytes(protection.Protect(Convert.ToBase64String(body)));

    private static byte[] Unprotect(Protection.PersonalDataProtection protection, byte[]? stored) =>
        stored is null || stored.Length == 0 ? [] : Convert.FromBase64String(protection.Unprotect(System.Text.Encoding.UTF8.GetString(stored)));

    public async Task AbandonAsync(string scopedKey, Guid leaseToken, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        var now = clock.GetUtcNow();
        var forgotten = await SqliteWriter.RunAsync(db, ct => db.IdempotencyKeys.Where(r => r.Key == scopedKey && r.LeaseToken == leaseToken && !r.Committed && !r.Completed).ExecuteDeleteAsync(ct), cancellationToken);
        if (forgotten == 0)
        {
            // The act committed (or the key is no longer this request's): a retry may recover its result at once.
            await SqliteWriter.RunAsync(db, ct => db.IdempotencyKeys.Where(r => r.Key == scopedKey && r.LeaseToken == leaseToken && !r.Completed)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, now), ct), cancellationToken);
        }
    }

    /// <summary>Removes a few expired keys on the way (<see cref="ExpiredRows"/>); no scheduler is needed.</summary>
    private static Task<int> PurgeExpiredAsync(CaseCoordinationDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExpiredRows.DeleteAsync(db, db.IdempotencyKeys, r => r.ExpiresAt <= now, r => r.Key, cancellationToken);
}
