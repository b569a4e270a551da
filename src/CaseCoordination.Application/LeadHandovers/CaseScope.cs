using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.LeadHandovers;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.LeadHandovers;

/// <summary>
/// Loads a case for a change of lead, decided by who asks: a caseworker's agency must take part in the
/// case, a coordinator's region must cover it. Anyone else gets 404.
/// </summary>
public static class CaseScope
{
    public static async Task<Case> LoadForLeadChangeAsync(this IApplicationDbContext db, ICurrentUser user, AccessRecord record, Guid caseId, CancellationToken cancellationToken)
    {
        record.Concerns(caseId, null);
        IQueryable<Case> cases = db.Cases;
        if (user.Role == Role.Coordinator)
        {
            cases = cases.InRegionOf(user, c => c.RegionCode);
        }
        else
        {
            cases = cases.VisibleTo(db, user.RequireAgency());
        }

        var found = await cases.SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (found is null)
        {
            throw await db.RefuseCaseAsync(record, caseId, cancellationToken);
        }

        record.Concerns(found.Id, found.Person.SubjectId);
        return found;
    }

    /// <summary>
    /// The case's open lead handover, tracked (it changes with the case), or null when it has none. It is
    /// read after the case: when an answer committed in between, the case as read is stale and the act
    /// has lost the race, as it would at save (412 with <c>If-Match</c>, else 409).
    /// </summary>
    public static async Task<LeadHandover?> PendingLeadHandoverAsync(this IApplicationDbContext db, Case @case, bool conditional, CancellationToken cancellationToken)
    {
        if (@case.PendingLeadHandoverId is not { } id)
        {
            return null;
        }

        var handover = await db.LeadHandovers.SingleAsync(h => h.Id == id, cancellationToken);
        return handover.IsOpen ? handover : throw Common.Exceptions.ConcurrencyConflictException.RaceLost(conditional);
    }

    public static string BasisFor(ICurrentUser user, Case @case) =>
        user.Role == Role.Coordinator ? "coordinator-region" : CaseAccess.BasisFor(@case, user.RequireAgency());

    /// <summary>
    /// The agency that is to lead: it must take part in the cooperation, and still do so when the act
    /// commits (relied on: its leaving bumps its version; ADR 0020).
    /// </summary>
    public static async Task<Agency> ActiveAgencyToLeadAsync(this IApplicationDbContext db, IUnitOfWork unitOfWork, Guid? agencyId, CancellationToken cancellationToken)
    {
        var agency = agencyId is { } id ? await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.Active, cancellationToken) : null;
        if (agency is null)
        {
            throw new Common.Exceptions.UnprocessableException("unknown-agency", "The agency does not exist or no longer takes part in the cooperation.");
        }

        unitOfWork.ReliesOn(agency);
        return agency;
    }
}
