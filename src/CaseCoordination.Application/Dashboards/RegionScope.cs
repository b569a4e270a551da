using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Cases;

namespace CaseCoordination.Application.Dashboards;

/// <summary>A coordinator sees its own region; <c>*</c> (the nation) only with a national scope. Anything else: 403, never numbers.</summary>
public static class RegionScope
{
    public static IQueryable<Case> CasesOf(this IApplicationDbContext db, ICurrentUser user, string region, string? municipality)
    {
        var allowed = region == "*" ? user.Region == "*" : user.Region.Covers(region);
        if (!allowed)
        {
            throw new ForbiddenAccessException("region-not-covered", "Your scope does not cover this region.");
        }

        var cases = region == "*" ? db.Cases : db.Cases.Where(c => c.RegionCode == region);
        return municipality is null ? cases : cases.Where(c => c.MunicipalityCode == municipality);
    }
}
