namespace CaseCoordination.Domain.Referrals;

/// <summary>
/// The recorded ground for sharing: a consent (by id) or a legal basis with a written justification.
/// Legal bases other than consent are marked for audit review.
/// </summary>
public sealed record SharingBasis(SharingBasisKind Kind, Guid? ConsentId, string? Justification)
{
    public bool NeedsAuditReview => Kind != SharingBasisKind.Consent;
}
