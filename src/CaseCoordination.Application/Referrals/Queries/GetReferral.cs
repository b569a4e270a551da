using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Signals;
using Microsoft.EntityFrameworkCore;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using Mediator;

namespace CaseCoordination.Application.Referrals.Queries;

/// <summary>One referral, for a caseworker of its sending or receiving agency; 404 for anyone else.</summary>
[Authorize(Role.Caseworker)]
public sealed record GetReferral(Guid ReferralId) : IQuery<ReferralDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "referral.read";
    string IAccessLogged.AccessResourceType => "referral";
    Guid? IAccessLogged.AccessResourceId => ReferralId;
}

public sealed class GetReferralHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : IQueryHandler<GetReferral, ReferralDto>
{
    public async ValueTask<ReferralDto> Handle(GetReferral query, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        var (referral, caseNumber, subjectId, regionCode) = await db.LoadVisibleAsync(query.ReferralId, agencyId, track: false, record, cancellationToken);
        record.Touch("referral", referral.Id, referral.CaseId, subjectId, AccessBasis.Party, regionCode);
        var open = await db.OpenOnReferralsAsync([referral.Id], clock.GetUtcNow(), cancellationToken);
        return ReferralDto.For(referral, caseNumber, agencyId, open[referral.Id].ToList());
    }
}
