using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Common.Validation;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Dashboards;

/// <summary>The period's referrals of one cell that went outside coverage, by reason (a referral can have several).</summary>
public sealed record CoverageReasons(Cell OutsideMunicipality, Cell RejectedForCapacity, Cell GroupNotCovered, Cell NeedNotCovered);

/// <summary>One municipality × need × group: how many open services cover it, and the period's referrals that went outside coverage (each once).</summary>
public sealed record CoverageCell(
    string RegionCode,
    string MunicipalityCode,
    Need Need,
    CoverageGroup Group,
    bool Covered,
    int Services,
    Cell ReferralsOutsideCoverage,
    CoverageReasons ByReason);

/// <summary>A municipality × need × group that no open service covers.</summary>
public sealed record CoverageGap(string RegionCode, string MunicipalityCode, Need Need, CoverageGroup Group, Cell ReferralsOutsideCoverage);

/// <summary>One region's gaps (the national view lists them side by side).</summary>
public sealed record RegionGaps(string RegionCode, int Municipalities, int Cells, IReadOnlyList<CoverageGap> Gaps);

public sealed record CoverageFigures(
    string Region,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<CoverageCell> Cells,
    IReadOnlyList<CoverageGap> Gaps,
    IReadOnlyList<RegionGaps> Regions,
    DateTimeOffset ComputedAt);

/// <summary>
/// Coverage gaps for a region (or <c>*</c>, the nation): per municipality × need × group whether an open
/// service covers it (<see cref="Coverage.OpenServicesCovering"/>), with the period's referrals that went
/// outside coverage from the tallies (<see cref="TallyFigure.OutsideCoverage"/>, kept by the read models),
/// small counts suppressed as everywhere (<see cref="Cell"/>). The municipalities of a region are those
/// where its agencies sit, that its services name, or where its cases' referrals went outside coverage.
/// </summary>
[Authorize(Role.Coordinator)]
public sealed record GetCoverage(string Region, DateTimeOffset? From, DateTimeOffset? To) : IQuery<CoverageFigures>, IAccessLogged
{
    string IAccessLogged.AccessAction => "coverage.read";
    string IAccessLogged.AccessResourceType => "dashboard";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class GetCoverageValidator : AbstractValidator<GetCoverage>
{
    public GetCoverageValidator()
    {
        RuleFor(x => x.Region).Matches("^([0-9]{2}|\\*)$").WithMessage("'region' must be a two-digit region code or '*'.");
        this.RulesForPeriod(x => x.From, x => x.To);
    }
}

public sealed class GetCoverageHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock) : IQueryHandler<GetCoverage, CoverageFigures>
{
    private static readonly Need[] Needs = [.. Enum.GetValues<Need>().Where(n => n != Need.Other)];
    private static readonly CoverageGroup[] Groups = Enum.GetValues<CoverageGroup>();

    private sealed record Row(string RegionCode, string Municipality, string Need, string Group, int Reason, int Amount);

    public async ValueTask<CoverageFigures> Handle(GetCoverage query, CancellationToken cancellationToken)
    {
        user.RequireRegion(query.Region);
        var national = query.Region == RegionScope.National;
        var now = clock.GetUtcNow();
        var (firstDay, lastDay) = GetDashboardHandler.Days(query.From, query.To, now);

        var tallies = db.DashboardTallies.Where(t => t.Figure == TallyFigure.OutsideCoverage);
        if (!national)
        {
            tallies = tallies.Where(t => t.RegionCode == query.Region);
        }

        var rows = new List<Row>();
        foreach (var (grain, from, to) in GetDashboardHandler.InPeriod(firstDay, lastDay))
        {
            rows.AddRange(await tallies.Where(t => t.Grain == grain && t.Period >= from && t.Period <= to)
                .GroupBy(t => new { t.RegionCode, t.Dimension, t.Key, t.Status, t.Value })
                .Select(g => new Row(g.Key.RegionCode, g.Key.Dimension, g.Key.Key, g.Key.Status, g.Key.Value, g.Sum(t => t.Amount)))
                .ToListAsync(cancellationToken));
        }

        var counts = rows.GroupBy(r => (r.Municipality, r.Need, r.Group, r.Reason)).ToDictionary(g => g.Key, g => g.Sum(r => r.Amount));
        var services = await db.Services.AsNoTracking().Where(s => s.WithdrawnAt == null).ToListAsync(cancellationToken);
        var agencies = await db.Agencies.AsNoTracking().Where(a => a.Active).Select(a => new { a.RegionCode, a.MunicipalityCode }).ToListAsync(cancellationToken);

        var regions = national
            ? agencies.Select(a => a.RegionCode).Concat(services.Select(s => s.RegionCode)).Concat(rows.Select(r => r.RegionCode)).Distinct().Order(StringComparer.Ordinal).ToList()
            : [query.Region];

        var cells = new List<CoverageCell>();
        var byRegion = new List<RegionGaps>();
        foreach (var region in regions)
        {
            var municipalities = agencies.Where(a => a.RegionCode == region).Select(a => a.MunicipalityCode)
                .Concat(services.SelectMany(s => s.Municipalities).Where(m => m.StartsWith(region, StringComparison.Ordinal)))
                .Concat(rows.Where(r => r.RegionCode == region).Select(r => r.Municipality))
                .Distinct().Order(StringComparer.Ordinal).ToList();
            var regionCells = (
                from municipality in municipalities
                from need in Needs
                from g in Groups
                let covering = Coverage.OpenServicesCovering(services, municipality, need, g)
                let key = (Municipality: municipality, Need: Codes.Of(need), Group: Codes.Of(g))
                select new CoverageCell(
                    region, municipality, need, g, covering > 0, covering,
                    Count(key, CoverageReason.Any),
                    new CoverageReasons(
                        Count(key, CoverageReason.OutsideMunicipality), Count(key, CoverageReason.RejectedForCapacity),
                        Count(key, CoverageReason.GroupNotCovered), Count(key, CoverageReason.NeedNotCovered)))).ToList();
            cells.AddRange(regionCells);
            byRegion.Add(new RegionGaps(region, municipalities.Count, regionCells.Count, GapsOf(regionCells)));
        }

        return new CoverageFigures(
            query.Region, DashboardTallies.StartOfDay(firstDay), DashboardTallies.StartOfDay(lastDay + 1), cells, GapsOf(cells), byRegion, now);

        Cell Count((string Municipality, string Need, string Group) key, CoverageReason reason) =>
            Cell.Of(counts.GetValueOrDefault((key.Municipality, key.Need, key.Group, (int)reason)));
    }

    private static List<CoverageGap> GapsOf(IEnumerable<CoverageCell> cells) =>
        [.. cells.Where(c => !c.Covered).Select(c => new CoverageGap(c.RegionCode, c.MunicipalityCode, c.Need, c.Group, c.ReferralsOutsideCoverage))];
}
