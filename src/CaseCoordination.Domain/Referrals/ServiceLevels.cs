namespace CaseCoordination.Domain.Referrals;

/// <summary>How long the receiving agency has for each step, for one urgency.</summary>
public sealed record ServiceLevel(TimeSpan ReceiveWithin, TimeSpan AnswerWithin, TimeSpan FirstContactWithin);

/// <summary>The configured service levels for each urgency (api.md lists the defaults).</summary>
public sealed record ServiceLevels(ServiceLevel Immediate, ServiceLevel Urgent, ServiceLevel Routine)
{
    public static ServiceLevels Default { get; } = new(
        new ServiceLevel(TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(24)),
        new ServiceLevel(TimeSpan.FromHours(24), TimeSpan.FromDays(2), TimeSpan.FromDays(5)),
        new ServiceLevel(TimeSpan.FromDays(3), TimeSpan.FromDays(7), TimeSpan.FromDays(14)));

    public ServiceLevel For(Urgency urgency) => urgency switch
    {
        Urgency.Immediate => Immediate,
        Urgency.Urgent => Urgent,
        Urgency.Routine => Routine,
        _ => throw new ArgumentOutOfRangeException(nameof(urgency)),
    };

    /// <summary>
    /// The deadlines of a referral sent at <paramref name="sentAt"/>. Each counts from the moment the
    /// referral was sent, so a late receipt does not push the answer and first-contact deadlines.
    /// </summary>
    public ReferralDeadlines DeadlinesFor(Urgency urgency, DateTimeOffset sentAt)
    {
        var level = For(urgency);
        return new ReferralDeadlines(sentAt + level.ReceiveWithin, sentAt + level.AnswerWithin, sentAt + level.FirstContactWithin);
    }
}

public sealed record ReferralDeadlines(DateTimeOffset ReceiveBy, DateTimeOffset AnswerBy, DateTimeOffset FirstContactBy);
