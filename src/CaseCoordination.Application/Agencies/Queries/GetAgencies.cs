using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Agencies.Queries;

/// <summary>The agencies one can refer to, filtered. Agencies are not personal data: no access-log entry.</summary>
[Authorize(Role.Caseworker, Role.Coordinator, Role.Auditor, Role.Admin)]
public sealed record GetAgencies(AgencyKind? Kind, string? Region, string? Municipality, Need? Need, int? Limit, string? Cursor)
    : IQuery<Page<AgencyDto>>, IPageQuery;

public sealed class GetAgenciesValidator : AbstractValidator<GetAgencies>
{
    public GetAgenciesValidator()
    {
        this.AddPageRules();
        RuleFor(x => x.Region).Matches("^[0-9]{2}$").When(x => x.Region is not null);
        RuleFor(x => x.Municipality).Matches("^[0-9]{4}$").When(x => x.Municipality is not null);
    }
}

public sealed class GetAgenciesHandler(IApplicationDbContext db) : IQueryHandler<GetAgencies, Page<AgencyDto>>
{
    public async ValueTask<Page<AgencyDto>> Handle(GetAgencies query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? Cursor.DefaultLimit;
        var after = Cursor.Decode(query.Cursor);
        var agencies = db.Agencies.AsNoTracking();
        if (query.Kind is { } kind)
        {
            agencies = agencies.Where(a => a.Kind == kind);
        }

        if (query.Region is { } region)
        {
            agencies = agencies.Where(a => a.RegionCode == region);
        }

        if (query.Municipality is { } municipality)
        {
            agencies = agencies.Where(a => a.MunicipalityCode == municipality);
        }

        if (query.Need is { } need)
        {
            agencies = agencies.Where(a => a.Needs.Contains(need));
        }

        // Agencies page by id alone; the cursor's instant is unused.
        if (after is { } c)
        {
            agencies = agencies.Where(a => a.Id.CompareTo(c.Id) > 0);
        }

        var fetched = await agencies.OrderBy(a => a.Id).Take(limit + 1).ToListAsync(cancellationToken);
        return Cursor.ToPage(fetched.Select(AgencyDto.From).ToList(), limit, a => new Cursor(DateTimeOffset.UnixEpoch, a.Id));
    }
}

[Authorize(Role.Caseworker, Role.Coordinator, Role.Auditor, Role.Admin)]
public sealed record GetAgency(Guid AgencyId) : IQuery<AgencyDto>;

public sealed class GetAgencyHandler(IApplicationDbContext db) : IQueryHandler<GetAgency, AgencyDto>
{
    public async ValueTask<AgencyDto> Handle(GetAgency query, CancellationToken cancellationToken)
    {
        var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == query.AgencyId, cancellationToken)
            ?? throw new NotFoundException("agency");
        return AgencyDto.From(agency);
    }
}
