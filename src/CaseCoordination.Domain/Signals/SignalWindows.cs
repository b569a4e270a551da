using System.Globalization;

namespace CaseCoordination.Domain.Signals;

/// <summary>
/// The configured windows of the signals (domain.md: every window is configuration). The
/// Application fills it from its options; a read model that stores due-at instants keeps
/// <see cref="Fingerprint"/> beside them, so a change of configuration rebuilds it.
/// </summary>
public sealed record SignalWindows(
    TimeSpan RerouteWithin,
    TimeSpan StalledAfter,
    TimeSpan LeadWithin,
    TimeSpan ChildProtectionReportWithin,
    TimeSpan SupportOfferedWithin,
    TimeSpan ChildSupportOfferedWithin)
{
    public string Fingerprint => string.Join(
        ";",
        new[] { RerouteWithin, StalledAfter, LeadWithin, ChildProtectionReportWithin, SupportOfferedWithin, ChildSupportOfferedWithin }
            .Select(w => w.Ticks.ToString(CultureInfo.InvariantCulture)));
}
