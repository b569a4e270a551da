using System.Collections.Concurrent;
using System.Globalization;
using CaseCoordination.Application.Common.Interfaces;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Api.Infrastructure;

/// <summary>Requests per window for each calling agency and each user (api.md; OWASP API4). Configuration section <c>RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests one user may make per window.</summary>
    public int PerUser { get; set; } = 600;

    /// <summary>Requests all users of one agency together may make per window.</summary>
    public int PerAgency { get; set; } = 6_000;

    /// <summary>The window's length in seconds (fixed windows aligned to the clock).</summary>
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// Counts each authenticated request against its user and its agency in fixed windows (from
/// <see cref="TimeProvider"/>), and answers 429 <c>rate-limited</c> with <c>Retry-After</c> when either is
/// spent. Every counted answer carries the draft IETF <c>RateLimit-Policy</c> and <c>RateLimit</c> headers
/// of the tighter of the two. Anonymous requests (health checks, a missing token: 401) are not counted.
/// Limits hold per API instance: behind a balancer that spreads a caller over N instances, a caller
/// gets up to N times the limit. A refused request is not written to the access log (it names no
/// resource, and writing one entry per refused request would turn a flood into database writes); it is
/// logged without personal data.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, IOptionsMonitor<RateLimitOptions> options, TimeProvider clock, ILogger<RateLimitMiddleware> logger)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _sweptWindow = long.MinValue;

    public async Task InvokeAsync(HttpContext context, ICurrentUser user, IProblemDetailsService problems)
    {
        if (!user.IsAuthenticated || user.UserId is not { Length: > 0 } userId)
        {
            await next(context);
            return;
        }

        var limits = options.CurrentValue;
        var window = Math.Max(1, limits.WindowSeconds);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var start = now - (now % window);
        var reset = (int)(start + window - now);
        var byUser = Count("user:" + userId, start, limits.PerUser);
        var byAgency = user.AgencyId is { } agency ? Count("agency:" + agency.ToString("N"), start, limits.PerAgency) : (Remaining: int.MaxValue, Limit: int.MaxValue);
        var (policy, tighter) = byAgency.Remaining < byUser.Remaining ? ("per-agency", byAgency) : ("per-user", byUser);
        context.Response.Headers["RateLimit-Policy"] = $"\"{policy}\";q={tighter.Limit};w={window}";
        context.Response.Headers["RateLimit"] = $"\"{policy}\";r={Math.Max(0, tighter.Remaining)};t={reset}";
        if (tighter.Remaining >= 0)
        {
            await next(context);
            return;
        }

        RateLimitLog.Refused(logger, policy, context.Request.Method, context.Request.Path.Value ?? string.Empty);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = reset.ToString(CultureInfo.InvariantCulture);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ProblemDetailsExceptionHandler.Problem(
                StatusCodes.Status429TooManyRequests,
                "rate-limited",
                "Too many requests",
                policy == "per-user"
                    ? "This user has made too many requests in the current window; try again after Retry-After seconds."
                    : "This agency has made too many requests in the current window; try again after Retry-After seconds."),
        });
    }

    /// <summary>Counts one request in the key's current window; the remaining count is negative once it is spent.</summary>
    private (int Remaining, int Limit) Count(string key, long windowStart, int limit)
    {
        SweepOnce(windowStart);
        var window = _windows.AddOrUpdate(key, _ => new Window(windowStart), (_, w) => w.Start == windowStart ? w : new Window(windowStart));
        var used = Interlocked.Increment(ref window.Used);
        return (limit - used, limit);
    }

    /// <summary>Once per new window (not per request), drops the counters of earlier windows.</summary>
    private void SweepOnce(long windowStart)
    {
        var swept = Interlocked.Read(ref _sweptWindow);
        if (swept >= windowStart || Interlocked.CompareExchange(ref _sweptWindow, windowStart, swept) != swept)
        {
            return;
        }

        foreach (var (key, w) in _windows)
        {
            if (w.Start < windowStart)
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed class Window(long start)
    {
        public long Start { get; } = start;

        public int Used;
    }
}

internal static partial class RateLimitLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit {Policy} reached: {Method} {Path} refused with 429")]
    public static partial void Refused(ILogger logger, string policy, string method, string path);
}
