namespace CaseCoordination.Domain.Referrals;

/// <summary>
/// The dropped-handover signals that one referral shows on its own, from its deadlines and the clock.
/// A signal is open from the instant its deadline passes (inclusive) until the referral moves on.
/// Signals that need other facts (a new referral for the same need, the case's lead) are computed
/// with the case.
/// </summary>
public static class ReferralSignals
{
    public const string NotReceived = "not-received";
    public const string NotAnswered = "not-answered";
    public const string NoFirstContact = "no-first-contact";
    public const string Stalled = "stalled";

    public static IReadOnlyList<string> OpenAt(Referral referral, DateTimeOffset now, TimeSpan stalledAfter)
    {
        var signal = referral.Status switch
        {
            ReferralStatus.Requested when now >= referral.ReceiveBy => NotReceived,
            ReferralStatus.Received when now >= referral.AnswerBy => NotAnswered,
            ReferralStatus.Accepted when now >= referral.FirstContactBy => NoFirstContact,
            ReferralStatus.InProgress when now >= referral.LastEventAt + stalledAfter => Stalled,
            _ => null,
        };
        return signal is null ? [] : [signal];
    }
}
