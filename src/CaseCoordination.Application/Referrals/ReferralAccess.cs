using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Referrals;

/// <summary>A referral is visible to its sending and its receiving agency, and to no one else.</summary>
public static class ReferralAccess
{
    public static IQueryable<Referral> VisibleTo(this IQueryable<Referral> referrals, Guid agencyId) =>
        referrals.Where(r => r.FromAgencyId == agencyId || r.ToAgencyId == agencyId);

    /// <summary>Loads a referral the agency is party to, with its case's number, subject and region; 404 otherwise.</summary>
    public static async Task<(Referral Referral, string CaseNumber, Guid SubjectId, string RegionCode)> LoadVisibleAsync(
        this IApplicationDbContext db, Guid referralId, Guid agencyId, bool track, AccessRecord record, CancellationToken cancellationToken)
    {
        var referrals = track ? db.Referrals : db.Referrals.AsNoTracking();
        var found = await (
                from r in referrals.VisibleTo(agencyId)
                join c in db.Cases on r.CaseId equals c.Id
                where r.Id == referralId
                select new { Referral = r, c.CaseNumber, c.Person.SubjectId, c.RegionCode })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            // Refused: name the case and person in the access log (never in the answer), so that
            // auditors see attempts on a person's referrals.
            var target = await (
                    from r in db.Referrals
                    join c in db.Cases on r.CaseId equals c.Id
                    where r.Id == referralId
                    select new { r.CaseId, c.Person.SubjectId })
                .SingleOrDefaultAsync(cancellationToken);
            record.Concerns(target?.CaseId, target?.SubjectId);
            throw new NotFoundException("referral");
        }

        record.Concerns(found.Referral.CaseId, found.SubjectId);
        return (found.Referral, found.CaseNumber, found.SubjectId, found.RegionCode);
    }
}
