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
    /// <summary>Every window by name (the record's own text: a window added to the record is in it without more code).</summary>
    public string Fingerprint() => ToString();
}
