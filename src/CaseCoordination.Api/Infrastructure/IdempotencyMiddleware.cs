using System.Security.Cryptography;
using System.Text;
using CaseCoordination.Application.Common.Idempotency;
using CaseCoordination.Application.Common.Interfaces;
using Microsoft.AspNetCore.Mvc;

namespace CaseCoordination.Api.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on every creating or transitioning POST, as api.md says: the same key and
/// body get the first answer again and change nothing; the same key with another body is 422; two at
/// once: one runs, the other gets 409. Keys are scoped to the caller (user and agency), so two
/// agencies' systems can never collide or replay each other's answers.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    public async Task InvokeAsync(HttpContext context, IIdempotencyStore store)
    {
        var key = context.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || string.IsNullOrEmpty(key) || context.User.Identity?.IsAuthenticated != true
            || !context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        if (key.Length > MaxKeyLength)
        {
            await WriteProblem(context, 400, "invalid-idempotency-key", $"The Idempotency-Key must be at most {MaxKeyLength} characters.");
            return;
        }

        var scopedKey = Sha256Hex($"{context.User.FindFirst(ClaimNames.Subject)?.Value}\n{context.User.FindFirst(ClaimNames.AgencyId)?.Value}\n{key}");
        var requestHash = await HashRequestAsync(context.Request);
        IdempotencyBegin begin;
        try
        {
            begin = await store.BeginAsync(scopedKey, requestHash, context.RequestAborted);
        }
        catch (System.Data.Common.DbException)
        {
            await WriteProblem(context, 503, "database-unavailable", "The database does not answer; try again later.");
            return;
        }

        switch (begin.Outcome)
        {
            case IdempotencyStart.Mismatch:
                await WriteProblem(context, 422, "idempotency-key-reused", "This Idempotency-Key was used with another request; use a new key for a new request.");
                return;
            case IdempotencyStart.InProgress:
                await WriteProblem(context, 409, "idempotency-key-in-progress", "A request with this Idempotency-Key is being handled; retry later to get its answer.");
                return;
            case IdempotencyStart.Replay:
            case IdempotencyStart.Recover:
                try
                {
                    // The replay is a read of what the original act touched: the caller must still be allowed.
                    await context.RequestServices.GetRequiredService<Mediator.ISender>()
                        .Send(new RecordReplayedAnswer(begin.Logged ?? []), context.RequestAborted);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await ProblemWriter.WriteAsync(context, ProblemDetailsExceptionHandler.Map(ex));
                    if (begin.Outcome == IdempotencyStart.Recover)
                    {
                        await store.AbandonAsync(scopedKey, begin.LeaseToken, CancellationToken.None);
                    }

                    return;
                }

                if (begin.Outcome == IdempotencyStart.Replay)
                {
                    await Replay(context, begin.Response!);
                    return;
                }

                // The act committed but its answer was lost (ADR 0018): the request runs again with the act
                // answered from its committed result, so the endpoint shapes the same answer as the first time.
                context.RequestServices.GetRequiredService<IdempotencyContext>().Recover(begin.Result!);
                context.Response.Headers["Idempotent-Replayed"] = "true";
                break;
        }

        context.RequestServices.GetRequiredService<IdempotencyContext>().Hold(scopedKey, begin.LeaseToken);
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var completed = false;
        try
        {
            await next(context);
            if (context.Response.StatusCode < 500)
            {
                var response = new StoredResponse(
                    context.Response.StatusCode,
                    context.Response.ContentType,
                    context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                    context.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
                    buffer.ToArray());
                completed = await store.CompleteAsync(scopedKey, begin.LeaseToken, response, CancellationToken.None);
                if (!completed)
                {
                    // This request outlived its lease and another took the key over: its act was undone at
                    // its commit (or changed nothing), and the other request's answer is the key's answer.
                    completed = true;
                    buffer.SetLength(0);
                    context.Response.Headers.Location = default;
                    context.Response.Headers.ETag = default;
                    context.Response.Headers.Remove("Idempotent-Replayed");
                    await WriteProblem(context, 409, "idempotency-key-in-progress", "A request with this Idempotency-Key is being handled; retry later to get its answer.");
                }
            }
        }
        finally
        {
            if (!completed)
            {
                await store.AbandonAsync(scopedKey, begin.LeaseToken, CancellationToken.None);
            }

            context.Response.Body = original;
            buffer.Position = 0;
            await buffer.CopyToAsync(original, CancellationToken.None);
        }
    }

    private static async Task Replay(HttpContext context, StoredResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        if (response.Location is not null)
        {
            context.Response.Headers.Location = response.Location;
        }

        if (response.ETag is not null)
        {
            context.Response.Headers.ETag = response.ETag;
        }

        context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            sha.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static ValueTask WriteProblem(HttpContext context, int status, string code, string detail) =>
        ProblemWriter.WriteAsync(context, ProblemDetailsExceptionHandler.Problem(status, code, status == 409 ? "Conflict" : "The request is not valid", detail));
}
