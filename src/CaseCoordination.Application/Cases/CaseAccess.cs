using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Cases;

/// <summary>
/// Which cases an agency takes part in, and which data categories it may see in them. Every handler
/// narrows its query with <see cref="VisibleTo"/> before any case data is loaded.
/// </summary>
public static class CaseAccess
{
    public static readonly IReadOnlyList<DataCategory> AllCategories = Enum.GetValues<DataCategory>();

    /// <summary>
    /// The cases the agency takes part in: it opened the case, leads it, sent a referral in it, or
    /// received one that was not rejected or cancelled.
    /// </summary>
    public static IQueryable<Case> VisibleTo(this IQueryable<Case> cases, IApplicationDbContext db, Guid agencyId) =>
        cases.Where(c => c.OpenedByAgencyId == agencyId
            || c.LeadAgencyId == agencyId
            || c.ProposedLeadAgencyId == agencyId
            || db.Referrals.Any(r => r.CaseId == c.Id
                && (r.FromAgencyId == agencyId
                    || (r.ToAgencyId == agencyId && r.Status != ReferralStatus.Rejected && r.Status != ReferralStatus.Cancelled))));

    /// <summary>
    /// The categories the agency may see. Until consent is recorded (a later issue), only the agency
    /// that recorded the data sees more than <c>coordination</c>.
    /// </summary>
    public static IReadOnlySet<DataCategory> VisibleCategories(Case @case, Guid agencyId) =>
        @case.OpenedByAgencyId == agencyId
            ? new HashSet<DataCategory>(AllCategories)
            : new HashSet<DataCategory> { DataCategory.Coordination };

    /// <summary>
    /// The refusal for a case the agency may not see. The access log still names the case and the
    /// person (when the case exists), so that a person's access report lists attempts; the answer
    /// says nothing more than "not found".
    /// </summary>
    public static async Task<NotFoundException> RefuseCaseAsync(this IApplicationDbContext db, AccessRecord record, Guid caseId, CancellationToken cancellationToken)
    {
        var subjectId = await db.Cases.Where(c => c.Id == caseId).Select(c => (Guid?)c.Person.SubjectId).SingleOrDefaultAsync(cancellationToken);
        record.Concerns(caseId, subjectId);
        return new NotFoundException("case");
    }

    /// <summary>
    /// The cases among <paramref name="caseIds"/> where social services take part for a child: a
    /// social-services agency opened or leads the case, or a child-protection report went to one
    /// (a referral for that need that was not rejected or cancelled).
    /// </summary>
    public static async Task<HashSet<Guid>> ChildProtectionCoveredAsync(this IApplicationDbContext db, IReadOnlyCollection<Guid> caseIds, CancellationToken cancellationToken)
    {
        var socialServices = db.Agencies.Where(a => a.Kind == AgencyKind.SocialServices).Select(a => a.Id);
        var viaReport = await db.Referrals
            .Where(r => caseIds.Contains(r.CaseId) && r.Need == Need.ChildProtectionReport
                && r.Status != ReferralStatus.Rejected && r.Status != ReferralStatus.Cancelled
                && socialServices.Contains(r.ToAgencyId))
            .Select(r => r.CaseId).ToListAsync(cancellationToken);
        var viaParty = await db.Cases
            .Where(c => caseIds.Contains(c.Id)
                && (socialServices.Contains(c.OpenedByAgencyId) || (c.LeadAgencyId != null && socialServices.Contains(c.LeadAgencyId.Value))))
            .Select(c => c.Id).ToListAsync(cancellationToken);
        return [.. viaReport, .. viaParty];
    }

    public static string BasisFor(Case @case, Guid agencyId) =>
        @case.OpenedByAgencyId == agencyId ? AccessBasis.RecordingAgency : AccessBasis.Party;
}
