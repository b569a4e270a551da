using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Options;
using CaseCoordination.Application.Signals;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Application.Referrals.Queries;

public enum ReferralDirection
{
    Incoming = 1,
    Outgoing,
}

/// <summary>The agency's inbox (incoming) and outbox (outgoing), newest first; both when no direction is given.</summary>
[Authorize(Role.Caseworker)]
public sealed record GetReferrals(ReferralDirection? Direction, ReferralStatus? Status, int? Limit, string? Cursor)
    : IQuery<Page<ReferralDto>>, IAccessLogged
{
    string IAccessLogged.AccessAction => "referral.list";
    string IAccessLogged.AccessResourceType => "referral";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class GetReferralsValidator : AbstractValidator<GetReferrals>
{
    public GetReferralsValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, Common.Paging.Cursor.MaxLimit);
        RuleFor(x => x.Direction).IsInEnum();
        RuleFor(x => x.Status).IsInEnum();
    }
}

/// <summary>
/// The list writes one access-log entry per case it showed (action <c>referral.list</c>, resource
/// the case), not one per referral: auditors find the read by case and by person, and one list read
/// stays one small write (ADR 0013). Signals: the referral-local ones (not received, not answered,
/// no first contact, stalled) are the rules of <see cref="ReferralSignals"/>, evaluated in memory on
/// the listed rows; the two that depend on the rest of the case (rejected or failed and not followed
/// up) are asked of <see cref="SignalCatalog"/> only for listed referrals that could have them.
/// </summary>
public sealed class GetReferralsHandler(
    IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record, SignalCatalog signals, IOptions<ReferralOptions> options)
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
                select new Listed(r, c.CaseNumber, c.Person.SubjectId, c.RegionCode, c.Status))
            .Take(limit + 1)
            .ToListAsync(cancellationToken);
        var page = Cursor.ToPage(fetched, limit, x => new Cursor(x.Referral.RequestedAt, x.Referral.Id));
        foreach (var shown in page.Items.GroupBy(x => x.Referral.CaseId).Select(g => g.First()))
        {
            record.Touch("case", shown.Referral.CaseId, shown.Referral.CaseId, shown.SubjectId, AccessBasis.Party, shown.RegionCode);
        }

        var now = clock.GetUtcNow();
        var followUps = await NotFollowedUpAsync(page.Items, now, cancellationToken);
        return new Page<ReferralDto>(
            page.Items.Select(x => ReferralDto.For(x.Referral, x.CaseNumber, agencyId, SignalsOf(x, now, followUps))).ToList(),
            page.NextCursor);
    }

    private sealed record Listed(Referral Referral, string CaseNumber, Guid SubjectId, string RegionCode, CaseStatus CaseStatus);

    /// <summary>Signals show on open cases only, as in the catalogue.</summary>
    private IReadOnlyList<string> SignalsOf(Listed x, DateTimeOffset now, ILookup<Guid, string> followUps) =>
        x.CaseStatus != CaseStatus.Open ? [] : [.. ReferralSignals.OpenAt(x.Referral, now, options.Value.StalledAfter), .. followUps[x.Referral.Id]];

    /// <summary>
    /// Rejected-not-rerouted and failed-no-follow-up of the listed referrals, from the catalogue, asked
    /// only when a listed referral on an open case ended that way longer ago than the reroute window.
    /// </summary>
    private async Task<ILookup<Guid, string>> NotFollowedUpAsync(IReadOnlyList<Listed> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var threshold = now - options.Value.RerouteWithin;
        var candidates = items
            .Where(x => x.CaseStatus == CaseStatus.Open && x.Referral.Status is ReferralStatus.Rejected or ReferralStatus.Failed && x.Referral.EndedAt <= threshold)
            .Select(x => x.Referral)
            .ToList();
        if (candidates.Count == 0)
        {
            return Array.Empty<(Guid, string)>().ToLookup(x => x.Item1, x => x.Item2);
        }

        var ids = candidates.Select(r => r.Id).ToHashSet();
        var caseIds = candidates.Select(r => r.CaseId).Distinct().ToList();
        var open = await signals.OpenForAsync(
            db.Cases.Where(c => caseIds.Contains(c.Id)),
            now,
            f => f.ReferralId is { } id && ids.Contains(id) && f.Signal is SignalCodes.RejectedNotRerouted or SignalCodes.FailedNoFollowUp,
            cancellationToken);
        return open.ToLookup(s => s.Fact.ReferralId!.Value, s => s.Fact.Signal);
    }
}
