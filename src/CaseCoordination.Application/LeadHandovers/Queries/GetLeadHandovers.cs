using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.LeadHandovers;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.LeadHandovers.Queries;

/// <summary>The open lead handovers proposed to the caller's agency, oldest first (an addition to api.md).</summary>
[Authorize(Role.Caseworker)]
public sealed record GetIncomingLeadHandovers : IQuery<IReadOnlyList<LeadHandoverDto>>, IAccessLogged
{
    string IAccessLogged.AccessAction => "lead-handover.list";
    string IAccessLogged.AccessResourceType => "lead-handover";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class GetIncomingLeadHandoversHandler(IApplicationDbContext db, ICurrentUser user, AccessRecord record)
    : IQueryHandler<GetIncomingLeadHandovers, IReadOnlyList<LeadHandoverDto>>
{
    public async ValueTask<IReadOnlyList<LeadHandoverDto>> Handle(GetIncomingLeadHandovers query, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        var found = await (
                from h in db.LeadHandovers.AsNoTracking()
                join c in db.Cases on h.CaseId equals c.Id
                where h.ToAgencyId == agencyId && h.Status == LeadHandoverStatus.Proposed && c.Status == CaseStatus.Open
                orderby h.ProposedAt, h.Id
                select new { Handover = h, c.CaseNumber, c.Person.SubjectId })
            .Take(500)
            .ToListAsync(cancellationToken);
        foreach (var x in found)
        {
            record.Touch("lead-handover", x.Handover.Id, x.Handover.CaseId, x.SubjectId, AccessBasis.Party);
        }

        return found.Select(x => LeadHandoverDto.From(x.Handover, x.CaseNumber)).ToList();
    }
}

/// <summary>One lead handover, for the proposed agency or the agency that proposed it.</summary>
[Authorize(Role.Caseworker)]
public sealed record GetLeadHandover(Guid HandoverId) : IQuery<LeadHandoverDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "lead-handover.read";
    string IAccessLogged.AccessResourceType => "lead-handover";
    Guid? IAccessLogged.AccessResourceId => HandoverId;
}

public sealed class GetLeadHandoverHandler(IApplicationDbContext db, ICurrentUser user, AccessRecord record)
    : IQueryHandler<GetLeadHandover, LeadHandoverDto>
{
    public async ValueTask<LeadHandoverDto> Handle(GetLeadHandover query, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        var found = await (
                from h in db.LeadHandovers.AsNoTracking()
                join c in db.Cases on h.CaseId equals c.Id
                where h.Id == query.HandoverId && (h.ToAgencyId == agencyId || h.ProposedByAgencyId == agencyId || h.FromAgencyId == agencyId)
                select new { Handover = h, c.CaseNumber, c.Person.SubjectId })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("lead handover");
        record.Touch("lead-handover", found.Handover.Id, found.Handover.CaseId, found.SubjectId, AccessBasis.Party);
        return LeadHandoverDto.From(found.Handover, found.CaseNumber);
    }
}
