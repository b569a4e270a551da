using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;

namespace CaseCoordination.Domain.Signals;

/// <summary>
/// One occurrence of a signal on an open case: the instant its window counts from (<see cref="Anchor"/>),
/// the instant it opens (<see cref="DueAt"/> = anchor + window; open while <c>DueAt ≤ now</c>), the
/// agency that must act, and the referral it names (null for the case's own signals).
/// </summary>
public sealed record SignalOccurrence(
    string Code,
    Guid? ReferralId,
    DateTimeOffset Anchor,
    DateTimeOffset DueAt,
    Guid? AgencyToActId,
    Need? Need,
    Guid? FromAgencyId,
    Guid? ToAgencyId);

/// <summary>A dropped-handover signal of domain.md: its code and its window (which may depend on the case).</summary>
public abstract record SignalDefinition(string Code, Func<SignalWindows, CaseFacts, TimeSpan> Window)
{
    /// <summary>Where the signal will be open once its window has passed, for a case as it stands.</summary>
    public abstract IEnumerable<SignalOccurrence> OccurrencesIn(CaseState state, SignalWindows windows);
}

/// <summary>A signal about one referral: checked for each referral of the case.</summary>
public sealed record ReferralSignal(
    string Code,
    Func<SignalWindows, CaseFacts, TimeSpan> Window,
    Func<CaseState, ReferralFacts, bool> AppliesTo,
    Func<ReferralFacts, DateTimeOffset> Anchor,
    Func<CaseFacts, ReferralFacts, Guid?> AgencyToAct) : SignalDefinition(Code, Window)
{
    public override IEnumerable<SignalOccurrence> OccurrencesIn(CaseState state, SignalWindows windows) =>
        from r in state.Referrals
        where AppliesTo(state, r)
        let anchor = Anchor(r)
        select new SignalOccurrence(Code, r.Id, anchor, anchor + Window(windows, state.Case), AgencyToAct(state.Case, r), r.Need, r.FromAgencyId, r.ToAgencyId);
}

/// <summary>A signal about the case as a whole (at most one per case).</summary>
public sealed record CaseSignal(
    string Code,
    Func<SignalWindows, CaseFacts, TimeSpan> Window,
    Func<CaseState, bool> AppliesTo,
    Func<CaseFacts, DateTimeOffset> Anchor,
    Func<CaseFacts, Guid?> AgencyToAct,
    Func<CaseFacts, (Guid? From, Guid? To)>? Agencies = null) : SignalDefinition(Code, Window)
{
    public override IEnumerable<SignalOccurrence> OccurrencesIn(CaseState state, SignalWindows windows)
    {
        if (!AppliesTo(state))
        {
            yield break;
        }

        var anchor = Anchor(state.Case);
        var (from, to) = Agencies?.Invoke(state.Case) ?? (null, null);
        yield return new SignalOccurrence(Code, null, anchor, anchor + Window(windows, state.Case), AgencyToAct(state.Case), null, from, to);
    }
}

/// <summary>
/// Every signal of domain.md, each defined once: the case read, a referral act's answer, the referral
/// reads, the follow-up list, the dashboards and case closing all derive from these definitions (through
/// the per-case signal rows that <see cref="OccurrencesIn"/> produces, or by evaluating it in memory).
/// A signal exists on open cases only: a closed case carries its justification instead.
/// </summary>
public static class SignalDefinitions
{
    private static readonly Func<SignalWindows, CaseFacts, TimeSpan> AtDeadline = (_, _) => TimeSpan.Zero;

    public static readonly IReadOnlyList<SignalDefinition> All =
    [
        new ReferralSignal("not-received", AtDeadline, (_, r) => r.Status == ReferralStatus.Requested, r => r.ReceiveBy, (_, r) => r.ToAgencyId),
        new ReferralSignal("not-answered", AtDeadline, (_, r) => r.Status == ReferralStatus.Received, r => r.AnswerBy, (_, r) => r.ToAgencyId),
        new ReferralSignal("no-first-contact", AtDeadline, (_, r) => r.Status == ReferralStatus.Accepted, r => r.FirstContactBy, (_, r) => r.ToAgencyId),
        new ReferralSignal(
            "rejected-not-rerouted",
            (w, _) => w.RerouteWithin,
            (s, r) => r.Status == ReferralStatus.Rejected && !s.SentAgainAfter(r.Need, r.EndedAt!.Value),
            r => r.EndedAt!.Value,
            (c, _) => c.LeadAgencyId),
        new ReferralSignal(
            "failed-no-follow-up",
            (w, _) => w.RerouteWithin,
            (s, r) => r.Status == ReferralStatus.Failed && !s.SentAgainAfter(r.Need, r.EndedAt!.Value),
            r => r.EndedAt!.Value,
            (c, _) => c.LeadAgencyId),
        new ReferralSignal("stalled", (w, _) => w.StalledAfter, (_, r) => r.Status == ReferralStatus.InProgress, r => r.LastEventAt, (_, r) => r.ToAgencyId),
        new CaseSignal("no-lead", (w, _) => w.LeadWithin, s => s.Case.LeadAgencyId is null && s.Case.WithoutLeadSince is not null, c => c.WithoutLeadSince!.Value, _ => null),
        new CaseSignal(
            "lead-handover-pending",
            (w, _) => w.LeadWithin,
            s => s.Case.PendingLeadHandoverId is not null && s.Case.LeadHandoverProposedAt is not null,
            c => c.LeadHandoverProposedAt!.Value,
            c => c.ProposedLeadAgencyId,
            c => (c.LeadAgencyId, c.ProposedLeadAgencyId)),
        new CaseSignal(
            "child-without-social-services",
            (w, _) => w.ChildProtectionReportWithin,
            s => s.Case.Child && !s.SocialServicesTakePart,
            c => c.OpenedAt,
            c => c.LeadAgencyId),
        new CaseSignal(
            "support-not-offered",
            (w, c) => c.Child ? w.ChildSupportOfferedWithin : w.SupportOfferedWithin,
            s => !s.Referrals.Any(r => r.Need is Need.TraumaSupport or Need.Psychiatry && r.WasAccepted),
            c => c.OpenedAt,
            c => c.LeadAgencyId),
    ];

    /// <summary>The signal codes, in the order of domain.md's table.</summary>
    public static readonly IReadOnlyList<string> Codes = [.. All.Select(s => s.Code)];

    /// <summary>Every occurrence of every signal on the case as it stands (none on a closed case), open or not yet due.</summary>
    public static IEnumerable<SignalOccurrence> OccurrencesIn(CaseState state, SignalWindows windows) =>
        state.Case.Status != CaseStatus.Open ? [] : All.SelectMany(s => s.OccurrencesIn(state, windows));

    /// <summary>The occurrences open at <paramref name="now"/>: their window has passed (inclusive).</summary>
    public static IEnumerable<SignalOccurrence> OpenIn(CaseState state, SignalWindows windows, DateTimeOffset now) =>
        OccurrencesIn(state, windows).Where(o => o.DueAt <= now);
}
