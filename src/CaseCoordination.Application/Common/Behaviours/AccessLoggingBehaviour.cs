using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Common.Behaviours;

/// <summary>
/// The unit of work and the access log in one place. After the handler, it adds one access-log entry
/// per touched resource and commits everything in a single transaction. When the act is refused, it
/// discards every change and commits only the refused entry, so a refused act changes nothing else.
/// </summary>
public sealed class AccessLoggingBehaviour<TMessage, TResponse>(
    IApplicationDbContext db,
    AccessRecord record,
    ICurrentUser user,
    TimeProvider clock,
    IDatabaseErrors databaseErrors) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var logged = message as IAccessLogged;
        try
        {
            var response = await next(message, cancellationToken);
            if (logged is not null)
            {
                AddAllowedEntries(logged);
            }

            await SaveAsync(message is IConditionalRequest { IfMatchVersion: not null }, cancellationToken);
            return response;
        }
        catch (Exception ex) when (logged is not null && RefusalCode(ex) is { } code)
        {
            db.DiscardChanges();
            var caseId = record.CaseId ?? (logged.AccessResourceType == "case" ? logged.AccessResourceId : null);
            db.AccessLog.Add(Entry(logged.AccessAction, logged.AccessResourceType, logged.AccessResourceId, caseId, record.SubjectId, AccessOutcome.Refused, null, code));
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task SaveAsync(bool conditional, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw conditional ? new PreconditionFailedException(-1) : new ConcurrencyConflictException();
        }
        catch (DbUpdateException ex) when (databaseErrors.Classify(ex) == DatabaseErrorKind.Conflict)
        {
            throw new ConcurrencyConflictException();
        }
        catch (DbUpdateException ex) when (databaseErrors.Classify(ex) == DatabaseErrorKind.Busy)
        {
            throw new DatabaseBusyException();
        }
    }

    private void AddAllowedEntries(IAccessLogged logged)
    {
        if (record.Touched.Count == 0)
        {
            db.AccessLog.Add(Entry(logged.AccessAction, logged.AccessResourceType, logged.AccessResourceId, record.CaseId, record.SubjectId, AccessOutcome.Allowed, null, null));
            return;
        }

        foreach (var t in record.Touched)
        {
            db.AccessLog.Add(Entry(logged.AccessAction, t.ResourceType, t.ResourceId, t.CaseId, t.SubjectId, AccessOutcome.Allowed, t.Basis, null));
        }
    }

    private AccessLogEntry Entry(string action, string resourceType, Guid? resourceId, Guid? caseId, Guid? subjectId, AccessOutcome outcome, string? basis, string? refusal) =>
        new(clock.GetUtcNow(), user.UserId, user.AgencyId, user.Role, user.CallingSystem, action, resourceType, resourceId, caseId, subjectId, outcome, basis, refusal);

    /// <summary>The stable code of a refusal, or null when the exception is not a refusal but a fault.</summary>
    internal static string? RefusalCode(Exception ex) => ex switch
    {
        NotFoundException => "not-found",
        ForbiddenAccessException f => f.Code,
        DomainException d => d.Code,
        UnprocessableException u => u.Code,
        ValidationException => "invalid-request",
        PreconditionFailedException => "precondition-failed",
        PreconditionRequiredException => "precondition-required",
        ConcurrencyConflictException => "concurrency-conflict",
        _ => null,
    };
}
