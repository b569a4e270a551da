using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.AccessLog;

namespace CaseCoordination.Application.Audit;

/// <summary>An auditor sees the access log of its region (entries stamped with it), or everything with <c>*</c>.</summary>
public static class AuditScope
{
    public static IQueryable<AccessLogEntry> InScopeOf(this IQueryable<AccessLogEntry> entries, ICurrentUser user) =>
        user.Region == "*" ? entries : entries.Where(e => e.RegionCode == user.Region);
}
