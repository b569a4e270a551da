using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Options;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Application.Signals;

/// <summary>The signal codes of domain.md.</summary>
public static class SignalCodes
{
    public const string NotReceived = ReferralSignals.NotReceived;
    public const string NotAnswered = ReferralSignals.NotAnswered;
    public const string NoFirstContact = ReferralSignals.NoFirstContact;
    public const string RejectedNotRerouted = "rejected-not-rerouted";
    public const string FailedNoFollowUp = "failed-no-follow-up";
    public const string Stalled = ReferralSignals.Stalled;
    public const string NoLead = "no-lead";
    public const string LeadHandoverPending = "lead-handover-pending";
    public const string ChildWithoutSocialServices = "child-without-social-services";

    public static readonly IReadOnlyList<string> All =
        [NotReceived, NotAnswered, NoFirstContact, RejectedNotRerouted, FailedNoFollowUp, Stalled, NoLead, LeadHandoverPending, ChildWithoutSocialServices];
}

/// <summary>
/// One open signal, as the database answers it. <see cref="Anchor"/> is the recorded instant the
/// signal counts from; the signal opened at <c>Anchor + window</c>.
/// </summary>
public sealed class SignalFact
{
    public string Signal { get; init; } = string.Empty;
    public Guid CaseId { get; init; }
    public string CaseNumber { get; init; } = string.Empty;
    public Guid? ReferralId { get; init; }
    public Guid? AgencyToActId { get; init; }
    public DateTimeOffset Anchor { get; init; }
    public string RegionCode { get; init; } = string.Empty;
    public string MunicipalityCode { get; init; } = string.Empty;
    public Need? Need { get; init; }
    public Guid? FromAgencyId { get; init; }
    public Guid? ToAgencyId { get; init; }
}

public sealed record OpenSignal(SignalFact Fact, DateTimeOffset Since);

/// <summary>
/// Every dropped-handover signal, defined once, as a database query over the recorded facts and the
/// clock. Each signal opens exactly when its condition starts to hold and closes when it stops; no
/// scheduler stores anything, so any number of API instances agree. Referral reads, case reads, the
/// follow-up list and the dashboards all use these same definitions.
/// </summary>
public sealed class SignalCatalog(IApplicationDbContext db, IOptions<ReferralOptions> referralOptions, IOptions<CaseOptions> caseOptions)
{
    private sealed record Definition(string Code, TimeSpan Window, Func<IQueryable<Case>, DateTimeOffset, IQueryable<SignalFact>> Query);

    private IReadOnlyList<Definition>? _definitions;

    private IReadOnlyList<Definition> Definitions => _definitions ??= Build();

    public TimeSpan WindowOf(string signal) => Definitions.Single(d => d.Code == signal).Window;

    /// <summary>
    /// The facts of one signal that are open at <paramref name="now"/>, for the cases in <paramref name="cases"/>
    /// (open cases only: a closed case carries its justification instead). Ordered oldest first.
    /// </summary>
    public IQueryable<SignalFact> Open(string signal, IQueryable<Case> cases, DateTimeOffset now)
    {
        var definition = Definitions.Single(d => d.Code == signal);
        return definition.Query(cases.Where(c => c.Status == CaseStatus.Open), now - definition.Window).OrderBy(f => f.Anchor).ThenBy(f => f.CaseId);
    }

    public OpenSignal ToOpenSignal(SignalFact fact) => new(fact, fact.Anchor + WindowOf(fact.Signal));

    /// <summary>All open signals of the given cases or referrals, in one round trip.</summary>
    public async Task<IReadOnlyList<OpenSignal>> OpenForAsync(IQueryable<Case> cases, DateTimeOffset now, Func<SignalFact, bool>? keep, CancellationToken cancellationToken)
    {
        IQueryable<SignalFact>? all = null;
        foreach (var definition in Definitions)
        {
            var query = definition.Query(cases.Where(c => c.Status == CaseStatus.Open), now - definition.Window);
            all = all is null ? query : all.Concat(query);
        }

        var facts = await all!.ToListAsync(cancellationToken);
        return facts.Where(f => keep?.Invoke(f) ?? true).Select(ToOpenSignal).OrderBy(s => s.Since).ToList();
    }

    /// <summary>
    /// The codes of the signals open on one case at <paramref name="now"/>, oldest first, from the
    /// case's signal anchors (<see cref="Dashboards.CaseSignalAnchor"/>: one row per signal candidate,
    /// kept by every save from <see cref="Dashboards.DashboardTallies.SignalCandidates"/> — the
    /// conditions of these queries without the clock; tests hold the two equal). Only the earliest
    /// anchor of each signal is read.
    /// </summary>
    public async Task<IReadOnlyList<string>> OpenOnCaseAsync(Case @case, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var anchors = await db.CaseSignalAnchors.AsNoTracking().Where(a => a.CaseId == @case.Id)
            .GroupBy(a => a.Signal).Select(g => new { Signal = g.Key, Anchor = g.Min(a => a.Anchor) }).ToListAsync(cancellationToken);
        return anchors
            .Select(a => (a.Signal, Since: a.Anchor + WindowOf(a.Signal)))
            .Where(s => s.Since <= now)
            .OrderBy(s => s.Since).ThenBy(s => s.Signal, StringComparer.Ordinal)
            .Select(s => s.Signal).ToList();
    }

    private List<Definition> Build()
    {
        var levels = referralOptions.Value;
        var cases = caseOptions.Value;
        var socialServices = db.Agencies.Where(a => a.Kind == AgencyKind.SocialServices).Select(a => a.Id);

        return
        [
            new(SignalCodes.NotReceived, TimeSpan.Zero, (scope, threshold) =>
                from r in db.Referrals.Where(ReferralSignals.IsNotReceived(threshold))
                join c in scope on r.CaseId equals c.Id
                select new SignalFact
                {
                    Signal = SignalCodes.NotReceived, CaseId = c.Id, CaseNumber = c.CaseNumber, ReferralId = r.Id, AgencyToActId = r.ToAgencyId,
                    Anchor = r.ReceiveBy, RegionCode = c.RegionCode, MunicipalityCode = c.MunicipalityCode, Need = r.Need, FromAgencyId = r.FromAgencyId, ToAgencyId = r.ToAgencyId,
                }),
            new(SignalCodes.NotAnswered, TimeSpan.Zero, (scope, threshold) =>
                from r in db.Referrals.Where(ReferralSignals.IsNotAnswered(threshold))
                join c in scope on r.CaseId equals c.Id
                select new SignalFact
                {
                    Signal = SignalCodes.NotAnswered, CaseId = c.Id, CaseNumber = c.CaseNumber, ReferralId = r.Id, AgencyToActId = r.ToAgencyId,
                    Anchor = r.AnswerBy, RegionCode = c.RegionCode, MunicipalityCode = c.MunicipalityCode, Need = r.Need, FromAgencyId = r.FromAgencyId, ToAgencyId = r.ToAgencyId,
                }),
            new(SignalCodes.NoFirstContact, TimeSpan.Zero, (scope, threshold) =>
                from r in db.Referrals.Where(ReferralSignals.HasNoFirstContact(threshold))
                join c in scope on r.CaseId equals c.Id
                select new SignalFact
                {
                    Signal = SignalCodes.NoFirstContact, CaseId = c.Id, CaseNumber = c.CaseNumber, ReferralId = r.Id, AgencyToActId = r.ToAgencyId,
                    Anchor = r.FirstContactBy, RegionCode = c.RegionCode, MunicipalityCode = c.MunicipalityCode, Need = r.Need, FromAgencyId = r.FromAgencyId, ToAgencyId = r.ToAgencyId,
                }),
            new(SignalCodes.RejectedNotRerouted, levels.RerouteWithin, (scope, threshold) =>
                from r in db.Referrals
                join c in scope on r.CaseId equals c.Id
                where r.Status == ReferralStatus.Rejected && r.EndedAt <= threshold
                    && !db.Referrals.Any(n => n.CaseId == r.CaseId && n.Need == r.Need && n.RequestedAt > r.EndedAt)
                select new SignalFact
                {
                    Signal = SignalCodes.RejectedNotRerouted, CaseId = c.Id, CaseNumber = c.CaseNumber, ReferralId = r.Id, AgencyToActId = c.LeadAgencyId,
                    Anchor = r.EndedAt!.Value, RegionCode = c.RegionCode, MunicipalityCode = c.MunicipalityCode, Need = r.Need, FromAgencyId = r.FromAgencyId, ToAgencyId = r.ToAgencyId,
                }),
            new(SignalCodes.FailedNoFollowUp, levels.RerouteWithin, (scope, threshold) =>
                from r in db.Referrals
                join c in scope on r.CaseId equals c.Id
                where r.Status == ReferralStatus.Failed && r.EndedAt <= threshold
                    && !db.Referrals.Any(n => n.CaseId == r.CaseId && n.Need == r.Need && n.RequestedAt > r.EndedAt)
                select new SignalFact
                {
                    Signal = SignalCodes.FailedNoFollowUp, CaseId = c.Id, CaseNumber = c.CaseNumber, ReferralId = r.Id, AgencyToActId = c.LeadAgencyId,
                    Anchor = r.EndedAt!.Value, RegionCode = c.RegionCode, MunicipalityCode = c.MunicipalityCode, Need = r.Need, FromAgencyId = r.FromAgencyId, ToAgencyId = r.ToAgencyId,
                }),
            new(SignalCodes.Stalled, levels.StalledAfter, (scope, threshold) =>
                from r in db.Referrals.Where(ReferralSignals.IsStalled(threshold))
                join c in scope on r.CaseId equals c.Id
                select new SignalFact
                {
                    Signal = SignalCodes.Stalled, CaseId = c.Id, CaseNumber = c.CaseNumber, ReferralId = r.Id, AgencyToActId = r.ToAgencyId,
                    Anchor = r.LastEventAt, RegionCode = c.RegionCode, MunicipalityCode = c.MunicipalityCode, Need = r.Need, FromAgencyId = r.FromAgencyId, ToAgencyId = r.ToAgencyId,
                }),
            new(SignalCodes.NoLead, cases.LeadWithin, (scope, threshold) =>
                from c in scope
                where c.LeadAgencyId == null && c.WithoutLeadSince <= threshold
                select new SignalFact
                {
                    Signal = SignalCodes.NoLead, CaseId = c.Id, CaseNumber = c.CaseNumber, ReferralId = null, AgencyToActId = null,
                    Anchor = c.WithoutLeadSince!.Value, RegionCode = c.RegionCode, MunicipalityCode = c.MunicipalityCode, Need = null, FromAgencyId = null, ToAgencyId = null,
                }),
            new(SignalCodes.LeadHandoverPending, cases.LeadWithin, (scope, threshold) =>
                from c in scope
                where c.PendingLeadHandoverId != null && c.LeadHandoverProposedAt <= threshold
                select new SignalFact
                {
                    Signal = SignalCodes.LeadHandoverPending, CaseId = c.Id, CaseNumber = c.CaseNumber, ReferralId = null, AgencyToActId = c.ProposedLeadAgencyId,
                    Anchor = c.LeadHandoverProposedAt!.Value, RegionCode = c.RegionCode, MunicipalityCode = c.MunicipalityCode, Need = null, FromAgencyId = c.LeadAgencyId, ToAgencyId = c.ProposedLeadAgencyId,
                }),
            new(SignalCodes.ChildWithoutSocialServices, cases.ChildProtectionReportWithin, (scope, threshold) =>
                from c in scope
                where c.ChildAtOpening && c.OpenedAt <= threshold
                    && !socialServices.Contains(c.OpenedByAgencyId)
                    && (c.LeadAgencyId == null || !socialServices.Contains(c.LeadAgencyId.Value))
                    && !db.Referrals.Any(r => r.CaseId == c.Id && r.Need == Need.ChildProtectionReport
                        && r.Status != ReferralStatus.Rejected && r.Status != ReferralStatus.Cancelled && socialServices.Contains(r.ToAgencyId))
                select new SignalFact
                {
                    Signal = SignalCodes.ChildWithoutSocialServices, CaseId = c.Id, CaseNumber = c.CaseNumber, ReferralId = null, AgencyToActId = c.LeadAgencyId,
                    Anchor = c.OpenedAt, RegionCode = c.RegionCode, MunicipalityCode = c.MunicipalityCode, Need = null, FromAgencyId = null, ToAgencyId = null,
                }),
        ];
    }
}
