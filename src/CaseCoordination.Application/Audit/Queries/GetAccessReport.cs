using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Audit.Queries;

/// <summary>
/// A person's access report: every agency and user that read or changed the person's data, when and on
/// which basis; refused attempts listed apart. Like the log extract Swedish patient-data law gives patients.
/// </summary>
[Authorize(Role.Auditor)]
public sealed record GetAccessReport(Guid SubjectId) : IQuery<AccessReport>, IAccessLogged
{
    string IAccessLogged.AccessAction => "audit.access-report";
    string IAccessLogged.AccessResourceType => "subject";
    Guid? IAccessLogged.AccessResourceId => SubjectId;
}

public sealed class GetAccessReportHandler(IApplicationDbContext db, ICurrentUser user, AccessRecord record) : IQueryHandler<GetAccessReport, AccessReport>
{
    public async ValueTask<AccessReport> Handle(GetAccessReport query, CancellationToken cancellationToken)
    {
        user.RequireRegionScope();
        var person = await db.Cases.Where(c => c.Person.SubjectId == query.SubjectId).Select(c => new { c.Id, c.RegionCode }).SingleOrDefaultAsync(cancellationToken);
        if (person is null || !user.RegionCovers(person.RegionCode))
        {
            throw new NotFoundException("person");
        }

        record.Concerns(person.Id, query.SubjectId);
        var entries = await db.AccessLog.AsNoTracking().Where(e => e.SubjectId == query.SubjectId && !e.Action.StartsWith("audit."))
            .OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var allowed = entries.Where(e => e.Outcome == AccessOutcome.Allowed).ToList();
        var agencies = allowed.GroupBy(e => e.AgencyId)
            .Select(g => new AgencyAccessSummary(g.Key, g.Count(), g.Min(e => e.At), g.Max(e => e.At)))
            .OrderBy(a => a.First).ToList();
        record.Touch("subject", query.SubjectId, person.Id, query.SubjectId, "auditor-region");
        return new AccessReport(
            query.SubjectId,
            agencies,
            allowed.Select(AccessLogEntryDto.From).ToList(),
            entries.Where(e => e.Outcome == AccessOutcome.Refused).Select(AccessLogEntryDto.From).ToList());
    }
}
