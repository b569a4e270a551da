using CaseCoordination.Application.Common.Options;
using CaseCoordination.Domain.Signals;

namespace CaseCoordination.Application.Signals;

/// <summary>The signal codes of domain.md, as the API lists them (OpenAPI enums, validators): those of <see cref="SignalDefinitions"/>.</summary>
public static class SignalCodes
{
    public static IReadOnlyList<string> All => SignalDefinitions.Codes;

    /// <summary>The configured windows (<c>Referrals</c> and <c>Cases</c> sections) as the domain's signals take them.</summary>
    public static SignalWindows WindowsOf(ReferralOptions referrals, CaseOptions cases) => new(
        referrals.RerouteWithin, referrals.StalledAfter, cases.LeadWithin, cases.ChildProtectionReportWithin, cases.SupportOfferedWithin, cases.ChildSupportOfferedWithin);
}
