using System.Linq.Expressions;
using CaseCoordination.Application.Signals;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;

namespace CaseCoordination.Application.Dashboards;

public enum TallyGrain
{
    Day = 1,
    Week,
}

/// <summary>
/// One pre-aggregated count of the dashboards: how many referrals, durations, people or open-signal
/// candidates of a region fall on one day (or one week) under one figure and item. Kept in the same
/// transaction as every change of a case or referral (ADR 0012), so a dashboard reads a few thousand
/// of these rows whatever the number of referrals. Never holds personal data.
/// </summary>
public sealed class DashboardTally
{
    public string RegionCode { get; set; } = string.Empty;
    public TallyGrain Grain { get; set; }

    /// <summary>Days since 1970-01-01 (UTC) for <see cref="TallyGrain.Day"/>, weeks (Monday first) for <see cref="TallyGrain.Week"/>.</summary>
    public int Period { get; set; }

    public string Figure { get; set; } = string.Empty;
    public string Item { get; set; } = string.Empty;
    public int Amount { get; set; }
}

/// <summary>
/// The earliest instant from which one signal of one case counts (its anchor): the signal is open once
/// <c>anchor + window ≤ now</c>. Kept with the tallies in the same transaction (ADR 0014), one row per
/// case and signal the case would raise, so a case read answers its open signals from a handful of
/// rows instead of loading every referral of the case.
/// </summary>
public sealed class CaseSignalAnchor
{
    public Guid CaseId { get; set; }
    public string Signal { get; set; } = string.Empty;
    public DateTimeOffset Anchor { get; set; }
}

/// <summary>The facts of a case that its tallies depend on (nothing personal).</summary>
public sealed record CaseFacts(
    Guid Id,
    string RegionCode,
    string MunicipalityCode,
    IntakeChannel IntakeChannel,
    bool Child,
    bool OtherNationality,
    bool ComplexNeeds,
    CaseStatus Status,
    DateTimeOffset OpenedAt,
    Guid OpenedByAgencyId,
    Guid? LeadAgencyId,
    DateTimeOffset? WithoutLeadSince,
    Guid? PendingLeadHandoverId,
    DateTimeOffset? LeadHandoverProposedAt);

/// <summary>The facts of a referral that its tallies depend on.</summary>
public sealed record ReferralFacts(
    Guid Id,
    Guid CaseId,
    Need Need,
    Guid ToAgencyId,
    ReferralStatus Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset ReceiveBy,
    DateTimeOffset AnswerBy,
    DateTimeOffset FirstContactBy,
    DateTimeOffset LastEventAt,
    DateTimeOffset? EndedAt,
    int? MinutesToReceive,
    int? MinutesToAnswer,
    int? MinutesToFirstContact);

/// <summary>A case's contribution to one tally (always one unit).</summary>
public readonly record struct TallyPoint(string RegionCode, int Day, string Figure, string Item)
{
    /// <summary>Period figures are also rolled up by week; signal and lead figures are read by day only.</summary>
    public bool RolledUpByWeek => Figure is DashboardTallies.Referrals or DashboardTallies.Durations or DashboardTallies.Journeys or DashboardTallies.CasesOpened;
}

/// <summary>
/// What each case contributes to the dashboards' tallies, as one pure function of the case, its
/// referrals and which agencies are social services. The writer (Infrastructure) applies the
/// difference between a case's contribution before and after each save; a rebuild applies it for
/// every case; both use this function, so they cannot disagree.
/// </summary>
public static class DashboardTallies
{
    public const string Referrals = "referrals";
    public const string Durations = "duration";
    public const string Journeys = "journey";
    public const string CasesOpened = "cases-opened";
    public const string Signals = "signal";
    public const string WithoutLead = "without-lead";

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

    public static readonly Expression<Func<Case, CaseFacts>> CaseProjection = c => new CaseFacts(
        c.Id, c.RegionCode, c.MunicipalityCode, c.IntakeChannel, c.ChildAtOpening, c.OtherNationality, c.ComplexNeeds, c.Status,
        c.OpenedAt, c.OpenedByAgencyId, c.LeadAgencyId, c.WithoutLeadSince, c.PendingLeadHandoverId, c.LeadHandoverProposedAt);

    public static readonly Expression<Func<Referral, ReferralFacts>> ReferralProjection = r => new ReferralFacts(
        r.Id, r.CaseId, r.Need, r.ToAgencyId, r.Status, r.RequestedAt, r.ReceiveBy, r.AnswerBy, r.FirstContactBy, r.LastEventAt, r.EndedAt,
        r.MinutesToReceive, r.MinutesToAnswer, r.MinutesToFirstContact);

    private static readonly Func<Case, CaseFacts> CaseFactsOf = CaseProjection.Compile();
    private static readonly Func<Referral, ReferralFacts> ReferralFactsOf = ReferralProjection.Compile();

    public static CaseFacts FactsOf(Case @case) => CaseFactsOf(@case);

    public static ReferralFacts FactsOf(Referral referral) => ReferralFactsOf(referral);

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

    /// <summary>Everything a case contributes, for its current facts.</summary>
    public static IEnumerable<TallyPoint> Of(CaseFacts c, IReadOnlyCollection<ReferralFacts> referrals, Func<Guid, bool> isSocialServices)
    {
        var region = c.RegionCode;
        var groups = GroupsOf(c);
        var intake = Codes.Of(c.IntakeChannel);
        foreach (var r in referrals)
        {
            var day = DayOf(r.RequestedAt);
            var status = Codes.Of(r.Status);
            yield return new(region, day, Referrals, $"{ByNeed}:{Codes.Of(r.Need)}:{status}");
            yield return new(region, day, Referrals, $"{ByMunicipality}:{c.MunicipalityCode}:{status}");
            yield return new(region, day, Referrals, $"{ByAgency}:{r.ToAgencyId}:{status}");
            yield return new(region, day, Referrals, $"{ByIntake}:{intake}:{status}");
            foreach (var group in groups)
            {
                yield return new(region, day, Referrals, $"{ByGroup}:{group}:{status}");
            }

            foreach (var (metric, minutes) in new[] { (ToReceive, r.MinutesToReceive), (ToAnswer, r.MinutesToAnswer), (ToFirstContact, r.MinutesToFirstContact) })
            {
                if (minutes is not { } m)
                {
                    continue;
                }

                var bucket = DurationBuckets.Of(m);
                yield return new(region, day, Durations, $"{AllSlice}:{metric}:{bucket}");
                foreach (var group in groups)
                {
                    yield return new(region, day, Durations, $"{group}:{metric}:{bucket}");
                }
            }

        }

        var opened = DayOf(c.OpenedAt);
        yield return new(region, opened, CasesOpened, intake);
        yield return new(region, opened, Journeys, $"{Handovers}:{referrals.Count}");
        var longestChain = referrals.Where(r => r.Status == ReferralStatus.Rejected).GroupBy(r => r.Need).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        yield return new(region, opened, Journeys, $"{LongestRejectionChain}:{longestChain}");
        if (referrals.Any(r => r.Need is Need.TraumaSupport or Need.Psychiatry && r.Status is ReferralStatus.Accepted or ReferralStatus.InProgress or ReferralStatus.Completed))
        {
            yield return new(region, opened, Journeys, OfferedHelp);
        }

        if (c.Status == CaseStatus.Open && c.LeadAgencyId is null && c.WithoutLeadSince is { } withoutLeadSince)
        {
            yield return new(region, DayOf(withoutLeadSince), WithoutLead, string.Empty);
        }

        foreach (var (code, anchor) in SignalCandidates(c, referrals, isSocialServices))
        {
            yield return new(region, DayOf(anchor), Signals, code);
        }
    }

    /// <summary>
    /// The signals a case and its referrals will raise once each window has passed, with the anchor
    /// the window counts from — the conditions of <see cref="SignalCatalog"/> without the clock (their
    /// equivalence is tested). A signal is open at <c>now</c> when <c>anchor ≤ now − window</c>.
    /// </summary>
    public static IEnumerable<(string Code, DateTimeOffset Anchor)> SignalCandidates(CaseFacts c, IReadOnlyCollection<ReferralFacts> referrals, Func<Guid, bool> isSocialServices)
    {
        if (c.Status != CaseStatus.Open)
        {
            yield break;
        }

        foreach (var r in referrals)
        {
            if (SignalCandidate(r, referrals) is { } signal)
            {
                yield return signal;
            }
        }

        if (c.LeadAgencyId is null && c.WithoutLeadSince is { } withoutLeadSince)
        {
            yield return (SignalCodes.NoLead, withoutLeadSince);
        }

        if (c.PendingLeadHandoverId is not null && c.LeadHandoverProposedAt is { } proposedAt)
        {
            yield return (SignalCodes.LeadHandoverPending, proposedAt);
        }

        if (c.Child && !isSocialServices(c.OpenedByAgencyId) && (c.LeadAgencyId is not { } lead || !isSocialServices(lead))
            && !referrals.Any(r => r.Need == Need.ChildProtectionReport && r.Status is not (ReferralStatus.Rejected or ReferralStatus.Cancelled) && isSocialServices(r.ToAgencyId)))
        {
            yield return (SignalCodes.ChildWithoutSocialServices, c.OpenedAt);
        }
    }

    /// <summary>The earliest anchor of each signal the case will raise (<see cref="CaseSignalAnchor"/>).</summary>
    public static Dictionary<string, DateTimeOffset> EarliestAnchors(CaseFacts c, IReadOnlyCollection<ReferralFacts> referrals, Func<Guid, bool> isSocialServices)
    {
        var earliest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (code, anchor) in SignalCandidates(c, referrals, isSocialServices))
        {
            if (!earliest.TryGetValue(code, out var known) || anchor < known)
            {
                earliest[code] = anchor;
            }
        }

        return earliest;
    }

    /// <summary>
    /// The referral-level signal a referral will raise once its window has passed (the anchor is the
    /// instant the window counts from), whatever the clock says now.
    /// </summary>
    private static (string Code, DateTimeOffset Anchor)? SignalCandidate(ReferralFacts r, IReadOnlyCollection<ReferralFacts> ofCase) => r.Status switch
    {
        ReferralStatus.Requested => (SignalCodes.NotReceived, r.ReceiveBy),
        ReferralStatus.Received => (SignalCodes.NotAnswered, r.AnswerBy),
        ReferralStatus.Accepted => (SignalCodes.NoFirstContact, r.FirstContactBy),
        ReferralStatus.InProgress => (SignalCodes.Stalled, r.LastEventAt),
        ReferralStatus.Rejected or ReferralStatus.Failed when r.EndedAt is { } ended
            && !ofCase.Any(n => n.Need == r.Need && n.RequestedAt > ended) =>
            (r.Status == ReferralStatus.Rejected ? SignalCodes.RejectedNotRerouted : SignalCodes.FailedNoFollowUp, ended),
        _ => null,
    };

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
