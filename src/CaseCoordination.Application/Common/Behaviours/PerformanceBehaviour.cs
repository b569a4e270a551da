using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Application.Common.Behaviours;

public sealed class DiagnosticsOptions
{
    public const string Section = "Diagnostics";

    /// <summary>Requests slower than this are logged as warnings.</summary>
    public int SlowRequestThresholdMilliseconds { get; set; } = 500;
}

/// <summary>Warns about slow requests, with the request's name and duration only.</summary>
public sealed class PerformanceBehaviour<TMessage, TResponse>(
    ILogger<PerformanceBehaviour<TMessage, TResponse>> logger,
    IOptions<DiagnosticsOptions> options) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(message, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed.TotalMilliseconds > options.Value.SlowRequestThresholdMilliseconds)
        {
            logger.LogWarning("Slow request {RequestName} took {ElapsedMilliseconds} ms", typeof(TMessage).Name, (long)elapsed.TotalMilliseconds);
        }

        return response;
    }
}
