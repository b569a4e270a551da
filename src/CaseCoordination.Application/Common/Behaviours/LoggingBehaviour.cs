using CaseCoordination.Application.Common.Interfaces;
using Mediator;
using Microsoft.Extensions.Logging;

namespace CaseCoordination.Application.Common.Behaviours;

/// <summary>
/// Logs which request ran for which user and agency. Never the request's content: it may hold names,
/// identity numbers or free text.
/// </summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger, ICurrentUser user)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        logger.LogInformation("Handling {RequestName} for user {UserId} of agency {AgencyId} as {Role}", typeof(TMessage).Name, user.UserId, user.AgencyId, user.Role);
        return next(message, cancellationToken);
    }
}
