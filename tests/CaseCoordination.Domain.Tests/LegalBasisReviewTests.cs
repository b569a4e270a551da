using CaseCoordination.Domain.Audit;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using Xunit;
using static CaseCoordination.Domain.Tests.Support.ReferralFixture;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// Every use of a legal basis other than consent is queued for an auditor of the region, who marks it reviewed once.
/// </summary>
public sealed class LegalBasisReviewTests
{
    private static readonly Actor Auditor = new("auditor", Role.Auditor, null);
    private static readonly DateTimeOffset ReviewedAt = SentAt.AddDays(3);

    private static Referral LegalReferral(SharingBasisKind kind) =>
        Referral.Send(ReferralId, CaseId, SendingAgencyId, ReceivingAgencyId, Need.ChildProtectionReport, Urgency.Urgent, [DataCategory.Identity],
            new SharingBasis(kind, null, "Reasonable suspicion that a child is harmed."), null, ServiceLevels.Default, Sender, SentAt);

    [Theory]
    [InlineData(SharingBasisKind.MandatoryChildReport)]
    [InlineData(SharingBasisKind.Emergency)]
    [InlineData(SharingBasisKind.SeriousCrime)]
    public void A_legal_basis_other_than_consent_needs_review_and_a_consent_does_not(SharingBasisKind kind)
    {
        Assert.True(new SharingBasis(kind, null, "why").NeedsAuditReview);
        Assert.False(new SharingBasis(SharingBasisKind.Consent, ConsentId, null).NeedsAuditReview);
    }

    [Fact]
    public void The_review_records_who_used_which_basis_when_and_towards_whom()
    {
        var review = LegalBasisReview.For(LegalReferral(SharingBasisKind.MandatoryChildReport), "01");

        Assert.Equal(ReferralId, review.ReferralId);
        Assert.Equal(CaseId, review.CaseId);
        Assert.Equal("01", review.RegionCode);
        Assert.Equal(SharingBasisKind.MandatoryChildReport, review.Kind);
        Assert.Equal(SentAt, review.UsedAt);
        Assert.Equal(SendingAgencyId, review.UsedByAgencyId);
        Assert.Equal(Sender.UserId, review.UsedByUserId);
        Assert.Equal(ReceivingAgencyId, review.ToAgencyId);
        Assert.Null(review.ReviewedAt);
        Assert.Equal(1, review.Version);
    }

    [Fact]
    public void A_referral_on_consent_is_not_queued_for_review()
    {
        Assert.Throws<InvalidOperationException>(() => LegalBasisReview.For(Send(), "01"));
    }

    [Fact]
    public void An_auditor_marks_a_use_reviewed_with_a_note()
    {
        var review = LegalBasisReview.For(LegalReferral(SharingBasisKind.Emergency), "01");

        review.MarkReviewed("Justified: immediate danger.", Auditor, ReviewedAt);

        Assert.Equal(ReviewedAt, review.ReviewedAt);
        Assert.Equal(Auditor.UserId, review.ReviewedByUserId);
        Assert.Equal("Justified: immediate danger.", review.ReviewNote);
        Assert.Equal(2, review.Version);
    }

    [Theory]
    [InlineData(Role.Caseworker)]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Admin)]
    public void Only_an_auditor_reviews_and_nothing_changes_otherwise(Role role)
    {
        var review = LegalBasisReview.For(LegalReferral(SharingBasisKind.Emergency), "01");

        var refused = Assert.Throws<ActNotPermittedException>(() => review.MarkReviewed("fine", new Actor("someone", role, SendingAgencyId), ReviewedAt));

        Assert.Equal("auditor-required", refused.Code);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        Assert.Null(review.ReviewedAt);
        Assert.Equal(1, review.Version);
    }

    [Fact]
    public void A_use_is_reviewed_once()
    {
        var review = LegalBasisReview.For(LegalReferral(SharingBasisKind.Emergency), "01");
        review.MarkReviewed("first", Auditor, ReviewedAt);

        var refused = Assert.Throws<StateConflictException>(() => review.MarkReviewed("second", new Actor("auditor-2", Role.Auditor, null), ReviewedAt.AddDays(1)));

        Assert.Equal("already-reviewed", refused.Code);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        Assert.Equal("first", review.ReviewNote);
        Assert.Equal(Auditor.UserId, review.ReviewedByUserId);
        Assert.Equal(ReviewedAt, review.ReviewedAt);
        Assert.Equal(2, review.Version);
    }
}
