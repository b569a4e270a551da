using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Consents.Queries;

/// <summary>The case's consents, active and past, oldest first (any agency that takes part in the case).</summary>
[Authorize(Role.Caseworker)]
public sealed record GetConsents(Guid CaseId) : IQuery<IReadOnlyList<ConsentDto>>, IAccessLogged
{
    string IAccessLogged.AccessAction => "consent.list";
    string IAccessLogged.AccessResourceType => "case";
    Guid? IAccessLogged.AccessResourceId => CaseId;
}

public sealed class GetConsentsHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : IQueryHandler<GetConsents, IReadOnlyList<ConsentDto>>
{
    public async ValueTask<IReadOnlyList<ConsentDto>> Handle(GetConsents query, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        record.Concerns(query.CaseId, null);
        var visible = await db.Cases.VisibleTo(db, agencyId).Where(c => c.Id == query.CaseId)
            .Select(c => new { c.Id, c.Person.SubjectId }).SingleOrDefaultAsync(cancellationToken)
            ?? throw await db.RefuseCaseAsync(record, query.CaseId, cancellationToken);
        var consents = await db.Consents.AsNoTracking().Where(c => c.CaseId == visible.Id).OrderBy(c => c.RecordedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        record.Touch("case", visible.Id, visible.Id, visible.SubjectId, AccessBasis.Party);
        var now = clock.GetUtcNow();
        return consents.Select(c => ConsentDto.From(c, now)).ToList();
    }
}
