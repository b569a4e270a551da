using CaseCoordination.Domain.Referrals;

namespace CaseCoordination.Domain.Tests.Support;

/// <summary>
/// The referral lifecycle of domain.md, written out here on purpose instead of asking
/// <see cref="ReferralLifecycle"/>: a change to the domain's table must make a test fail.
/// </summary>
internal static class ExpectedLifecycle
{
    public static readonly IReadOnlyDictionary<(ReferralStatus From, ReferralAct Act), ReferralStatus> Legal =
        new Dictionary<(ReferralStatus From, ReferralAct Act), ReferralStatus>
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

    public static string ActCode(ReferralAct act) => act switch
    {
        ReferralAct.Receive => "receive",
        ReferralAct.Accept => "accept",
        ReferralAct.Reject => "reject",
        ReferralAct.Start => "start",
        ReferralAct.Complete => "complete",
        ReferralAct.Fail => "fail",
        ReferralAct.Cancel => "cancel",
        _ => throw new ArgumentOutOfRangeException(nameof(act), act, "No code is written out for this act."),
    };

    public static string StatusCode(ReferralStatus status) => status switch
    {
        ReferralStatus.Requested => "requested",
        ReferralStatus.Received => "received",
        ReferralStatus.Accepted => "accepted",
        ReferralStatus.Rejected => "rejected",
        ReferralStatus.InProgress => "in-progress",
        ReferralStatus.Completed => "completed",
        ReferralStatus.Failed => "failed",
        ReferralStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No code is written out for this status."),
    };

    /// <summary>The codes of the acts allowed from a status, in ordinal order.</summary>
    public static IReadOnlyList<string> AllowedCodesFrom(ReferralStatus status) =>
        Legal.Keys.Where(k => k.From == status).Select(k => ActCode(k.Act)).Order(StringComparer.Ordinal).ToList();

    /// <summary>A shortest sequence of legal acts that takes a just-sent referral to <paramref name="target"/>.</summary>
    public static IReadOnlyList<ReferralAct> PathTo(ReferralStatus target)
    {
        var paths = new Dictionary<ReferralStatus, List<ReferralAct>> { [ReferralStatus.Requested] = [] };
        var queue = new Queue<ReferralStatus>([ReferralStatus.Requested]);
        while (queue.TryDequeue(out var from))
        {
            foreach (var (key, to) in Legal.Where(t => t.Key.From == from).OrderBy(t => t.Key.Act))
            {
                if (paths.TryAdd(to, [.. paths[from], key.Act]))
                {
                    queue.Enqueue(to);
                }
            }
        }

        return paths.TryGetValue(target, out var path)
            ? path
            : throw new InvalidOperationException($"The expected lifecycle has no path from requested to {target}.");
    }
}
