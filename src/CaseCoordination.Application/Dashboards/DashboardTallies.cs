using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Domain.Signals;

namespace CaseCoordination.Application.Dashboards;

public enum TallyGrain
{
    Day = 1,
    Week,
}

/// <summary>What a tally counts.</summary>
public enum TallyFigure
{
    /// <summary>Referrals by <see cref="DashboardTally.Dimension"/> (need, municipality, agency, intake, group), <see cref="DashboardTally.Key"/> and <see cref="DashboardTally.Status"/>.</summary>
    Referrals = 1,

    /// <summary>Step durations: <see cref="DashboardTally.Dimension"/> the slice (all or a group), <see cref="DashboardTally.Key"/> the step, <see cref="DashboardTally.Value"/> the bucket in minutes.</summary>
    Durations,

    /// <summary>Journeys per person: <see cref="DashboardTally.Dimension"/> the measure, <see cref="DashboardTally.Value"/> its value.</summary>
    Journeys,

    /// <summary>Cases opened, by intake channel (<see cref="DashboardTally.Key"/>).</summary>
    CasesOpened,

    /// <summary>Open cases without a lead, on the day they lost it.</summary>
    WithoutLead,

    /// <summary>Signal occurrences by code (<see cref="DashboardTally.Key"/>), on the day they fall due (the signal rows, counted).</summary>
    SignalsDue,

    /// <summary>
    /// Referrals that went outside the directory's coverage or were turned away for capacity, on the day they
    /// were sent: <see cref="DashboardTally.Dimension"/> the case's municipality, <see cref="DashboardTally.Key"/>
    /// the need, <see cref="DashboardTally.Status"/> the coverage group, <see cref="DashboardTally.Value"/> the
    /// <see cref="CoverageReason"/> (each referral once under <see cref="CoverageReason.Any"/>).
    /// </summary>
    OutsideCoverage,
}

/// <summary>Why a referral counts in the coverage figures (<see cref="TallyFigure.OutsideCoverage"/>).</summary>
public enum CoverageReason
{
    /// <summary>Any of the reasons below (each referral counted once).</summary>
    Any = 0,
    OutsideMunicipality = 1,
    RejectedForCapacity = 2,
    GroupNotCovered = 3,
    NeedNotCovered = 4,
}

/// <summary>
/// One pre-aggregated count of the dashboards: how many referrals, durations, people or cases of a
/// region fall on one day (or one week) under one typed key. Kept in the same transaction as every
/// change of a case or referral (ADR 0012, ADR 0022), so a dashboard reads a few thousand of these rows
/// whatever the number of referrals. Never holds personal data.
/// </summary>
public sealed class DashboardTally
{
    public string RegionCode { get; set; } = string.Empty;
    public TallyGrain Grain { get; set; }

    /// <summary>Days since 1970-01-01 (UTC) for <see cref="TallyGrain.Day"/>, weeks (Monday first) for <see cref="TallyGrain.Week"/>.</summary>
    public int Period { get; set; }

    public TallyFigure Figure { get; set; }
    public string Dimension { get; set; } = string.Empty;
    public string Key { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public int Value { get; set; }
    public int Amount { get; set; }
}

/// <summary>A case's contribution to one tally (always one unit), on the day it counts.</summary>
public readonly record struct TallyPoint(string RegionCode, int Day, TallyFigure Figure, string Dimension = "", string Key = "", string Status = "", int Value = 0)
{
    /// <summary>Period figures are also rolled up by week; the figures of the present are read by day only.</summary>
    public bool RolledUpByWeek => Figure is not (TallyFigure.WithoutLead or TallyFigure.SignalsDue);
}

/// <summary>
/// What each case contributes to the dashboards' tallies, as one pure function of the case as it
/// stands (<see cref="Of"/>). The read models replace a touched case's contribution with it after each
/// act, and a rebuild applies it to every case: one function, so they cannot disagree (ADR 0022).
/// The open-signal figure counts the case's signal occurrences by the day they fall due, so the
/// dashboard counts the rows themselves for today only.
/// </summary>
public static class DashboardTallies
{
    public const string ByNeed = "need";
    public const string ByMunicipality = "municipality";
    public const string ByAgency = "agency";
    public const string ByGroup = "group";
    public const string ByIntake = "intake";

    public const string AllSlice = "all";
    public const string ToReceive = "receive";
    public const string ToAnswer = "answer";
    public const string ToFirstContact = "first-contact";

    public const string Handovers = "handovers";
    public const string LongestRejectionChain = "longest-rejection-chain";
    public const string OfferedHelp = "offered-help";

    /// <summary>The groups of domain.md a case counts in: children, other nationality, complex needs, or everyone else.</summary>
    public static IReadOnlyList<string> GroupsOf(CaseFacts c)
    {
        var groups = new List<string>(3);
        if (c.Child)
        {
            groups.Add("children");
        }

        if (c.OtherNationality)
        {
            groups.Add("other-nationality");
        }

        if (c.ComplexNeeds)
        {
            groups.Add("complex-needs");
        }

        if (groups.Count == 0)
        {
            groups.Add("everyone-else");
        }

        return groups;
    }

    public static readonly IReadOnlyList<string> AllGroups = ["children", "other-nationality", "complex-needs", "everyone-else"];

    /// <summary>Everything a case contributes, for the case as it stands and its signal occurrences.</summary>
    public static IEnumerable<TallyPoint> Of(CaseState state, IEnumerable<SignalOccurrence> signals) =>
        Of(state).Concat(signals.Select(o => new TallyPoint(state.Case.RegionCode, DayOf(o.DueAt), TallyFigure.SignalsDue, Key: o.Code)));

    /// <summary>Each referral's counts and durations, then the case's own figures.</summary>
    private static IEnumerable<TallyPoint> Of(CaseState state)
    {
        var c = state.Case;
        var region = c.RegionCode;
        var groups = GroupsOf(c);
        var intake = Codes.Of(c.IntakeChannel);
        foreach (var r in state.Referrals)
        {
            var day = DayOf(r.RequestedAt);
            var status = Codes.Of(r.Status);
            yield return new(region, day, TallyFigure.Referrals, ByNeed, Codes.Of(r.Need), status);
            yield return new(region, day, TallyFigure.Referrals, ByMunicipality, c.MunicipalityCode, status);
            yield return new(region, day, TallyFigure.Referrals, ByAgency, r.ToAgencyId.ToString(), status);
            yield return new(region, day, TallyFigure.Referrals, ByIntake, intake, status);
            foreach (var group in groups)
            {
                yield return new(region, day, TallyFigure.Referrals, ByGroup, group, status);
            }

            foreach (var point in OutsideCoverage(c, r, day))
            {
                yield return point;
            }

            foreach (var (step, minutes) in new[] { (ToReceive, r.MinutesToReceive), (ToAnswer, r.MinutesToAnswer), (ToFirstContact, r.MinutesToFirstContact) })
            {
                if (minutes is not { } m)
                {
                    continue;
                }

                var bucket = DurationBuckets.Of(m);
                yield return new(region, day, TallyFigure.Durations, AllSlice, step, Value: bucket);
                foreach (var group in groups)
                {
                    yield return new(region, day, TallyFigure.Durations, group, step, Value: bucket);
                }
            }
        }

        var opened = DayOf(c.OpenedAt);
        yield return new(region, opened, TallyFigure.CasesOpened, ByIntake, intake);
        yield return new(region, opened, TallyFigure.Journeys, Handovers, Value: state.Referrals.Count);
        var longestChain = state.Referrals.Where(r => r.Status == ReferralStatus.Rejected).GroupBy(r => r.Need).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        yield return new(region, opened, TallyFigure.Journeys, LongestRejectionChain, Value: longestChain);
        if (state.Referrals.Any(r => r.Need is Need.TraumaSupport or Need.Psychiatry && r.Status is ReferralStatus.Accepted or ReferralStatus.InProgress or ReferralStatus.Completed))
        {
            yield return new(region, opened, TallyFigure.Journeys, OfferedHelp);
        }

        if (c.Status == CaseStatus.Open && c.LeadAgencyId is null && c.WithoutLeadSince is { } withoutLeadSince)
        {
            yield return new(region, DayOf(withoutLeadSince), TallyFigure.WithoutLead);
        }
    }

    /// <summary>
    /// A referral's coverage points: per coverage group of the case, one per reason that applies to the group
    /// and one "any". The group reason is the child/adult mismatch for the children and adults groups and the
    /// language mismatch for the other-language group; place, need and capacity apply to every group.
    /// </summary>
    private static IEnumerable<TallyPoint> OutsideCoverage(CaseFacts c, ReferralFacts r, int day)
    {
        var mismatch = r.OutsideCoverage ?? CoverageMismatch.None;
        var need = Codes.Of(r.Need);
        foreach (var group in Coverage.GroupsOf(c.Child, c.OtherLanguage))
        {
            var reasons = new List<CoverageReason>(4);
            if (mismatch.HasFlag(CoverageMismatch.Municipality))
            {
                reasons.Add(CoverageReason.OutsideMunicipality);
            }

            if (r.TurnedAwayForCapacity)
            {
                reasons.Add(CoverageReason.RejectedForCapacity);
            }

            if (mismatch.HasFlag(group == CoverageGroup.OtherLanguage ? CoverageMismatch.Language : CoverageMismatch.Group))
            {
                reasons.Add(CoverageReason.GroupNotCovered);
            }

            if (mismatch.HasFlag(CoverageMismatch.Need))
            {
                reasons.Add(CoverageReason.NeedNotCovered);
            }

            if (reasons.Count == 0)
            {
                continue;
            }

            var code = Codes.Of(group);
            yield return new(c.RegionCode, day, TallyFigure.OutsideCoverage, c.MunicipalityCode, need, code, (int)CoverageReason.Any);
            foreach (var reason in reasons)
            {
                yield return new(c.RegionCode, day, TallyFigure.OutsideCoverage, c.MunicipalityCode, need, code, (int)reason);
            }
        }
    }

    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static int DayOf(DateTimeOffset instant) => (int)Math.Floor((instant.UtcDateTime - Epoch).TotalDays);

    public static DateTimeOffset StartOfDay(int day) => new(Epoch.AddDays(day));

    /// <summary>Weeks start on Monday (1970-01-01 was a Thursday).</summary>
    public static int WeekOf(int day) => (int)Math.Floor((day + 3) / 7.0);

    public static int FirstDayOfWeek(int week) => (week * 7) - 3;
}

/// <summary>
/// Durations are counted in buckets so that a day holds a bounded number of rows: exact minutes up to
/// 10, then 5-minute steps to an hour, 15-minute steps to 4 hours, hours to a day, 6-hour steps to a
/// week, days to 30 days and weeks beyond. A bucket is named by its lower bound, so medians and
/// percentiles are reported at that resolution (a value on a step boundary is exact).
/// </summary>
public static class DurationBuckets
{
    private static readonly (int From, int Step)[] Steps =
    [
        (0, 1), (10, 5), (60, 15), (240, 60), (1440, 360), (10080, 1440), (43200, 10080),
    ];

    public static int Of(int minutes)
    {
        var m = Math.Max(0, minutes);
        var (from, step) = Steps.Last(s => s.From <= m);
        return from + ((m - from) / step * step);
    }
}
