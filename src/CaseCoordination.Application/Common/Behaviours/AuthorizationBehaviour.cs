using System.Collections.Concurrent;
using System.Reflection;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using Mediator;

namespace CaseCoordination.Application.Common.Behaviours;

/// <summary>Refuses a request whose <see cref="AuthorizeAttribute"/> does not name the caller's role (HTTP 403).</summary>
public sealed class AuthorizationBehaviour<TMessage, TResponse>(ICurrentUser user) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly ConcurrentDictionary<Type, AuthorizeAttribute?> Attributes = new();

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var attribute = Attributes.GetOrAdd(message.GetType(), t => t.GetCustomAttribute<AuthorizeAttribute>());
        if (attribute is null)
        {
            throw new InvalidOperationException($"{message.GetType().Name} declares no [Authorize]; every request must say who may send it.");
        }

        if (!user.IsAuthenticated || user.Role is not { } role || !attribute.Roles.Contains(role))
        {
            throw new ForbiddenAccessException("role-not-allowed", "The caller's role may not do this.");
        }

        if (role == Domain.Common.Role.Caseworker && user.AgencyId is null)
        {
            throw new ForbiddenAccessException("agency-required", "A caseworker's token must name the agency (claim agency_id).");
        }

        return next(message, cancellationToken);
    }
}
