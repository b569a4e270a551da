using System.Globalization;
using System.Text;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Signals;
using CaseCoordination.Domain.Common;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Dashboards;

/// <summary>
/// One open signal in the follow-up list: pseudonymous (case number, agencies, need), never personal
/// data. <see cref="CaseVersion"/> is the case's ETag value, which a coordinator sends as
/// <c>If-Match</c> to assign a lead or propose a handover.
/// </summary>
public sealed record FollowUpItem(
    string Signal,
    string CaseNumber,
    Guid CaseId,
    int CaseVersion,
    Guid? ReferralId,
    Guid? AgencyToActId,
    Guid? FromAgencyId,
    Guid? ToAgencyId,
    Need? Need,
    string MunicipalityCode,
    DateTimeOffset Since,
    TimeSpan OverdueBy);

public sealed record FollowUpPage(IReadOnlyList<FollowUpItem> Items, string? NextCursor);

/// <summary>The open signals of a region, oldest first, for a coordinator to call the agency that must act.</summary>
[Authorize(Role.Coordinator)]
public sealed record GetFollowUpList(string Region, string? Signal, string? Municipality, Guid? Agency, int? Limit, string? Cursor)
    : IQuery<FollowUpPage>, IAccessLogged, IPageQuery
{
    string IAccessLogged.AccessAction => "dashboard.signals.read";
    string IAccessLogged.AccessResourceType => "dashboard";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class GetFollowUpListValidator : AbstractValidator<GetFollowUpList>
{
    public GetFollowUpListValidator()
    {
        RuleFor(x => x.Region).Matches("^([0-9]{2}|\\*)$").WithMessage("'region' must be a two-digit region code or '*'.");
        RuleFor(x => x.Signal).Must(s => s is null || SignalCodes.All.Contains(s)).WithMessage("'signal' must be one of: " + string.Join(", ", SignalCodes.All) + ".");
        RuleFor(x => x.Municipality).Matches("^[0-9]{4}$").When(x => x.Municipality is not null);
        this.AddPageRules();
    }
}

/// <summary>
/// Reads the due signal rows (ADR 0022) in keyset order (since, signal, case, referral), along the
/// (region, due-at, …) index, so a page costs the same however many signals are open.
/// </summary>
public sealed class GetFollowUpListHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock)
    : IQueryHandler<GetFollowUpList, FollowUpPage>
{
    public async ValueTask<FollowUpPage> Handle(GetFollowUpList query, CancellationToken cancellationToken)
    {
        user.RequireRegion(query.Region);
        var limit = query.Limit ?? Common.Paging.Cursor.DefaultLimit;
        var after = FollowUpCursor.Decode(query.Cursor);
        var now = clock.GetUtcNow();
        var rows = db.CaseSignalAnchors.Where(s => s.DueAt <= now);
        if (query.Region != "*")
        {
            rows = rows.Where(s => s.RegionCode == query.Region);
        }

        if (query.Municipality is { } municipality)
        {
            rows = rows.Where(s => s.MunicipalityCode == municipality);
        }

        if (query.Signal is { } signal)
        {
            rows = rows.Where(s => s.Signal == signal);
        }

        if (query.Agency is { } agency)
        {
            rows = rows.Where(s => s.AgencyToActId == agency);
        }

        if (after is { } a)
        {
            rows = rows.Where(s => s.DueAt > a.Since || (s.DueAt == a.Since && (s.Signal.CompareTo(a.Signal) > 0
                || (s.Signal == a.Signal && (s.CaseId.CompareTo(a.CaseId) > 0 || (s.CaseId == a.CaseId && s.ReferralId.CompareTo(a.ReferralId) > 0))))));
        }

        var found = await rows.OrderBy(s => s.DueAt).ThenBy(s => s.Signal).ThenBy(s => s.CaseId).ThenBy(s => s.ReferralId)
            .Take(limit + 1).AsNoTracking().ToListAsync(cancellationToken);
        var next = found.Count > limit ? FollowUpCursor.Encode(FollowUpCursor.Key(found[limit - 1])) : null;
        var shown = found.Take(limit).ToList();
        var caseIds = shown.Select(s => s.CaseId).Distinct().ToList();
        var cases = await db.Cases.Where(c => caseIds.Contains(c.Id)).Select(c => new { c.Id, c.CaseNumber, c.Version })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var items = shown.Select(s => new FollowUpItem(
            s.Signal, cases[s.CaseId].CaseNumber, s.CaseId, cases[s.CaseId].Version, s.NamedReferralId, s.AgencyToActId, s.FromAgencyId, s.ToAgencyId,
            s.Need, s.MunicipalityCode, s.DueAt, now - s.DueAt)).ToList();
        return new FollowUpPage(items, next);
    }
}

/// <summary>Oldest first, then a stable tie-break: (since, signal, case, referral), compared by the database.</summary>
public static class FollowUpCursor
{
    public readonly record struct Position(DateTimeOffset Since, string Signal, Guid CaseId, Guid ReferralId);

    public static Position Key(CaseSignalAnchor s) => new(s.DueAt, s.Signal, s.CaseId, s.ReferralId);

    public static string Encode(Position p) => Convert.ToBase64String(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{p.Since.UtcTicks}|{p.Signal}|{p.CaseId:N}|{p.ReferralId:N}"))).Replace('+', '-').Replace('/', '_');

    public static Position? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/'))).Split('|');
            if (parts.Length == 4 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && Guid.TryParseExact(parts[2], "N", out var caseId) && Guid.TryParseExact(parts[3], "N", out var referralId))
            {
                return new Position(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1], caseId, referralId);
            }
        }
        catch (FormatException)
        {
        }

        throw new ValidationException([new ValidationFailure("cursor", "The cursor is not valid.")]);
    }
}
