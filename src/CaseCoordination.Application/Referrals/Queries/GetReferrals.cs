using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Signals;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Referrals.Queries;

public enum ReferralDirection
{
    Incoming = 1,
    Outgoing,
}

/// <summary>The agency's inbox (incoming) and outbox (outgoing), newest first; both when no direction is given.</summary>
[Authorize(Role.Caseworker)]
public sealed record GetReferrals(ReferralDirection? Direction, ReferralStatus? Status, int? Limit, string? Cursor)
    : IQuery<Page<ReferralDto>>, IAccessLogged, IPageQuery
{
    string IAccessLogged.AccessAction => "referral.list";
    string IAccessLogged.AccessResourceType => "referral";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class GetReferralsValidator : AbstractValidator<GetReferrals>
{
    public GetReferralsValidator()
    {
        this.AddPageRules();
        RuleFor(x => x.Direction).IsInEnum();
        RuleFor(x => x.Status).IsInEnum();
    }
}

/// <summary>
/// The list writes one access-log entry per case it showed (action <c>referral.list</c>, resource
/// the case), not one per referral: auditors find the read by case and by person, and one list read
/// stays one small write (ADR 0013). Signals are the listed referrals' due signal rows (ADR 0022).
/// </summary>
public sealed class GetReferralsHandler(
    IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : IQueryHandler<GetReferrals, Page<ReferralDto>>
{
    public async ValueTask<Page<ReferralDto>> Handle(GetReferrals query, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        var limit = query.Limit ?? Cursor.DefaultLimit;
        var after = Cursor.Decode(query.Cursor);
        var referrals = query.Direction switch
        {
            ReferralDirection.Incoming => db.Referrals.AsNoTracking().Where(r => r.ToAgencyId == agencyId),
            ReferralDirection.Outgoing => db.Referrals.AsNoTracking().Where(r => r.FromAgencyId == agencyId),
            _ => db.Referrals.AsNoTracking().VisibleTo(agencyId),
        };
        if (query.Status is { } status)
        {
            referrals = referrals.Where(r => r.Status == status);
        }

        if (after is { } a)
        {
            referrals = referrals.Where(r => r.RequestedAt < a.At || (r.RequestedAt == a.At && r.Id.CompareTo(a.Id) < 0));
        }

        var fetched = await (
                from r in referrals
                join c in db.Cases on r.CaseId equals c.Id
                orderby r.RequestedAt descending, r.Id descending
                select new Listed(r, c.CaseNumber, c.Person.SubjectId, c.RegionCode))
            .Take(limit + 1)
            .ToListAsync(cancellationToken);
        var page = Cursor.ToPage(fetched, limit, x => new Cursor(x.Referral.RequestedAt, x.Referral.Id));
        foreach (var shown in page.Items.GroupBy(x => x.Referral.CaseId).Select(g => g.First()))
        {
            record.Touch("case", shown.Referral.CaseId, shown.Referral.CaseId, shown.SubjectId, AccessBasis.Party, shown.RegionCode);
        }

        var open = await db.OpenOnReferralsAsync(page.Items.Select(x => x.Referral.Id).ToList(), clock.GetUtcNow(), cancellationToken);
        return new Page<ReferralDto>(
            page.Items.Select(x => ReferralDto.For(x.Referral, x.CaseNumber, agencyId, open[x.Referral.Id].ToList())).ToList(),
            page.NextCursor);
    }

    private sealed record Listed(Referral Referral, string CaseNumber, Guid SubjectId, string RegionCode);
}
