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
/// The access log of a request, and the one call to its unit of work's commit. After the handler, it
/// queues one access-log entry per touched resource and commits the act with them (<see cref="IUnitOfWork"/>).
/// When the act is refused, it discards every change and commits only the refused entry, so a refused
/// act changes nothing else.
/// </summary>
public sealed class AccessLoggingBehaviour<TMessage, TResponse>(
    IApplicationDbContext db,
    IUnitOfWork unitOfWork,
    AccessRecord record,
    ICurrentUser user,
    TimeProvider clock,
    IDatabaseErrors databaseErrors,
    Idempotency.IdempotencyContext idempotency) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        // The act of this Idempotency-Key committed before but its answer was lost: answer with its result (ADR 0018).
        // The replay was authorized and logged as one (RecordReplayedAnswer) before the request got here.
        if (idempotency.TryTakeRecovered<TResponse>(out var recovered))
        {
            return recovered;
        }

        var logged = message as IAccessLogged;
        try
        {
            var response = await next(message, cancellationToken);
            if (logged is not null)
            {
                await PlaceInRegionsAsync(AddAllowedEntries(logged), cancellationToken);
            }

            idempotency.ActSucceeded(response);
            await SaveAsync(message is IConditionalRequest { IfMatchVersion: not null }, cancellationToken);
            return response;
        }
        catch (Exception ex) when (logged is not null && RefusalCode(ex) is { } code)
        {
            idempotency.ActRefused();
            unitOfWork.Discard();
            var concerns = logged.AccessConcerns;
            var refused = Entry(logged.AccessAction, logged.AccessResourceType, logged.AccessResourceId, record.CaseId ?? concerns.CaseId, record.SubjectId ?? concerns.SubjectId, AccessOutcome.Refused, null, code);
            unitOfWork.AppendToAccessLog([refused]);
            await PlaceInRegionsAsync([refused], CancellationToken.None);
            await unitOfWork.CommitAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task SaveAsync(bool conditional, CancellationToken cancellationToken)
    {
        try
        {
            await unitOfWork.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw ConcurrencyConflictException.RaceLost(conditional);
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

    private List<AccessLogEntry> AddAllowedEntries(IAccessLogged logged)
    {
        var entries = record.Touched.Count == 0
            ? [Entry(logged.AccessAction, logged.AccessResourceType, logged.AccessResourceId, record.CaseId, record.SubjectId, AccessOutcome.Allowed, null, null)]
            : record.Touched.Select(t => Placed(Entry(logged.AccessAction, t.ResourceType, t.ResourceId, t.CaseId, t.SubjectId, AccessOutcome.Allowed, t.Basis, null), t)).ToList();
        unitOfWork.AppendToAccessLog(entries);
        return entries;

        static AccessLogEntry Placed(AccessLogEntry entry, TouchedResource touched)
        {
            if (touched.CaseId is not null && touched.RegionCode is { } region)
            {
                entry.PlaceInRegion(region);
            }

            return entry;
        }
    }

    /// <summary>Stamps each entry with its case's region, which decides which auditors see it.</summary>
    private async Task PlaceInRegionsAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        // Entries the handler already placed (it knew the case's region) need no lookup.
        entries = entries.Where(e => e.CaseId is not null && e.RegionCode is null).ToList();
        var caseIds = entries.Select(e => e.CaseId!.Value).Distinct().ToList();
        if (caseIds.Count == 0)
        {
            return;
        }

        // A case opened in this same unit of work is not in the database yet.
        var regions = db.Cases.Local.Where(c => caseIds.Contains(c.Id)).ToDictionary(c => c.Id, c => c.RegionCode);
        var stored = caseIds.Where(id => !regions.ContainsKey(id)).ToList();
        if (stored.Count > 0)
        {
            foreach (var c in await db.Cases.AsNoTracking().Where(c => stored.Contains(c.Id)).Select(c => new { c.Id, c.RegionCode }).ToListAsync(cancellationToken))
            {
                regions[c.Id] = c.RegionCode;
            }
        }
        foreach (var entry in entries)
        {
            if (entry.CaseId is { } id && regions.TryGetValue(id, out var region))
            {
                entry.PlaceInRegion(region);
            }
        }
    }

    private AccessLogEntry Entry(string action, string resourceType, Guid? resourceId, Guid? caseId, Guid? subjectId, AccessOutcome outcome, string? basis, string? refusal) =>
        new(clock.GetUtcNow(), user.UserId, user.AgencyId, user.Role, user.CallingSystem, action, resourceType, resourceId, caseId, subjectId, outcome, basis, refusal);

    /// <summary>The stable code of a refusal, or null when the exception is not a refusal but a fault.</summary>
    internal static string? RefusalCode(Exception ex) =>
        ex is CaseCoordination.Domain.Common.RefusalException refusal ? refusal.Code
        // FluentValidation's type is the one refusal that is not a RefusalException (ADR 0024).
        : ex is FluentValidation.ValidationException ? "invalid-request"
        : null;
}
