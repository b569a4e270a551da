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
/// One signal an open case will raise, and the instant its window counts from (its anchor): the
/// signal is open once <c>anchor + window ≤ now</c>. One row per signal candidate — per referral for
/// the referral signals (<see cref="ReferralId"/>), <see cref="Guid.Empty"/> for the case's own —
/// kept with the tallies in the same transaction (ADR 0014), so a case read answers its open signals
/// from these rows instead of loading every referral of the case, and a transition changes only its
/// referral's row.
/// </summary>
public sealed class CaseSignalAnchor
{
    public Guid CaseId { get; set; }
    public string Signal { get; set; } = string.Empty;
    public Guid ReferralId { get; set; }
    public DateTimeOffset Anchor { get; set; }
}

/// <summary>A signal a case will raise: its code, its anchor, and the referral it names (null for the case's own).</summary>
public readonly record struct SignalCandidate(string Code, DateTimeOffset Anchor, Guid? ReferralId);

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

    /// <summary>Everything a case contributes, for its current facts: each referral's own part, then the case's.</summary>
    public static IEnumerable<TallyPoint> Of(CaseFacts c, IReadOnlyCollection<ReferralFacts> referrals, Func<Guid, bool> isSocialServices)
    {
        var groups = GroupsOf(c);
        foreach (var r in referrals)
        {
            foreach (var point in OfReferral(c, groups, r))
            {
                yield return point;
            }
        }

        foreach (var point in OfCaseAsAWhole(c, referrals, isSocialServices))
        {
            yield return point;
        }
    }

    /// <summary>
    /// What one referral contributes on its own: its status counts, its step durations and the
    /// deadline signal it will raise. Depends on the case only through <see cref="ReferralPartOfCase"/>.
    /// </summary>
    public static IEnumerable<TallyPoint> OfReferral(CaseFacts c, IReadOnlyList<string> groups, ReferralFacts r)
    {
        var region = c.RegionCode;
        var intake = Codes.Of(c.IntakeChannel);
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

        if (c.Status == CaseStatus.Open && DeadlineSignal(r) is { } signal)
        {
            yield return new(region, DayOf(signal.Anchor), Signals, signal.Code);
        }
    }

    /// <summary>
    /// What the case contributes as a whole: its opening, its journey, its days without a lead, and
    /// the signals that depend on more than one referral (or on none). Reads of each referral only
    /// what <see cref="CaseWideFactsOf"/> keeps.
    /// </summary>
    public static IEnumerable<TallyPoint> OfCaseAsAWhole(CaseFacts c, IReadOnlyCollection<ReferralFacts> referrals, Func<Guid, bool> isSocialServices)
    {
        var region = c.RegionCode;
        var opened = DayOf(c.OpenedAt);
        yield return new(region, opened, CasesOpened, Codes.Of(c.IntakeChannel));
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

        foreach (var candidate in CaseWideSignalCandidates(c, referrals, isSocialServices))
        {
            yield return new(region, DayOf(candidate.Anchor), Signals, candidate.Code);
        }
    }

    /// <summary>The facts of the case that each referral's own part depends on: if these are unchanged, so is every unchanged referral's part.</summary>
    public static (string Region, string Municipality, IntakeChannel Intake, bool Child, bool OtherNationality, bool ComplexNeeds, CaseStatus Status) ReferralPartOfCase(CaseFacts c) =>
        (c.RegionCode, c.MunicipalityCode, c.IntakeChannel, c.Child, c.OtherNationality, c.ComplexNeeds, c.Status);

    /// <summary>
    /// What the case-wide part reads of a referral: its need, receiver and request time, which of
    /// the status classes it is in (pending, helped, rejected, failed, cancelled), and its end if it
    /// was rejected or failed. A change that keeps this for every referral keeps the case-wide part.
    /// </summary>
    public static ReferralFacts CaseWideFactsOf(ReferralFacts r) => new(
        r.Id, r.CaseId, r.Need, r.ToAgencyId, StatusClass(r.Status), r.RequestedAt, default, default, default, default,
        r.Status is ReferralStatus.Rejected or ReferralStatus.Failed ? r.EndedAt : null, null, null, null);

    /// <summary>Loads what the case-wide part reads (and the exact status), nothing else.</summary>
    public static readonly Expression<Func<Referral, ReferralFacts>> CaseWideProjection = r => new ReferralFacts(
        r.Id, r.CaseId, r.Need, r.ToAgencyId, r.Status, r.RequestedAt, default, default, default, default, r.EndedAt, null, null, null);

    /// <summary>Statuses the case-wide part cannot tell apart share one value.</summary>
    private static ReferralStatus StatusClass(ReferralStatus status) => status switch
    {
        ReferralStatus.Requested or ReferralStatus.Received => ReferralStatus.Requested,
        ReferralStatus.Accepted or ReferralStatus.InProgress or ReferralStatus.Completed => ReferralStatus.Accepted,
        _ => status,
    };

    /// <summary>
    /// The signals a case and its referrals will raise once each window has passed, with the anchor
    /// the window counts from and the referral it names (null for the case's own) — the conditions
    /// of <see cref="SignalCatalog"/> without the clock (their equivalence is tested). A signal is
    /// open at <c>now</c> when <c>anchor ≤ now − window</c>.
    /// </summary>
    public static IEnumerable<SignalCandidate> SignalCandidates(CaseFacts c, IReadOnlyCollection<ReferralFacts> referrals, Func<Guid, bool> isSocialServices)
    {
        if (c.Status != CaseStatus.Open)
        {
            yield break;
        }

        foreach (var r in referrals)
        {
            if (DeadlineSignal(r) is { } signal)
            {
                yield return signal;
            }
        }

        foreach (var candidate in CaseWideSignalCandidates(c, referrals, isSocialServices))
        {
            yield return candidate;
        }
    }

    /// <summary>The deadline signal a referral will raise on its own (the other referrals play no part), if any.</summary>
    public static SignalCandidate? DeadlineSignal(ReferralFacts r) => r.Status switch
    {
        ReferralStatus.Requested => new(SignalCodes.NotReceived, r.ReceiveBy, r.Id),
        ReferralStatus.Received => new(SignalCodes.NotAnswered, r.AnswerBy, r.Id),
        ReferralStatus.Accepted => new(SignalCodes.NoFirstContact, r.FirstContactBy, r.Id),
        ReferralStatus.InProgress => new(SignalCodes.Stalled, r.LastEventAt, r.Id),
        _ => null,
    };

    /// <summary>The signals that depend on the case or on more than one of its referrals (open cases only).</summary>
    public static IEnumerable<SignalCandidate> CaseWideSignalCandidates(CaseFacts c, IReadOnlyCollection<ReferralFacts> referrals, Func<Guid, bool> isSocialServices)
    {
        if (c.Status != CaseStatus.Open)
        {
            yield break;
        }

        foreach (var r in referrals)
        {
            if (r.Status is ReferralStatus.Rejected or ReferralStatus.Failed && r.EndedAt is { } ended
                && !referrals.Any(n => n.Need == r.Need && n.RequestedAt > ended))
            {
                yield return new(r.Status == ReferralStatus.Rejected ? SignalCodes.RejectedNotRerouted : SignalCodes.FailedNoFollowUp, ended, r.Id);
            }
        }

        if (c.LeadAgencyId is null && c.WithoutLeadSince is { } withoutLeadSince)
        {
            yield return new(SignalCodes.NoLead, withoutLeadSince, null);
        }

        if (c.PendingLeadHandoverId is not null && c.LeadHandoverProposedAt is { } proposedAt)
        {
            yield return new(SignalCodes.LeadHandoverPending, proposedAt, null);
        }

        if (c.Child && !isSocialServices(c.OpenedByAgencyId) && (c.LeadAgencyId is not { } lead || !isSocialServices(lead))
            && !referrals.Any(r => r.Need == Need.ChildProtectionReport && r.Status is not (ReferralStatus.Rejected or ReferralStatus.Cancelled) && isSocialServices(r.ToAgencyId)))
        {
            yield return new(SignalCodes.ChildWithoutSocialServices, c.OpenedAt, null);
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
