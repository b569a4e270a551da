using System.Linq.Expressions;

namespace CaseCoordination.Domain.Referrals;

/// <summary>
/// The dropped-handover signals that one referral shows from its own deadlines and the clock, each
/// defined once as an expression: the database evaluates it for lists and dashboards, and memory
/// evaluates the same expression for a referral that was just changed. A signal is open from the
/// instant its deadline passes (inclusive) until the referral moves on.
/// </summary>
public static class ReferralSignals
{
    public const string NotReceived = "not-received";
    public const string NotAnswered = "not-answered";
    public const string NoFirstContact = "no-first-contact";
    public const string Stalled = "stalled";

    /// <summary>Requested, and receive-by has passed (<paramref name="threshold"/> is now).</summary>
    public static Expression<Func<Referral, bool>> IsNotReceived(DateTimeOffset threshold) =>
        r => r.Status == ReferralStatus.Requested && r.ReceiveBy <= threshold;

    public static Expression<Func<Referral, bool>> IsNotAnswered(DateTimeOffset threshold) =>
        r => r.Status == ReferralStatus.Received && r.AnswerBy <= threshold;

    public static Expression<Func<Referral, bool>> HasNoFirstContact(DateTimeOffset threshold) =>
        r => r.Status == ReferralStatus.Accepted && r.FirstContactBy <= threshold;

    /// <summary>In progress with no event since <paramref name="threshold"/> (now minus the stall window).</summary>
    public static Expression<Func<Referral, bool>> IsStalled(DateTimeOffset threshold) =>
        r => r.Status == ReferralStatus.InProgress && r.LastEventAt <= threshold;

    /// <summary>The referral-local signals open at <paramref name="now"/>, evaluated in memory with the same expressions.</summary>
    public static IReadOnlyList<string> OpenAt(Referral referral, DateTimeOffset now, TimeSpan stalledAfter)
    {
        var open = new List<string>();
        if (IsNotReceived(now).Compile()(referral))
        {
            open.Add(NotReceived);
        }

        if (IsNotAnswered(now).Compile()(referral))
        {
            open.Add(NotAnswered);
        }

        if (HasNoFirstContact(now).Compile()(referral))
        {
            open.Add(NoFirstContact);
        }

        if (IsStalled(now - stalledAfter).Compile()(referral))
        {
            open.Add(Stalled);
        }

        return open;
    }
}
