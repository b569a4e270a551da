using CaseCoordination.Domain.Referrals;

namespace CaseCoordination.Application.Common.Options;

/// <summary>The <c>Referrals</c> configuration section (api.md lists keys and defaults).</summary>
public sealed class ReferralOptions
{
    public const string Section = "Referrals";

    public ServiceLevelsOptions ServiceLevels { get; set; } = new();

    /// <summary>A rejected or failed referral must be followed by a new one within this window.</summary>
    public TimeSpan RerouteWithin { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A referral in progress with no event for this long has stalled.</summary>
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromDays(30);

    public ServiceLevels ToServiceLevels() => new(
        ServiceLevels.Immediate.ToDomain(),
        ServiceLevels.Urgent.ToDomain(),
        ServiceLevels.Routine.ToDomain());
}

public sealed class ServiceLevelsOptions
{
    public ServiceLevelOptions Immediate { get; set; } = new(Domain.Referrals.ServiceLevels.Default.Immediate);
    public ServiceLevelOptions Urgent { get; set; } = new(Domain.Referrals.ServiceLevels.Default.Urgent);
    public ServiceLevelOptions Routine { get; set; } = new(Domain.Referrals.ServiceLevels.Default.Routine);
}

public sealed class ServiceLevelOptions
{
    public ServiceLevelOptions()
    {
    }

    public ServiceLevelOptions(ServiceLevel defaults)
    {
        ReceiveWithin = defaults.ReceiveWithin;
        AnswerWithin = defaults.AnswerWithin;
        FirstContactWithin = defaults.FirstContactWithin;
    }

    public TimeSpan ReceiveWithin { get; set; }
    public TimeSpan AnswerWithin { get; set; }
    public TimeSpan FirstContactWithin { get; set; }

    public ServiceLevel ToDomain() => new(ReceiveWithin, AnswerWithin, FirstContactWithin);
}

/// <summary>The <c>Cases</c> configuration section.</summary>
public sealed class CaseOptions
{
    public const string Section = "Cases";

    public TimeSpan LeadWithin { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan ChildProtectionReportWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An accepted trauma-support or psychiatry referral is due within this window from opening (<c>support-not-offered</c>).</summary>
    public TimeSpan SupportOfferedWithin { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The same window when the person is a child.</summary>
    public TimeSpan ChildSupportOfferedWithin { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The configured windows of both sections, as the domain's signals take them.</summary>
    public static Domain.Signals.SignalWindows SignalWindowsOf(ReferralOptions referrals, CaseOptions cases) => new(
        referrals.RerouteWithin, referrals.StalledAfter, cases.LeadWithin, cases.ChildProtectionReportWithin, cases.SupportOfferedWithin, cases.ChildSupportOfferedWithin);
}
