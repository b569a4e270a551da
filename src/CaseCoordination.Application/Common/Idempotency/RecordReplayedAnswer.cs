using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;
using Mediator;

namespace CaseCoordination.Application.Common.Idempotency;

/// <summary>
/// A retried request answered from the idempotency store: the answer may carry personal data, so the
/// replay is logged as a read of what the original act touched — each resource its access-log entries
/// named, with the case, the person, the region and the basis (<paramref name="Logged"/>, stored with the
/// key by the act's own commit). A replay refused here (the caller's agency has left since, say) names
/// the first of them, so a person's access report lists the refused attempt too. A replayed answer whose
/// act never committed (a refusal: a problem, which names no one) names nothing.
/// </summary>
[Authorize(Role.Caseworker, Role.Coordinator, Role.Auditor, Role.Admin)]
public sealed record RecordReplayedAnswer(IReadOnlyList<LoggedResource> Logged) : ICommand<Unit>, IAccessLogged
{
    string IAccessLogged.AccessAction => "request.replay";
    string IAccessLogged.AccessResourceType => Logged.Count > 0 ? Logged[0].ResourceType : "request";
    Guid? IAccessLogged.AccessResourceId => Logged.Count > 0 ? Logged[0].ResourceId : null;
    (Guid? CaseId, Guid? SubjectId) IAccessLogged.AccessConcerns => Logged.Count > 0 ? (Logged[0].CaseId, Logged[0].SubjectId) : (null, null);
}

/// <summary>
/// What one access-log entry of an act named: resource, case, person (the pseudonymous subject id),
/// the case's region and the basis — ids and codes, no personal data. Kept with the act's
/// Idempotency-Key so that a replay of its answer names the same.
/// </summary>
public sealed record LoggedResource(string ResourceType, Guid? ResourceId, Guid? CaseId, Guid? SubjectId, string? RegionCode, string? Basis)
{
    public static LoggedResource Of(AccessLogEntry entry) => new(entry.ResourceType, entry.ResourceId, entry.CaseId, entry.SubjectId, entry.RegionCode, entry.Basis);
}

public sealed class RecordReplayedAnswerHandler(AccessRecord record) : ICommandHandler<RecordReplayedAnswer, Unit>
{
    public ValueTask<Unit> Handle(RecordReplayedAnswer command, CancellationToken cancellationToken)
    {
        foreach (var logged in command.Logged)
        {
            if (logged is { ResourceId: { } id, Basis: { } basis })
            {
                record.Touch(logged.ResourceType, id, logged.CaseId, logged.SubjectId, basis, logged.RegionCode);
            }
            else
            {
                // The act's one entry named no resource it touched: the replay's one entry names the same case and person.
                record.Concerns(logged.CaseId, logged.SubjectId);
            }
        }

        return ValueTask.FromResult(Unit.Value);
    }
}
