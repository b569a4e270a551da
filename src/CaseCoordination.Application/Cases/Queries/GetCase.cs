using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Signals;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Cases.Queries;

/// <summary>One case, as the caller's agency may see it; 404 when the agency is not party to it.</summary>
[Authorize(Role.Caseworker)]
public sealed record GetCase(Guid CaseId) : IQuery<CaseDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "case.read";
    string IAccessLogged.AccessResourceType => "case";
    Guid? IAccessLogged.AccessResourceId => CaseId;
}

public sealed class GetCaseHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : IQueryHandler<GetCase, CaseDto>
{
    public async ValueTask<CaseDto> Handle(GetCase query, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        record.Concerns(query.CaseId, null);
        var @case = await db.Cases.AsNoTracking().VisibleTo(db, agencyId).SingleOrDefaultAsync(c => c.Id == query.CaseId, cancellationToken) ??
            throw await db.RefuseCaseAsync(record, query.CaseId, cancellationToken);
        var now = clock.GetUtcNow();
        var visibility = await db.VisibilityAsync(@case, agencyId, now, cancellationToken);
        record.Touch("case", @case.Id, @case.Id, @case.Person.SubjectId, visibility.Basis, @case.RegionCode);

        // Whether a child-protection report went to social services is shown for a child only; signals
        // are shown for open cases only (a closed case carries its justification instead).
        bool? covered = @case.Person.IsChildOn(DateOnly.FromDateTime(now.UtcDateTime)) == true
            ? (await db.ChildProtectionCoveredAsync([@case.Id], cancellationToken)).Contains(@case.Id)
            : null;
        var open = await db.OpenOnCasesAsync([@case.Id], now, cancellationToken);
        return CaseDto.For(@case, visibility.Categories, now, covered, open[@case.Id].ToList());
    }
}

/// <summary>The case's events, oldest first (coordination data: every party sees it).</summary>
[Authorize(Role.Caseworker)]
public sealed record GetCaseTimeline(Guid CaseId) : IQuery<IReadOnlyList<TimelineEntryDto>>, IAccessLogged
{
    string IAccessLogged.AccessAction => "case.timeline.read";
    string IAccessLogged.AccessResourceType => "case";
    Guid? IAccessLogged.AccessResourceId => CaseId;
}

public sealed class GetCaseTimelineHandler(IApplicationDbContext db, ICurrentUser user, AccessRecord record)
    : IQueryHandler<GetCaseTimeline, IReadOnlyList<TimelineEntryDto>>
{
    public async ValueTask<IReadOnlyList<TimelineEntryDto>> Handle(GetCaseTimeline query, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        record.Concerns(query.CaseId, null);
        var visible = await db.Cases.VisibleTo(db, agencyId).Where(c => c.Id == query.CaseId)
            .Select(c => new { c.Id, c.Person.SubjectId, c.OpenedByAgencyId })
            .SingleOrDefaultAsync(cancellationToken) ?? throw await db.RefuseCaseAsync(record, query.CaseId, cancellationToken);
        var entries = await db.Timeline.AsNoTracking().Where(e => e.CaseId == visible.Id)
            .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var basis = visible.OpenedByAgencyId == agencyId ? AccessBasis.RecordingAgency : AccessBasis.Party;
        record.Touch("case", visible.Id, visible.Id, visible.SubjectId, basis);
        return entries.Select(TimelineEntryDto.From).ToList();
    }
}
