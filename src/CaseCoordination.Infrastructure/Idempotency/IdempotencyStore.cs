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
            var existing = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(r => r.Key == scopedKey, cancellationToken);
            if (existing is not null && existing.ExpiresAt > now)
            {
                return existing.RequestHash != requestHash
                    ? new IdempotencyBegin(IdempotencyStart.Mismatch)
                    : existing.Completed
                        ? new IdempotencyBegin(IdempotencyStart.Replay, new StoredResponse(existing.StatusCode, existing.ContentType, existing.Location, existing.ETag, Unprotect(existing.Body)))
                        : new IdempotencyBegin(IdempotencyStart.InProgress);
            }

            if (existing is not null)
            {
                await db.WriteAsync(ct => db.IdempotencyKeys.Where(r => r.Key == scopedKey && r.ExpiresAt <= now).ExecuteDeleteAsync(ct), cancellationToken);
            }

            db.IdempotencyKeys.Add(new IdempotencyRecord
            {
                Key = scopedKey,
                RequestHash = requestHash,
                CreatedAt = now,
                ExpiresAt = now + options.Value.RetainFor,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await PurgeExpiredAsync(db, now, cancellationToken);
                return new IdempotencyBegin(IdempotencyStart.Started);
            }
            catch (DbUpdateException ex) when (errors.Classify(ex) == DatabaseErrorKind.Conflict)
            {
                // Another request claimed the key between our read and our insert: look again.
            }
        }

        return new IdempotencyBegin(IdempotencyStart.InProgress);
    }

    public async Task CompleteAsync(string scopedKey, StoredResponse response, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        var body = Protect(response.Body);
        await db.WriteAsync(ct => db.IdempotencyKeys.Where(r => r.Key == scopedKey).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.Completed, true)
                .SetProperty(r => r.StatusCode, response.StatusCode)
                .SetProperty(r => r.ContentType, response.ContentType)
                .SetProperty(r => r.Location, response.Location)
                .SetProperty(r => r.ETag, response.ETag)
                .SetProperty(r => r.Body, body),
            ct), cancellationToken);
    }

    private byte[] Protect(byte[] body) => System.Text.Encoding.UTF8.GetBytes(protection.Protect(Convert.ToBase64String(body)));

    private byte[] Unprotect(byte[]? stored) =>
        stored is null || stored.Length == 0 ? [] : Convert.FromBase64String(protection.Unprotect(System.Text.Encoding.UTF8.GetString(stored)));

    public async Task AbandonAsync(string scopedKey, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        await db.WriteAsync(ct => db.IdempotencyKeys.Where(r => r.Key == scopedKey && !r.Completed).ExecuteDeleteAsync(ct), cancellationToken);
    }

    /// <summary>Removes a few expired keys on the way; no scheduler is needed.</summary>
    private static async Task PurgeExpiredAsync(CaseCoordinationDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = await db.IdempotencyKeys.Where(r => r.ExpiresAt <= now).OrderBy(r => r.ExpiresAt).Select(r => r.Key).Take(100).ToListAsync(cancellationToken);
        if (expired.Count > 0)
        {
            await db.WriteAsync(ct => db.IdempotencyKeys.Where(r => expired.Contains(r.Key)).ExecuteDeleteAsync(ct), cancellationToken);
        }
    }
}
