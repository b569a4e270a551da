using Mediator;
using Microsoft.Extensions.Logging;

namespace CaseCoordination.Application.Common.Behaviours;

/// <summary>
/// Logs faults (not refusals) with the request's name. The exception is logged for operators; the
/// client only ever sees a generic problem response.
/// </summary>
public sealed class UnhandledExceptionBehaviour<TMessage, TResponse>(ILogger<UnhandledExceptionBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception ex) when (AccessLoggingBehaviour<TMessage, TResponse>.RefusalCode(ex) is null && ex is not OperationCanceledException)
        {
            logger.LogError("Request {RequestName} failed with {ExceptionType}", typeof(TMessage).Name, ex.GetType().FullName);
            throw;
        }
    }
}
