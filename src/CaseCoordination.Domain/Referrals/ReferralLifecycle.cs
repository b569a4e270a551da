using CaseCoordination.Domain.Common;

namespace CaseCoordination.Domain.Referrals;

/// <summary>
/// The referral lifecycle as a table: for each status, the acts allowed and where each leads.
/// <code>
/// requested ──receive──▶ received ──accept──▶ accepted ──start──▶ in-progress ──complete──▶ completed
///     │                     │  └──reject──▶ rejected                 │
///     └───cancel────────────┴──cancel──▶ cancelled   accepted/in-progress ──fail──▶ failed
/// </code>
/// </summary>
public static class ReferralLifecycle
{
    private static readonly Dictionary<(ReferralStatus From, ReferralAct Act), ReferralStatus> Transitions = new()
    {
        [(ReferralStatus.Requested, ReferralAct.Receive)] = ReferralStatus.Received,
        [(ReferralStatus.Requested, ReferralAct.Cancel)] = ReferralStatus.Cancelled,
        [(ReferralStatus.Received, ReferralAct.Accept)] = ReferralStatus.Accepted,
        [(ReferralStatus.Received, ReferralAct.Reject)] = ReferralStatus.Rejected,
        [(ReferralStatus.Received, ReferralAct.Cancel)] = ReferralStatus.Cancelled,
        [(ReferralStatus.Accepted, ReferralAct.Start)] = ReferralStatus.InProgress,
        [(ReferralStatus.Accepted, ReferralAct.Fail)] = ReferralStatus.Failed,
        [(ReferralStatus.InProgress, ReferralAct.Complete)] = ReferralStatus.Completed,
        [(ReferralStatus.InProgress, ReferralAct.Fail)] = ReferralStatus.Failed,
    };

    /// <summary>The statuses in which the receiving agency still has work to do.</summary>
    public static readonly IReadOnlyList<ReferralStatus> Open =
        [ReferralStatus.Requested, ReferralStatus.Received, ReferralStatus.Accepted, ReferralStatus.InProgress];

    public static IEnumerable<ReferralAct> AllowedFrom(ReferralStatus status) =>
        Transitions.Keys.Where(k => k.From == status).Select(k => k.Act).Order();

    public static bool TryNext(ReferralStatus from, ReferralAct act, out ReferralStatus to) =>
        Transitions.TryGetValue((from, act), out to);

    /// <summary>Only the sending agency cancels; the receiving agency does every other act.</summary>
    public static bool IsSendersAct(ReferralAct act) => act == ReferralAct.Cancel;

    public static string Code(ReferralAct act) => Codes.Of(act);
}
