using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Signals;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Dashboards;

/// <summary>A count in a breakdown: counts from 1 to 4 are suppressed, as official statistics do.</summary>
public sealed record Cell(int? Value, bool Suppressed)
{
    public const int SuppressBelow = 5;

    public static Cell Of(int count) => count is > 0 and < SuppressBelow ? new Cell(null, true) : new Cell(count, false);
}

/// <summary>Median and 90th percentile in hours, and how many referrals they rest on (null when that count is suppressed).</summary>
public sealed record Duration(double? MedianHours, double? P90Hours, int? Count);

public sealed record Durations(Duration RequestedToReceived, Duration ReceivedToAnswered, Duration AcceptedToFirstContact);

/// <summary>The figures of one slice of referrals (a municipality, an agency, a group, an intake channel).</summary>
public sealed record SliceFigures(
    string Key,
    Cell Referrals,
    Cell Accepted,
    Cell Rejected,
    Cell Completed,
    Cell Failed,
    double? AcceptanceRate,
    double? CompletionRate,
    Durations? Durations);

public sealed record StatusNeedCount(ReferralStatus Status, Need Need, Cell Count);

public sealed record JourneyFigures(
    int People,
    double? MedianHandoversPerPerson,
    double? P90HandoversPerPerson,
    Cell PeopleWithoutLeadNow,
    double? MedianDaysWithoutLead,
    Cell PeopleWithRejectionChains,
    int? LongestRejectionChain,
    double? ShareOfferedProfessionalHelp);

public sealed record Dashboard(
    string Region,
    DateTimeOffset From,
    DateTimeOffset To,
    int Referrals,
    IReadOnlyList<StatusNeedCount> ReferralsByStatusAndNeed,
    IReadOnlyDictionary<string, int> OpenSignals,
    Durations Durations,
    double? AcceptanceRate,
    double? CompletionRate,
    JourneyFigures Journeys,
    IReadOnlyList<SliceFigures> ByMunicipality,
    IReadOnlyList<SliceFigures> ByAgency,
    IReadOnlyList<SliceFigures> ByGroup,
    IReadOnlyList<SliceFigures> ByIntakeChannel,
    int OutreachIntakes,
    DateTimeOffset ComputedAt);

/// <summary>The aggregates of domain.md for a region (or <c>*</c>, the nation) over a period of referral requests.</summary>
[Authorize(Role.Coordinator)]
public sealed record GetDashboard(string Region, DateTimeOffset? From, DateTimeOffset? To) : IQuery<Dashboard>, IAccessLogged
{
    string IAccessLogged.AccessAction => "dashboard.read";
    string IAccessLogged.AccessResourceType => "dashboard";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class GetDashboardValidator : AbstractValidator<GetDashboard>
{
    public GetDashboardValidator()
    {
        RuleFor(x => x.Region).Matches("^([0-9]{2}|\\*)$").WithMessage("'region' must be a two-digit region code or '*'.");
        RuleFor(x => x.To).Must((x, to) => to is null || x.From is null || to > x.From).WithMessage("'to' must be after 'from'.");
    }
}

public sealed class GetDashboardHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, SignalCatalog catalog)
    : IQueryHandler<GetDashboard, Dashboard>
{
    /// <summary>The scalar facts of one referral that the aggregates read; grouped and counted in SQL.</summary>
    private sealed class Fact
    {
        public Guid CaseId { get; init; }
        public ReferralStatus Status { get; init; }
        public Need Need { get; init; }
        public Guid ToAgencyId { get; init; }
        public string MunicipalityCode { get; init; } = string.Empty;
        public IntakeChannel IntakeChannel { get; init; }
        public bool Child { get; init; }
        public bool OtherNationality { get; init; }
        public bool ComplexNeeds { get; init; }
        public int? MinutesToReceive { get; init; }
        public int? MinutesToAnswer { get; init; }
        public int? MinutesToFirstContact { get; init; }
    }

    public async ValueTask<Dashboard> Handle(GetDashboard query, CancellationToken cancellationToken)
    {
        var cases = db.CasesOf(user, query.Region, null);
        var now = clock.GetUtcNow();
        var periodEnd = query.To ?? now;
        var periodStart = query.From ?? periodEnd.AddDays(-90);
        var referrals =
            from r in db.Referrals
            join c in cases on r.CaseId equals c.Id
            where r.RequestedAt >= periodStart && r.RequestedAt < periodEnd
            select new Fact
            {
                CaseId = c.Id, Status = r.Status, Need = r.Need, ToAgencyId = r.ToAgencyId, MunicipalityCode = c.MunicipalityCode,
                IntakeChannel = c.IntakeChannel, Child = c.ChildAtOpening, OtherNationality = c.OtherNationality, ComplexNeeds = c.ComplexNeeds,
                MinutesToReceive = r.MinutesToReceive, MinutesToAnswer = r.MinutesToAnswer, MinutesToFirstContact = r.MinutesToFirstContact,
            };

        var byStatusAndNeed = await referrals.GroupBy(f => new { f.Status, f.Need })
            .Select(g => new { g.Key.Status, g.Key.Need, Count = g.Count() }).ToListAsync(cancellationToken);
        var total = byStatusAndNeed.Sum(x => x.Count);

        var openSignals = new Dictionary<string, int>();
        foreach (var code in SignalCodes.All)
        {
            openSignals[code] = await catalog.Open(code, cases, now).CountAsync(cancellationToken);
        }

        var top = await FiguresAsync("all", referrals, withDurations: true, suppress: false, cancellationToken);

        var byMunicipality = await BreakdownAsync(referrals, f => f.MunicipalityCode, cancellationToken);
        var byAgency = await BreakdownAsync(referrals, f => f.ToAgencyId.ToString(), cancellationToken);
        var byIntake = await BreakdownAsync(referrals, f => f.IntakeChannel.ToString(), cancellationToken);
        var byGroup = new List<SliceFigures>
        {
            await FiguresAsync("children", referrals.Where(f => f.Child), true, true, cancellationToken),
            await FiguresAsync("other-nationality", referrals.Where(f => f.OtherNationality), true, true, cancellationToken),
            await FiguresAsync("complex-needs", referrals.Where(f => f.ComplexNeeds), true, true, cancellationToken),
            await FiguresAsync("everyone-else", referrals.Where(f => !f.Child && !f.OtherNationality && !f.ComplexNeeds), true, true, cancellationToken),
        };

        var outreach = await cases.CountAsync(
            c => c.OpenedAt >= periodStart && c.OpenedAt < periodEnd && (c.IntakeChannel == IntakeChannel.Outreach || c.IntakeChannel == IntakeChannel.DigitalOutreach), cancellationToken);

        return new Dashboard(
            query.Region, periodStart, periodEnd, total,
            byStatusAndNeed.Select(x => new StatusNeedCount(x.Status, x.Need, Cell.Of(x.Count))).OrderBy(x => x.Status).ThenBy(x => x.Need).ToList(),
            openSignals,
            top.Durations!, top.AcceptanceRate, top.CompletionRate,
            await JourneysAsync(cases, referrals, now, cancellationToken),
            byMunicipality, byAgency.Select(s => s with { Key = s.Key }).ToList(), byGroup,
            byIntake.Select(s => s with { Key = Codes.Kebab(s.Key) }).ToList(),
            outreach, now);
    }

    private static async Task<List<SliceFigures>> BreakdownAsync(IQueryable<Fact> referrals, System.Linq.Expressions.Expression<Func<Fact, string>> key, CancellationToken cancellationToken)
    {
        var rows = await referrals.GroupBy(key).Select(g => new
        {
            g.Key,
            Total = g.Count(),
            Accepted = g.Count(f => f.Status == ReferralStatus.Accepted || f.Status == ReferralStatus.InProgress || f.Status == ReferralStatus.Completed || f.Status == ReferralStatus.Failed),
            Rejected = g.Count(f => f.Status == ReferralStatus.Rejected),
            Completed = g.Count(f => f.Status == ReferralStatus.Completed),
            Failed = g.Count(f => f.Status == ReferralStatus.Failed),
        }).ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => Slice(r.Key, r.Total, r.Accepted, r.Rejected, r.Completed, r.Failed, null, suppress: true)).ToList();
    }

    private static async Task<SliceFigures> FiguresAsync(string key, IQueryable<Fact> referrals, bool withDurations, bool suppress, CancellationToken cancellationToken)
    {
        var counts = await referrals.GroupBy(_ => 1).Select(g => new
        {
            Total = g.Count(),
            Accepted = g.Count(f => f.Status == ReferralStatus.Accepted || f.Status == ReferralStatus.InProgress || f.Status == ReferralStatus.Completed || f.Status == ReferralStatus.Failed),
            Rejected = g.Count(f => f.Status == ReferralStatus.Rejected),
            Completed = g.Count(f => f.Status == ReferralStatus.Completed),
            Failed = g.Count(f => f.Status == ReferralStatus.Failed),
        }).SingleOrDefaultAsync(cancellationToken);
        Durations? durations = null;
        if (withDurations)
        {
            durations = new Durations(
                await DurationAsync(referrals.Where(f => f.MinutesToReceive != null).Select(f => f.MinutesToReceive!.Value), suppress, cancellationToken),
                await DurationAsync(referrals.Where(f => f.MinutesToAnswer != null).Select(f => f.MinutesToAnswer!.Value), suppress, cancellationToken),
                await DurationAsync(referrals.Where(f => f.MinutesToFirstContact != null).Select(f => f.MinutesToFirstContact!.Value), suppress, cancellationToken));
        }

        return Slice(key, counts?.Total ?? 0, counts?.Accepted ?? 0, counts?.Rejected ?? 0, counts?.Completed ?? 0, counts?.Failed ?? 0, durations, suppress);
    }

    private static SliceFigures Slice(string key, int total, int accepted, int rejected, int completed, int failed, Durations? durations, bool suppress)
    {
        Cell C(int n) => suppress ? Cell.Of(n) : new Cell(n, false);
        var answered = accepted + rejected;
        var ended = completed + failed;
        double? Rate(int part, int whole) => whole == 0 || (suppress && whole < Cell.SuppressBelow) ? null : Math.Round((double)part / whole, 3);
        return new SliceFigures(key, C(total), C(accepted), C(rejected), C(completed), C(failed), Rate(accepted, answered), Rate(completed, ended), durations);
    }

    /// <summary>Exact median and 90th percentile from the distinct values and their counts (one grouped query).</summary>
    private static async Task<Duration> DurationAsync(IQueryable<int> minutes, bool suppress, CancellationToken cancellationToken)
    {
        var histogram = await minutes.GroupBy(m => m).Select(g => new { Minutes = g.Key, Count = g.Count() }).OrderBy(x => x.Minutes).ToListAsync(cancellationToken);
        var count = histogram.Sum(h => h.Count);
        if (count == 0 || (suppress && count < Cell.SuppressBelow))
        {
            return new Duration(null, null, suppress && count is > 0 and < Cell.SuppressBelow ? null : count);
        }

        double Percentile(double p)
        {
            var rank = (int)Math.Ceiling(p * count);
            var seen = 0;
            foreach (var h in histogram)
            {
                seen += h.Count;
                if (seen >= rank)
                {
                    return Math.Round(h.Minutes / 60.0, 2);
                }
            }

            return Math.Round(histogram[^1].Minutes / 60.0, 2);
        }

        return new Duration(Percentile(0.5), Percentile(0.9), count);
    }

    /// <summary>Journey figures per person: what the survey calls luck.</summary>
    private static async Task<JourneyFigures> JourneysAsync(IQueryable<Case> cases, IQueryable<Fact> referrals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var perPerson = await referrals.GroupBy(f => f.CaseId).Select(g => g.Count()).GroupBy(n => n).Select(g => new { Handovers = g.Key, People = g.Count() })
            .OrderBy(x => x.Handovers).ToListAsync(cancellationToken);
        var people = perPerson.Sum(p => p.People);
        double? Pct(double p)
        {
            if (people == 0)
            {
                return null;
            }

            var rank = (int)Math.Ceiling(p * people);
            var seen = 0;
            foreach (var x in perPerson)
            {
                seen += x.People;
                if (seen >= rank)
                {
                    return x.Handovers;
                }
            }

            return perPerson[^1].Handovers;
        }

        var withoutLead = await cases.Where(c => c.Status == CaseStatus.Open && c.LeadAgencyId == null && c.WithoutLeadSince != null)
            .Select(c => c.WithoutLeadSince!.Value).ToListAsync(cancellationToken);
        var days = withoutLead.Select(s => (now - s).TotalDays).Order().ToList();

        var chains = await referrals.Where(f => f.Status == ReferralStatus.Rejected).GroupBy(f => new { f.CaseId, f.Need })
            .Select(g => g.Count()).Where(n => n >= 2).ToListAsync(cancellationToken);

        var offered = await referrals.Where(f => (f.Need == Need.TraumaSupport || f.Need == Need.Psychiatry)
                && (f.Status == ReferralStatus.Accepted || f.Status == ReferralStatus.InProgress || f.Status == ReferralStatus.Completed))
            .Select(f => f.CaseId).Distinct().CountAsync(cancellationToken);

        return new JourneyFigures(
            people,
            Pct(0.5),
            Pct(0.9),
            Cell.Of(withoutLead.Count),
            days.Count >= Cell.SuppressBelow ? Math.Round(days[days.Count / 2], 1) : null,
            Cell.Of(chains.Count),
            chains.Count >= Cell.SuppressBelow || chains.Count == 0 ? chains.DefaultIfEmpty(0).Max() : null,
            people == 0 ? null : Math.Round((double)offered / people, 3));
    }
}
