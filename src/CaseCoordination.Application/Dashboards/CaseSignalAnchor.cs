using CaseCoordination.Domain.Common;

namespace CaseCoordination.Application.Dashboards;

/// <summary>
/// One signal occurrence of an open case (a row of the signals read model): what
/// <see cref="Domain.Signals.SignalDefinitions.OccurrencesIn"/> gives for the case as stored, with the
/// pseudonymous facts the follow-up list shows. Replaced as a whole for a case by every act that
/// touches the case or its referrals, in the act's transaction (ADR 0022). The signal is open while
/// <see cref="DueAt"/> ≤ now; every consumer reads that one condition. Never holds personal data.
/// </summary>
public sealed class CaseSignalAnchor
{
    public Guid CaseId { get; set; }
    public string Signal { get; set; } = string.Empty;

    /// <summary>The referral the signal names; <see cref="Guid.Empty"/> for the case's own signals.</summary>
    public Guid ReferralId { get; set; }

    public DateTimeOffset Anchor { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public Guid? AgencyToActId { get; set; }
    public string RegionCode { get; set; } = string.Empty;
    public string MunicipalityCode { get; set; } = string.Empty;
    public Need? Need { get; set; }
    public Guid? FromAgencyId { get; set; }
    public Guid? ToAgencyId { get; set; }

    public Guid? NamedReferralId => ReferralId == Guid.Empty ? null : ReferralId;

    public static CaseSignalAnchor Of(Domain.Signals.CaseFacts c, Domain.Signals.SignalOccurrence o) => new()
    {
        CaseId = c.Id, Signal = o.Code, ReferralId = o.ReferralId ?? Guid.Empty, Anchor = o.Anchor, DueAt = o.DueAt, AgencyToActId = o.AgencyToActId,
        RegionCode = c.RegionCode, MunicipalityCode = c.MunicipalityCode, Need = o.Need, FromAgencyId = o.FromAgencyId, ToAgencyId = o.ToAgencyId,
    };
}
