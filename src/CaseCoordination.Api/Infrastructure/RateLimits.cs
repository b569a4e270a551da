using System.Globalization;
using System.Threading.RateLimiting;
using CaseCoordination.Application.Common.Interfaces;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Api.Infrastructure;

/// <summary>Requests per window for each calling agency and each user (api.md; OWASP API4). Configuration section <c>RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests one user may make in any window.</summary>
    public int PerUser { get; set; } = 600;

    /// <summary>Requests all users of one agency together may make in any window.</summary>
    public int PerAgency { get; set; } = 6_000;

    /// <summary>The window's length in seconds; it slides (ADR 0021).</summary>
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// Wires the limits into ASP.NET Core's rate limiting middleware (ADR 0021): <see cref="CallerRateLimiter"/>
/// is its global limiter, and a refusal is answered here with the 429 <c>rate-limited</c> problem and
/// <c>Retry-After</c> taken from the refusing limiter's lease.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddCallerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<CallerRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<CallerRateLimiter, ILogger<CallerRateLimiter>>((options, limiter, logger) =>
            {
                options.GlobalLimiter = limiter;
                options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                options.OnRejected = (rejected, _) => Refuse(rejected, logger);
            });
        return services;
    }

    private static async ValueTask Refuse(OnRejectedContext rejected, ILogger logger)
    {
        var context = rejected.HttpContext;
        var policy = rejected.Lease.TryGetMetadata(CallerRateLimiter.PolicyMetadata, out var name) && name is not null ? name : CallerRateLimiter.PerUser;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.Zero;
        RateLimitLog.Refused(logger, policy, context.Request.Method, context.Request.Path.Value ?? string.Empty);
        context.Response.Headers.RetryAfter = CallerRateLimiter.WholeSeconds(wait, atLeast: 1).ToString(CultureInfo.InvariantCulture);
        await ProblemWriter.WriteAsync(context, ProblemDetailsExceptionHandler.Problem(
            StatusCodes.Status429TooManyRequests,
            "rate-limited",
            "Too many requests",
            policy == CallerRateLimiter.PerUser
                ? "This user has made too many requests in the last window; try again after Retry-After seconds."
                : "This agency has made too many requests in the last window; try again after Retry-After seconds."));
    }
}

/// <summary>
/// The global limiter of the rate limiting middleware: each authenticated request is counted against
/// its agency (<c>agency_id</c>) and then its user (<c>sub</c>) by <see cref="PartitionedRateLimiter.CreateChained{TResource}"/>
/// of two partitioned limiters, each partition a <see cref="ClockSlidSlidingWindow"/> (the framework's
/// sliding window, slid by <see cref="TimeProvider"/>). Anonymous requests (health checks, a missing
/// token: 401) fall in a no-limit partition and are not counted. Every counted answer carries the
/// draft IETF <c>RateLimit-Policy</c> and <c>RateLimit</c> headers of the tighter limit (of the refusing
/// one on a 429), set here where the request is counted. Limits hold per API instance (ADR 0017).
/// </summary>
public sealed class CallerRateLimiter : PartitionedRateLimiter<HttpContext>
{
    public const string PerUser = "per-user";
    public const string PerAgency = "per-agency";

    /// <summary>Names the limit that refused a request, on the refused lease.</summary>
    public static readonly MetadataName<string> PolicyMetadata = MetadataName.Create<string>("CASE_COORDINATION_RATE_LIMIT_POLICY");

    private static readonly object RefusalKey = new();
    private const string Uncounted = "";

    private readonly PartitionedRateLimiter<HttpContext> _byAgency;
    private readonly PartitionedRateLimiter<HttpContext> _byUser;
    private readonly PartitionedRateLimiter<HttpContext> _chain;
    private readonly int _windowSeconds;

    public CallerRateLimiter(IOptions<RateLimitOptions> options, TimeProvider clock)
    {
        var limits = options.Value;
        _windowSeconds = Math.Max(1, limits.WindowSeconds);
        var window = TimeSpan.FromSeconds(_windowSeconds);
        _byAgency = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(
            Caller(context) is { } caller && caller.AgencyId is { } agency ? agency.ToString("N") : Uncounted,
            () => new ClockSlidSlidingWindow(PerAgency, limits.PerAgency, window, clock)));
        _byUser = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(
            Caller(context)?.UserId ?? Uncounted,
            () => new ClockSlidSlidingWindow(PerUser, limits.PerUser, window, clock)));
        // The agency first: a request the user's limit refuses has still counted against the agency (a
        // user cannot hide a flood from the agency's limit), one the agency's limit refuses does not use
        // up the user's own.
        _chain = PartitionedRateLimiter.CreateChained(_byAgency, _byUser);
    }

    /// <summary>The caller whose requests are counted, or null for an anonymous request.</summary>
    private static ICurrentUser? Caller(HttpContext context)
    {
        var user = context.RequestServices.GetRequiredService<ICurrentUser>();
        return user.IsAuthenticated && user.UserId is { Length: > 0 } ? user : null;
    }

    private static RateLimitPartition<string> Partition(string key, Func<RateLimiter> limiter) =>
        key.Length == 0 ? RateLimitPartition.GetNoLimiter(key) : RateLimitPartition.Get(key, _ => limiter());

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => _chain.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        var lease = _chain.AttemptAcquire(resource, permitCount);
        if (Caller(resource) is null)
        {
            return lease;
        }

        var refusedBy = lease.IsAcquired ? null : lease.TryGetMetadata(PolicyMetadata, out var name) ? name : PerUser;
        var byUser = _byUser.GetStatistics(resource) as WindowStatistics;
        var byAgency = _byAgency.GetStatistics(resource) as WindowStatistics;
        var shown = refusedBy switch
        {
            PerAgency => byAgency,
            PerUser => byUser,
            _ => byAgency is not null && byUser is not null && byAgency.CurrentAvailablePermits < byUser.CurrentAvailablePermits ? byAgency : byUser,
        };
        if (shown is not null)
        {
            var policy = $"\"{shown.Policy}\";q={shown.PermitLimit};w={_windowSeconds}";
            var state = $"\"{shown.Policy}\";r={shown.CurrentAvailablePermits};t={WholeSeconds(shown.MoreIn, atLeast: 0)}";

            // Set when the answer starts, not now: the exception handler clears the headers before it
            // writes a problem, and every counted answer — a 404 or a 409 too — carries them.
            var response = resource.Response;
            response.OnStarting(() =>
            {
                response.Headers["RateLimit-Policy"] = policy;
                response.Headers["RateLimit"] = state;
                return Task.CompletedTask;
            });
        }

        if (!lease.IsAcquired)
        {
            resource.Items[RefusalKey] = lease;
        }

        return lease;
    }

    /// <summary>
    /// The middleware asks to wait when an attempt is refused; these limits never queue, and a second
    /// attempt through the chain would count the request against the agency twice, so the answer is the
    /// attempt's refusal.
    /// </summary>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(resource.Items.TryGetValue(RefusalKey, out var refused) && refused is RateLimitLease lease
            ? lease
            : AttemptAcquireCore(resource, permitCount));

    internal static long WholeSeconds(TimeSpan time, int atLeast) => Math.Max(atLeast, (long)Math.Ceiling(time.TotalSeconds));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chain.Dispose();
            _byUser.Dispose();
            _byAgency.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A partition's statistics, with what the headers need besides the remaining permits.</summary>
public sealed class WindowStatistics : RateLimiterStatistics
{
    public required string Policy { get; init; }

    public required int PermitLimit { get; init; }

    /// <summary>Until the oldest requests still counted leave the window and give their permits back (zero when none is counted).</summary>
    public required TimeSpan MoreIn { get; init; }
}

/// <summary>
/// One partition's limit: the framework's <see cref="SlidingWindowRateLimiter"/> counts, and the injected
/// <see cref="TimeProvider"/> slides it (ADR 0021). The framework's limiter reads
/// <c>Stopwatch.GetTimestamp()</c> itself and slides one segment per <see cref="ReplenishingRateLimiter.TryReplenish"/>
/// only once its replenishment period (<c>Window / SegmentsPerWindow</c>) has passed on that stopwatch,
/// also with <c>AutoReplenishment = false</c>; no option takes a <see cref="TimeProvider"/>. So it is built
/// with a window shorter than one tick per segment: its period is zero, its stopwatch check never holds
/// a slide back, and each <c>TryReplenish</c> slides exactly one segment. Before each use, this class
/// slides it once per segment boundary the clock has passed since. It is a plain <see cref="RateLimiter"/>,
/// not a <see cref="ReplenishingRateLimiter"/>, so that the partitioned limiter's 100 ms heartbeat never
/// slides it. Beside the counts it keeps one bit per segment (is any request counted there?), to tell
/// when permits come back: the framework's refused sliding-window lease carries no retry-after.
/// </summary>
public sealed class ClockSlidSlidingWindow : RateLimiter
{
    private const int MaxSegments = 60;

    // Never disposed: it holds no timer (AutoReplenishment is off) and no queue (QueueLimit is 0), and a
    // request racing the partitioned limiter's removal of an idle partition is then counted there
    // instead of failing on a disposed limiter.
    private readonly SlidingWindowRateLimiter _window;
    private readonly TimeProvider _clock;
    private readonly string _policy;
    private readonly int _limit;
    private readonly int _segments;
    private readonly long _segmentLength;
    private readonly Lock _gate = new();
    private long _segment;
    private ulong _holding;
    private long _emptySince;

    public ClockSlidSlidingWindow(string policy, int limit, TimeSpan window, TimeProvider clock)
    {
        _policy = policy;
        _limit = Math.Max(1, limit);
        _clock = clock;
        _segments = (int)Math.Clamp(window.TotalSeconds, 1, MaxSegments);
        _segmentLength = Math.Max(1, (long)(window.TotalSeconds * clock.TimestampFrequency / _segments));
        _window = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = _limit,
            SegmentsPerWindow = _segments,
            Window = TimeSpan.FromTicks(1),
            AutoReplenishment = false,
            QueueLimit = 0,
        });
        if (_window.ReplenishmentPeriod != TimeSpan.Zero)
        {
            throw new InvalidOperationException("The sliding window's replenishment period must be zero for the TimeProvider to slide it (ADR 0021).");
        }

        var now = clock.GetTimestamp();
        _segment = now / _segmentLength;
        _emptySince = now;
    }

    /// <summary>Idle (the partitioned limiter may drop it) once no request is counted in its window any more.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = Slide();
                return _holding == 0 ? _clock.GetElapsedTime(_emptySince, now) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            var now = Slide();
            var counted = _window.GetStatistics()!;
            return new WindowStatistics
            {
                Policy = _policy,
                PermitLimit = _limit,
                MoreIn = MoreIn(now),
                CurrentAvailablePermits = counted.CurrentAvailablePermits,
                CurrentQueuedCount = counted.CurrentQueuedCount,
                TotalFailedLeases = counted.TotalFailedLeases,
                TotalSuccessfulLeases = counted.TotalSuccessfulLeases,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            var now = Slide();
            var lease = _window.AttemptAcquire(permitCount);
            if (!lease.IsAcquired)
            {
                return new Refused(_policy, MoreIn(now));
            }

            if (permitCount > 0)
            {
                _holding |= Bit(_segment);
            }

            return lease;
        }
    }

    /// <summary>These limits never queue: waiting is attempting now.</summary>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>Slides the window once per segment boundary the clock has passed (at most a whole window: then all is slid out).</summary>
    private long Slide()
    {
        var now = _clock.GetTimestamp();
        var segment = now / _segmentLength;
        if (segment <= _segment)
        {
            return now;
        }

        var held = _holding != 0;
        for (var step = 1L; step <= Math.Min(segment - _segment, _segments); step++)
        {
            _window.TryReplenish();
            _holding &= ~Bit(_segment + step);
        }

        _segment = segment;
        if (held && _holding == 0)
        {
            _emptySince = now;
        }

        return now;
    }

    /// <summary>Until the oldest segment still holding requests leaves the window.</summary>
    private TimeSpan MoreIn(long now)
    {
        for (var oldest = _segment - _segments + 1; oldest <= _segment; oldest++)
        {
            if ((_holding & Bit(oldest)) != 0)
            {
                return TimeSpan.FromSeconds((double)((oldest + _segments) * _segmentLength - now) / _clock.TimestampFrequency);
            }
        }

        return TimeSpan.Zero;
    }

    private ulong Bit(long segment) => 1UL << (int)(((segment % _segments) + _segments) % _segments);

    private sealed class Refused(string policy, TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name, CallerRateLimiter.PolicyMetadata.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter
                : metadataName == CallerRateLimiter.PolicyMetadata.Name ? policy
                : null;
            return metadata is not null;
        }
    }
}

internal static partial class RateLimitLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit {Policy} reached: {Method} {Path} refused with 429")]
    public static partial void Refused(ILogger logger, string policy, string method, string path);
}
