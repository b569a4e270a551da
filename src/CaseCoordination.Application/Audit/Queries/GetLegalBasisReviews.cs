using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Audit.Queries;

/// <summary>Uses of a legal basis other than consent in the auditor's region; pending ones unless <c>reviewed</c> is asked for.</summary>
[Authorize(Role.Auditor)]
public sealed record GetLegalBasisReviews(bool Reviewed) : IQuery<IReadOnlyList<LegalBasisReviewDto>>, IAccessLogged
{
    string IAccessLogged.AccessAction => "audit.reviews.read";
    string IAccessLogged.AccessResourceType => "legal-basis-review";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class GetLegalBasisReviewsHandler(IApplicationDbContext db, ICurrentUser user) : IQueryHandler<GetLegalBasisReviews, IReadOnlyList<LegalBasisReviewDto>>
{
    public async ValueTask<IReadOnlyList<LegalBasisReviewDto>> Handle(GetLegalBasisReviews query, CancellationToken cancellationToken)
    {
        var reviews = db.LegalBasisReviews.AsNoTracking().Where(r => (r.ReviewedAt != null) == query.Reviewed).InRegionOf(user, r => r.RegionCode);

        var found = await (
                from r in reviews
                join referral in db.Referrals on r.ReferralId equals referral.Id
                orderby r.UsedAt
                select new { Review = r, referral.Basis!.Justification })
            .Take(500)
            .ToListAsync(cancellationToken);
        return found.Select(x => LegalBasisReviewDto.From(x.Review, x.Justification)).ToList();
    }
}
