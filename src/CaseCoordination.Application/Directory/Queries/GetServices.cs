using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Directory.Queries;

/// <summary>An agency's services in the directory. Services are not personal data: no access-log entry.</summary>
[Authorize(Role.Caseworker, Role.Coordinator, Role.Auditor, Role.Admin)]
public sealed record GetAgencyServices(Guid AgencyId, int? Limit, string? Cursor) : IQuery<Page<ServiceDto>>, IPageQuery;

public sealed class GetAgencyServicesValidator : AbstractValidator<GetAgencyServices>
{
    public GetAgencyServicesValidator() => this.AddPageRules();
}

public sealed class GetAgencyServicesHandler(IApplicationDbContext db) : IQueryHandler<GetAgencyServices, Page<ServiceDto>>
{
    public async ValueTask<Page<ServiceDto>> Handle(GetAgencyServices query, CancellationToken cancellationToken)
    {
        if (!await db.Agencies.AnyAsync(a => a.Id == query.AgencyId, cancellationToken))
        {
            throw new NotFoundException("agency");
        }

        var agencyId = query.AgencyId;
        return await db.Services.AsNoTracking().Where(s => s.AgencyId == agencyId).PageAsync(query.Limit, query.Cursor, cancellationToken);
    }
}

/// <summary>Searches the directory: the services for a municipality, need, group, language and capacity (any role).</summary>
[Authorize(Role.Caseworker, Role.Coordinator, Role.Auditor, Role.Admin)]
public sealed record SearchServices(string? Municipality, Need? Need, ServiceGroup? Group, string? Language, Capacity? Capacity, int? Limit, string? Cursor)
    : IQuery<Page<ServiceDto>>, IPageQuery;

public sealed class SearchServicesValidator : AbstractValidator<SearchServices>
{
    public SearchServicesValidator()
    {
        this.AddPageRules();
        RuleFor(x => x.Municipality).Matches(ServiceRules.MunicipalityPattern).When(x => x.Municipality is not null);
        RuleFor(x => x.Language).Matches(ServiceRules.LanguagePattern).When(x => x.Language is not null);
    }
}

public sealed class SearchServicesHandler(IApplicationDbContext db) : IQueryHandler<SearchServices, Page<ServiceDto>>
{
    public async ValueTask<Page<ServiceDto>> Handle(SearchServices query, CancellationToken cancellationToken)
    {
        var services = db.Services.AsNoTracking();
        if (query.Municipality is { } municipality)
        {
            // The database's form of Coverage.CoversMunicipality.
            var region = municipality[..2];
            services = services.Where(s => s.National || (s.RegionWide && s.RegionCode == region) || s.Municipalities.Contains(municipality));
        }

        if (query.Need is { } need)
        {
            services = services.Where(s => s.Needs.Contains(need));
        }

        if (query.Group is { } group)
        {
            services = services.Where(s => s.Groups.Contains(group));
        }

        if (query.Language is { } language)
        {
            services = services.Where(s => s.Languages.Contains(language));
        }

        if (query.Capacity is { } capacity)
        {
            services = services.Where(s => s.Capacity == capacity);
        }

        return await services.PageAsync(query.Limit, query.Cursor, cancellationToken);
    }
}

/// <summary>One service of the directory (any role).</summary>
[Authorize(Role.Caseworker, Role.Coordinator, Role.Auditor, Role.Admin)]
public sealed record GetService(Guid ServiceId) : IQuery<ServiceDto>;

public sealed class GetServiceHandler(IApplicationDbContext db) : IQueryHandler<GetService, ServiceDto>
{
    public async ValueTask<ServiceDto> Handle(GetService query, CancellationToken cancellationToken) =>
        ServiceDto.From(await db.Services.AsNoTracking().SingleOrDefaultAsync(s => s.Id == query.ServiceId && s.WithdrawnAt == null, cancellationToken)
            ?? throw new NotFoundException("service"));
}

internal static class ServicePaging
{
    /// <summary>The listed (not withdrawn) services, paged by id.</summary>
    public static async Task<Page<ServiceDto>> PageAsync(this IQueryable<Service> services, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var take = limit ?? Cursor.DefaultLimit;
        services = services.Where(s => s.WithdrawnAt == null);
        if (Cursor.Decode(cursor) is { } after)
        {
            services = services.Where(s => s.Id.CompareTo(after.Id) > 0);
        }

        var fetched = await services.OrderBy(s => s.Id).Take(take + 1).ToListAsync(cancellationToken);
        return Cursor.ToPage(fetched.Select(ServiceDto.From).ToList(), take, s => new Cursor(DateTimeOffset.UnixEpoch, s.Id));
    }
}
