using System.Linq.Expressions;

namespace CaseCoordination.Domain.Referrals;

/// <summary>
/// The dropped-handover signals that one referral shows from its own deadlines and the clock, each
/// defined once as an expression of (referral, threshold): the database evaluates it for lists and
/// dashboards, and memory evaluates the same expression, compiled once, for a referral that was just
/// changed. A signal is open from the instant its deadline passes (inclusive) until the referral moves on.
/// </summary>
public static class ReferralSignals
{
    public const string NotReceived = "not-received";
    public const string NotAnswered = "not-answered";
    public const string NoFirstContact = "no-first-contact";
    public const string Stalled = "stalled";

    private static readonly Expression<Func<Referral, DateTimeOffset, bool>> NotReceivedRule =
        (r, threshold) => r.Status == ReferralStatus.Requested && r.ReceiveBy <= threshold;

    private static readonly Expression<Func<Referral, DateTimeOffset, bool>> NotAnsweredRule =
        (r, threshold) => r.Status == ReferralStatus.Received && r.AnswerBy <= threshold;

    private static readonly Expression<Func<Referral, DateTimeOffset, bool>> NoFirstContactRule =
        (r, threshold) => r.Status == ReferralStatus.Accepted && r.FirstContactBy <= threshold;

    private static readonly Expression<Func<Referral, DateTimeOffset, bool>> StalledRule =
        (r, threshold) => r.Status == ReferralStatus.InProgress && r.LastEventAt <= threshold;

    private static readonly (string Code, Func<Referral, DateTimeOffset, bool> Applies, bool UsesStallWindow)[] Compiled =
    [
        (NotReceived, NotReceivedRule.Compile(), false),
        (NotAnswered, NotAnsweredRule.Compile(), false),
        (NoFirstContact, NoFirstContactRule.Compile(), false),
        (Stalled, StalledRule.Compile(), true),
    ];

    /// <summary>Requested, and receive-by has passed (<paramref name="threshold"/> is now).</summary>
    public static Expression<Func<Referral, bool>> IsNotReceived(DateTimeOffset threshold) => Bind(NotReceivedRule, threshold);

    public static Expression<Func<Referral, bool>> IsNotAnswered(DateTimeOffset threshold) => Bind(NotAnsweredRule, threshold);

    public static Expression<Func<Referral, bool>> HasNoFirstContact(DateTimeOffset threshold) => Bind(NoFirstContactRule, threshold);

    /// <summary>In progress with no event since <paramref name="threshold"/> (now minus the stall window).</summary>
    public static Expression<Func<Referral, bool>> IsStalled(DateTimeOffset threshold) => Bind(StalledRule, threshold);

    /// <summary>The referral-local signals open at <paramref name="now"/>, evaluated in memory with the same rules.</summary>
    public static IReadOnlyList<string> OpenAt(Referral referral, DateTimeOffset now, TimeSpan stalledAfter) =>
        Compiled.Where(rule => rule.Applies(referral, rule.UsesStallWindow ? now - stalledAfter : now)).Select(rule => rule.Code).ToList();

    /// <summary>Fixes the threshold, so the database receives it as a parameter of a one-argument predicate.</summary>
    private static Expression<Func<Referral, bool>> Bind(Expression<Func<Referral, DateTimeOffset, bool>> rule, DateTimeOffset threshold)
    {
        var value = new ThresholdHolder(threshold);
        Expression<Func<DateTimeOffset>> captured = () => value.Threshold;
        var body = new Replace(rule.Parameters[1], captured.Body).Visit(rule.Body);
        return Expression.Lambda<Func<Referral, bool>>(body, rule.Parameters[0]);
    }

    private sealed record ThresholdHolder(DateTimeOffset Threshold);

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
