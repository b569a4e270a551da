using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;

namespace CaseCoordination.Domain.Consents;

/// <summary>
/// Which data categories may reach an agency, and on which ground. One policy serves both sharing
/// (sending a referral) and reading (filtering a case), so the two can never disagree.
/// </summary>
public static class SharingPolicy
{
    public static readonly IReadOnlyList<DataCategory> AllCategories = Enum.GetValues<DataCategory>();

    /// <summary>The categories the agency may see in a case now, and the grounds (for the access log).</summary>
    /// <param name="isRecordingAgency">The agency opened the case and recorded the data itself.</param>
    /// <param name="isParty">The agency takes part in the case.</param>
    /// <param name="protectedIdentity">Protected identity: identity is never seen by anyone but the recording agency.</param>
    /// <param name="consents">The case's consents (any state).</param>
    /// <param name="legalReferrals">Referrals to the agency that shared under a legal basis and were not rejected or cancelled.</param>
    public static Visibility VisibleTo(
        Guid agencyId,
        AgencyKind agencyKind,
        bool isRecordingAgency,
        bool isParty,
        bool protectedIdentity,
        IEnumerable<Consent> consents,
        IEnumerable<Referral> legalReferrals,
        DateTimeOffset now)
    {
        if (isRecordingAgency)
        {
            return new Visibility(AllCategories.ToHashSet(), ["recording-agency"]);
        }

        if (!isParty)
        {
            return new Visibility(new HashSet<DataCategory>(), []);
        }

        var visible = new HashSet<DataCategory> { DataCategory.Coordination };
        var grounds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var consent in consents)
        {
            foreach (var category in consent.Categories)
            {
                if (category != DataCategory.Coordination && consent.Covers(agencyId, agencyKind, category, now) && visible.Add(category))
                {
                    grounds.Add("consent:" + consent.Id);
                }
            }
        }

        foreach (var referral in legalReferrals)
        {
            if (referral.ToAgencyId != agencyId || referral.Basis is not { } basis || basis.Kind == SharingBasisKind.Consent
                || referral.Status is ReferralStatus.Rejected or ReferralStatus.Cancelled)
            {
                continue;
            }

            foreach (var category in referral.SharedCategories.Where(c => c != DataCategory.Coordination))
            {
                if (visible.Add(category))
                {
                    grounds.Add(Codes.Of(basis.Kind));
                }
            }
        }

        if (protectedIdentity)
        {
            visible.Remove(DataCategory.Identity);
        }

        if (grounds.Count == 0)
        {
            grounds.Add("party");
        }

        return new Visibility(visible, grounds.ToList());
    }

    /// <summary>
    /// The categories of a referral that its basis does not cover for the receiving agency. Empty means
    /// the referral may be sent. Coordination is always among the shared categories, because a
    /// referral makes the receiver a party.
    /// </summary>
    /// <remarks>
    /// A legal basis covers what it shares (it is justified, recorded and reviewed instead). A named
    /// consent must cover every category itself. Without a named basis, the one consent of the case
    /// that covers most of the categories is taken, and it must cover them all.
    /// </remarks>
    public static (IReadOnlyList<DataCategory> Uncovered, Consent? Consent) Check(
        IReadOnlyCollection<DataCategory> shared,
        SharingBasisKind? basis,
        Consent? namedConsent,
        IEnumerable<Consent> caseConsents,
        Guid receiverId,
        AgencyKind receiverKind,
        DateTimeOffset now)
    {
        if (basis is { } kind && kind != SharingBasisKind.Consent)
        {
            return ([], null);
        }

        var best = namedConsent ?? caseConsents
            .OrderByDescending(c => shared.Count(category => c.Covers(receiverId, receiverKind, category, now)))
            .ThenBy(c => c.RecordedAt)
            .FirstOrDefault();
        var uncovered = shared.Where(category => best is null || !best.Covers(receiverId, receiverKind, category, now)).Order().ToList();
        return (uncovered, best);
    }
}

public sealed record Visibility(IReadOnlySet<DataCategory> Categories, IReadOnlyList<string> Grounds)
{
    public string Basis => string.Join(",", Grounds);
}
