using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;

namespace CaseCoordination.Domain.Audit;

/// <summary>
/// A use of a legal basis other than consent, queued for an auditor until one marks it reviewed.
/// </summary>
public sealed class LegalBasisReview
{
    private LegalBasisReview()
    {
        UsedByUserId = string.Empty;
        RegionCode = string.Empty;
    }

    public static LegalBasisReview For(Referral referral, string regionCode)
    {
        if (referral.Basis is not { NeedsAuditReview: true } basis)
        {
            throw new InvalidOperationException("Only a legal basis other than consent is reviewed.");
        }

        return new LegalBasisReview
        {
            Id = Guid.CreateVersion7(referral.RequestedAt),
            ReferralId = referral.Id,
            CaseId = referral.CaseId,
            RegionCode = regionCode,
            Kind = basis.Kind,
            UsedAt = referral.RequestedAt,
            UsedByAgencyId = referral.FromAgencyId,
            UsedByUserId = referral.SentByUserId,
            ToAgencyId = referral.ToAgencyId,
        };
    }

    public Guid Id { get; private set; }
    public Guid ReferralId { get; private set; }
    public Guid CaseId { get; private set; }
    public string RegionCode { get; private set; }
    public SharingBasisKind Kind { get; private set; }
    public DateTimeOffset UsedAt { get; private set; }
    public Guid UsedByAgencyId { get; private set; }
    public string UsedByUserId { get; private set; }
    public Guid ToAgencyId { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    public string? ReviewedByUserId { get; private set; }
    public string? ReviewNote { get; private set; }
    public int Version { get; private set; } = 1;

    public void MarkReviewed(string? note, Actor actor, DateTimeOffset now)
    {
        if (actor.Role != Role.Auditor)
        {
            throw new ActNotPermittedException("auditor-required", "Only an auditor reviews the use of a legal basis.");
        }

        if (ReviewedAt is not null)
        {
            throw new StateConflictException("already-reviewed", "This use of a legal basis is already reviewed.", []);
        }

        ReviewedAt = now;
        ReviewedByUserId = actor.UserId;
        ReviewNote = note;
        Version++;
    }
}
