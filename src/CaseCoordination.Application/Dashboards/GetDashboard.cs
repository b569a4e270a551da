using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Common.Validation;
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
        this.RulesForPeriod(x => x.From, x => x.To);
    }
}

public sealed class GetDashboardHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock)
    : IQueryHandler<GetDashboard, Dashboard>
{
    private static readonly Dictionary<string, ReferralStatus> Statuses = Enum.GetValues<ReferralStatus>().ToDictionary(s => Codes.Of(s));
    private static readonly Dictionary<string, Need> Needs = Enum.GetValues<Need>().ToDictionary(n => Codes.Of(n));

    private sealed record Row(TallyFigure Figure, string Dimension, string Key, string Status, int Value, int Period, int Amount);

    /// <summary>
    /// Reads the pre-aggregated tallies of the period (whole UTC days, whole weeks where the period
    /// covers them) and of the present, so the cost does not grow with the number of referrals; only
    /// the signal rows that fall due today are counted one by one (ADR 0012, ADR 0022).
    /// </summary>
    public async ValueTask<Dashboard> Handle(GetDashboard query, CancellationToken cancellationToken)
    {
        // The scope is decided first: another region's coordinator gets 403 before anything is read.
        user.RequireRegion(query.Region);
        var national = query.Region == "*";
        var tallies = national ? db.DashboardTallies : db.DashboardTallies.Where(t => t.RegionCode == query.Region);
        var now = clock.GetUtcNow();
        var (firstDay, lastDay) = Days(query.From, query.To, now);

        var period = new List<Row>();
        foreach (var (grain, from, to) in InPeriod(firstDay, lastDay))
        {
            if (grain == TallyGrain.Week)
            {
                // Summed by the database along the covering index in key order. "Period + 0" keeps SQLite
                // from choosing the primary key's period range instead and sorting every row.
                period.AddRange(await tallies.Where(t => t.Grain == grain && t.Period + 0 >= from && t.Period + 0 <= to)
                    .GroupBy(t => new { t.Figure, t.Dimension, t.Key, t.Status, t.Value })
                    .Select(g => new Row(g.Key.Figure, g.Key.Dimension, g.Key.Key, g.Key.Status, g.Key.Value, 0, g.Sum(t => t.Amount)))
                    .ToListAsync(cancellationToken));
            }
            else
            {
                // The few days at the edges: read along the primary key (a narrow range) and summed below.
                period.AddRange(await tallies.Where(t => t.Grain == grain && t.Period >= from && t.Period <= to)
                    .Select(t => new Row(t.Figure, t.Dimension, t.Key, t.Status, t.Value, 0, t.Amount))
                    .ToListAsync(cancellationToken));
            }
        }

        period = period.GroupBy(r => r with { Amount = 0 }).Select(g => g.Key with { Amount = g.Sum(r => r.Amount) }).Where(r => r.Amount != 0).ToList();
        var today = DashboardTallies.DayOf(now);
        var current = await tallies
            .Where(t => t.Grain == TallyGrain.Day && (t.Figure == TallyFigure.WithoutLead || t.Figure == TallyFigure.SignalsDue) && t.Period + 0 <= today)
            .GroupBy(t => new { t.Figure, t.Key, t.Period })
            .Select(g => new { g.Key.Figure, g.Key.Key, g.Key.Period, Amount = g.Sum(t => t.Amount) })
            .ToListAsync(cancellationToken);
        var withoutLead = current.Where(t => t.Figure == TallyFigure.WithoutLead).ToList();

        var counts = period.Where(r => r.Figure == TallyFigure.Referrals)
            .Select(r => (r.Dimension, r.Key, Status: Statuses[r.Status], r.Amount))
            .ToList();
        var byStatusAndNeed = counts.Where(c => c.Dimension == DashboardTallies.ByNeed).ToList();
        var total = byStatusAndNeed.Sum(c => c.Amount);

        // Open signals: the signal rows due before today, from their day tallies, and today's due rows
        // themselves, counted along the (region, signal, due-at) index (ADR 0022).
        var signalRows = national ? db.CaseSignalAnchors : db.CaseSignalAnchors.Where(s => s.RegionCode == query.Region);
        var startOfToday = DashboardTallies.StartOfDay(today);
        var dueToday = await signalRows.Where(s => s.DueAt >= startOfToday && s.DueAt <= now).GroupBy(s => s.Signal)
            .Select(g => new { Signal = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Signal, g => g.Count, cancellationToken);
        var openSignals = SignalCodes.All.ToDictionary(
            code => code,
            code => current.Where(t => t.Figure == TallyFigure.SignalsDue && t.Key == code && t.Period < today).Sum(t => t.Amount) + dueToday.GetValueOrDefault(code));

        var durations = DurationsOf(period);
        var top = Slice("all", counts.Where(c => c.Dimension == DashboardTallies.ByNeed), durations.GetValueOrDefault(DashboardTallies.AllSlice), suppress: false);

        List<SliceFigures> Breakdown(string dimension) => counts.Where(c => c.Dimension == dimension).GroupBy(c => c.Key)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Slice(g.Key, g, null, suppress: true)).ToList();

        var byGroup = DashboardTallies.AllGroups
            .Select(g => Slice(g, counts.Where(c => c.Dimension == DashboardTallies.ByGroup && c.Key == g), durations.GetValueOrDefault(g), suppress: true))
            .Select(s => s with { Durations = s.Durations ?? EmptyDurations(suppress: true) })
            .ToList();

        var outreach = period.Where(r => r.Figure == TallyFigure.CasesOpened
            && (r.Key == Codes.Of(IntakeChannel.Outreach) || r.Key == Codes.Of(IntakeChannel.DigitalOutreach))).Sum(r => r.Amount);

        return new Dashboard(
            query.Region, DashboardTallies.StartOfDay(firstDay), DashboardTallies.StartOfDay(lastDay + 1), total,
            byStatusAndNeed.Where(c => c.Amount != 0).Select(c => new StatusNeedCount(c.Status, Needs[c.Key], Cell.Of(c.Amount)))
                .OrderBy(x => x.Status).ThenBy(x => x.Need).ToList(),
            openSignals,
            top.Durations ?? EmptyDurations(suppress: false), top.AcceptanceRate, top.CompletionRate,
            Journeys(period, withoutLead.Where(w => w.Amount != 0).Select(w => (Value: today - w.Period, Count: w.Amount)).OrderBy(x => x.Value).ToList()),
            Breakdown(DashboardTallies.ByMunicipality), Breakdown(DashboardTallies.ByAgency), byGroup, Breakdown(DashboardTallies.ByIntake),
            outreach, now);
    }

    /// <summary>The period's first and last UTC day: by default the 90 days up to now (the coverage figures read the same period).</summary>
    internal static (int FirstDay, int LastDay) Days(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var periodEnd = to ?? now;
        var periodStart = from ?? periodEnd.AddDays(-90);
        var firstDay = DashboardTallies.DayOf(periodStart);
        return (firstDay, Math.Max(firstDay, DashboardTallies.DayOf(periodEnd - TimeSpan.FromTicks(1))));
    }

    /// <summary>The period as whole weeks (from the week rows) and the days before and after them (from the day rows).</summary>
    internal static List<(TallyGrain Grain, int From, int To)> InPeriod(int firstDay, int lastDay)
    {
        var firstWeek = DashboardTallies.WeekOf(firstDay - 1) + 1;
        var lastWeek = DashboardTallies.WeekOf(lastDay + 1) - 1;
        if (firstWeek > lastWeek)
        {
            return [(TallyGrain.Day, firstDay, lastDay)];
        }

        var parts = new List<(TallyGrain, int, int)> { (TallyGrain.Week, firstWeek, lastWeek) };
        if (firstDay < DashboardTallies.FirstDayOfWeek(firstWeek))
        {
            parts.Add((TallyGrain.Day, firstDay, DashboardTallies.FirstDayOfWeek(firstWeek) - 1));
        }

        if (lastDay >= DashboardTallies.FirstDayOfWeek(lastWeek + 1))
        {
            parts.Add((TallyGrain.Day, DashboardTallies.FirstDayOfWeek(lastWeek + 1), lastDay));
        }

        return parts;
    }

    private static SliceFigures Slice(string key, IEnumerable<(string Dimension, string Key, ReferralStatus Status, int Amount)> counts, Durations? durations, bool suppress)
    {
        var byStatus = counts.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Sum(c => c.Amount));
        int Of(params ReferralStatus[] statuses) => statuses.Sum(byStatus.GetValueOrDefault);
        var total = byStatus.Values.Sum();
        var accepted = Of(ReferralStatus.Accepted, ReferralStatus.InProgress, ReferralStatus.Completed, ReferralStatus.Failed);
        var rejected = Of(ReferralStatus.Rejected);
        var completed = Of(ReferralStatus.Completed);
        var failed = Of(ReferralStatus.Failed);
        Cell C(int n) => suppress ? Cell.Of(n) : new Cell(n, false);
        var answered = accepted + rejected;
        var ended = completed + failed;
        double? Rate(int part, int whole) => whole == 0 || (suppress && whole < Cell.SuppressBelow) ? null : Math.Round((double)part / whole, 3);
        return new SliceFigures(key, C(total), C(accepted), C(rejected), C(completed), C(failed), Rate(accepted, answered), Rate(completed, ended), durations);
    }

    private static Durations EmptyDurations(bool suppress) =>
        new(Percentiles([], suppress), Percentiles([], suppress), Percentiles([], suppress));

    /// <summary>The duration histograms of the period, by slice (all, or a group).</summary>
    private static Dictionary<string, Durations> DurationsOf(List<Row> period)
    {
        var histograms = period.Where(r => r.Figure == TallyFigure.Durations)
            .GroupBy(r => r.Dimension)
            .ToDictionary(g => g.Key, g => g.GroupBy(r => r.Key).ToDictionary(
                step => step.Key,
                step => step.GroupBy(r => r.Value).Select(b => (Minutes: b.Key, Count: b.Sum(r => r.Amount))).OrderBy(b => b.Minutes).ToList()));
        return histograms.ToDictionary(h => h.Key, h =>
        {
            var suppress = h.Key != DashboardTallies.AllSlice;
            return new Durations(
                Percentiles(h.Value.GetValueOrDefault(DashboardTallies.ToReceive) ?? [], suppress),
                Percentiles(h.Value.GetValueOrDefault(DashboardTallies.ToAnswer) ?? [], suppress),
                Percentiles(h.Value.GetValueOrDefault(DashboardTallies.ToFirstContact) ?? [], suppress));
        });
    }

    /// <summary>Median and 90th percentile from a histogram of minutes (at the resolution of <see cref="DurationBuckets"/>).</summary>
    private static Duration Percentiles(List<(int Minutes, int Count)> histogram, bool suppress)
    {
        var count = histogram.Sum(h => h.Count);
        if (count == 0 || (suppress && count < Cell.SuppressBelow))
        {
            return new Duration(null, null, suppress && count is > 0 and < Cell.SuppressBelow ? null : count);
        }

        double Percentile(double p) => Math.Round(Rank(histogram, count, p) / 60.0, 2);
        return new Duration(Percentile(0.5), Percentile(0.9), count);
    }

    private static int Rank(List<(int Value, int Count)> histogram, int count, double p)
    {
        var rank = (int)Math.Ceiling(p * count);
        var seen = 0;
        foreach (var (value, n) in histogram)
        {
            seen += n;
            if (seen >= rank)
            {
                return value;
            }
        }

        return histogram[^1].Value;
    }

    /// <summary>Journey figures per person (the people whose case opened in the period): what the survey calls luck.</summary>
    /// <param name="withoutLead">Open cases without a lead now, by days without one.</param>
    private static JourneyFigures Journeys(List<Row> period, List<(int Value, int Count)> withoutLead)
    {
        List<(int Value, int Count)> Histogram(string measure) => period
            .Where(r => r.Figure == TallyFigure.Journeys && r.Dimension == measure)
            .GroupBy(r => r.Value).Select(g => (Value: g.Key, Count: g.Sum(r => r.Amount)))
            .OrderBy(x => x.Value).ToList();

        var handovers = Histogram(DashboardTallies.Handovers);
        var people = handovers.Sum(h => h.Count);
        var chains = Histogram(DashboardTallies.LongestRejectionChain).Where(h => h.Value >= 2).ToList();
        var peopleWithChains = chains.Sum(h => h.Count);
        var offered = Histogram(DashboardTallies.OfferedHelp).Sum(h => h.Count);
        var withoutLeadCount = withoutLead.Sum(x => x.Count);

        return new JourneyFigures(
            people,
            people == 0 ? null : Rank(handovers, people, 0.5),
            people == 0 ? null : Rank(handovers, people, 0.9),
            Cell.Of(withoutLeadCount),
            withoutLeadCount >= Cell.SuppressBelow ? Rank(withoutLead, withoutLeadCount, 0.5) : null,
            Cell.Of(peopleWithChains),
            peopleWithChains >= Cell.SuppressBelow || peopleWithChains == 0 ? chains.Select(c => c.Value).DefaultIfEmpty(0).Max() : null,
            people == 0 ? null : Math.Round((double)offered / people, 3));
    }
}
