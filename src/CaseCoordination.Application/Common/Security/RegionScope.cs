using System.Linq.Expressions;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.Cases;

namespace CaseCoordination.Application.Common.Security;

/// <summary>
/// The part of the country a coordinator's or auditor's token reaches, from its <c>region</c> claim:
/// the nation (<c>*</c>), one region (a two-digit code), or nothing at all. The one place that decides
/// what a region scope covers: a token without a scope is refused with 403 <c>region-not-covered</c>
/// by every act that is scoped by region, never read as "the things that have no region".
/// </summary>
public static class RegionScope
{
    public const string National = "*";

    /// <summary>Whether a value is a region scope: a two-digit region code, or <c>*</c> for the nation.</summary>
    public static bool IsScopeCode(string? value) =>
        value == National || value is [var first, var second] && char.IsAsciiDigit(first) && char.IsAsciiDigit(second);

    /// <summary>The caller's scope (<c>*</c> or a region code); 403 <c>region-not-covered</c> when the token names none.</summary>
    public static string RequireRegionScope(this ICurrentUser user) =>
        IsScopeCode(user.Region)
            ? user.Region!
            : throw new ForbiddenAccessException("region-not-covered", "Your token names no region (claim region): you have no region scope.");

    /// <summary>Whether the caller's scope covers <paramref name="region"/> (a region code, or <c>*</c>: only the national scope covers the nation).</summary>
    public static bool RegionCovers(this ICurrentUser user, string region)
    {
        var scope = user.RequireRegionScope();
        return scope == National || scope == region;
    }

    /// <summary>403 <c>region-not-covered</c> unless the caller's scope covers <paramref name="region"/>.</summary>
    public static void RequireRegion(this ICurrentUser user, string region)
    {
        if (!user.RegionCovers(region))
        {
            throw new ForbiddenAccessException("region-not-covered", "Your scope does not cover this region.");
        }
    }

    /// <summary>
    /// The rows whose region (<paramref name="regionOf"/>) lies in the caller's scope: all of them for the
    /// nation, those of the one region otherwise. A row without a region is in the national scope only.
    /// </summary>
    public static IQueryable<T> InRegionOf<T>(this IQueryable<T> source, ICurrentUser user, Expression<Func<T, string?>> regionOf)
    {
        var scope = user.RequireRegionScope();
        if (scope == National)
        {
            return source;
        }

        // A captured variable, so that the query sends the region as a parameter.
        Expression<Func<string?>> region = () => scope;
        return source.Where(Expression.Lambda<Func<T, bool>>(Expression.Equal(regionOf.Body, region.Body), regionOf.Parameters));
    }

    /// <summary>The cases of the requested region (<c>*</c>: the nation), optionally one municipality; 403 unless the caller's scope covers it.</summary>
    public static IQueryable<Case> CasesOf(this IApplicationDbContext db, ICurrentUser user, string region, string? municipality)
    {
        user.RequireRegion(region);
        var cases = region == National ? db.Cases : db.Cases.Where(c => c.RegionCode == region);
        return municipality is null ? cases : cases.Where(c => c.MunicipalityCode == municipality);
    }
}
