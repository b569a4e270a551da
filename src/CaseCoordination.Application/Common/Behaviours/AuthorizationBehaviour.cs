using System.Collections.Concurrent;
using System.Reflection;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Common.Behaviours;

/// <summary>Refuses a request whose <see cref="AuthorizeAttribute"/> does not name the caller's role (HTTP 403).</summary>
public sealed class AuthorizationBehaviour<TMessage, TResponse>(ICurrentUser user, IApplicationDbContext db, IUnitOfWork unitOfWork) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly ConcurrentDictionary<Type, AuthorizeAttribute?> Attributes = new();

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var attribute = Attributes.GetOrAdd(message.GetType(), t => t.GetCustomAttribute<AuthorizeAttribute>());
        if (attribute is null)
        {
            throw new InvalidOperationException($"{message.GetType().Name} declares no [Authorize]; every request must say who may send it.");
        }

        if (attribute.Anonymous && !user.IsAuthenticated)
        {
            return await next(message, cancellationToken);
        }

        if (!user.IsAuthenticated || user.Role is not { } role || !attribute.Roles.Contains(role))
        {
            throw new ForbiddenAccessException("role-not-allowed", "The caller's role may not do this.");
        }

        if (role == Domain.Common.Role.Caseworker)
        {
            if (user.AgencyId is not { } agencyId)
            {
                throw new ForbiddenAccessException("agency-required", "A caseworker's token must name the agency (claim agency_id).");
            }

            // The token names an agency; it must be one that takes part in the cooperation now — and, for
            // an act, still when the act commits: an agency that leaves commits nothing of its caseworkers
            // after it left, nor takes on a case while it leaves (ADR 0020).
            var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agencyId, cancellationToken);
            if (agency is not { Active: true })
            {
                throw new ForbiddenAccessException("agency-not-active", "The agency in the token does not take part in the cooperation.");
            }

            if (message is IBaseCommand)
            {
                unitOfWork.ReliesOn(agency);
            }
        }

        return await next(message, cancellationToken);
    }
}
