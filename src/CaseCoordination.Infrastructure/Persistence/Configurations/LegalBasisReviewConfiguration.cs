using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Audit;
using CaseCoordination.Infrastructure.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.Persistence.Configurations;

internal sealed class LegalBasisReviewConfiguration : IEntityTypeConfiguration<LegalBasisReview>
{
    public void Configure(EntityTypeBuilder<LegalBasisReview> builder)
    {
        builder.ToTable("LegalBasisReviews");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.RegionCode).HasMaxLength(2).IsUnicode(false);
        builder.Property(r => r.UsedByUserId).HasMaxLength(200);
        builder.Property(r => r.ReviewedByUserId).HasMaxLength(200);
        builder.Property(r => r.ReviewNote).IsFreeText(TextLimits.Reason);
        builder.HasIndex(r => new { r.RegionCode, r.ReviewedAt, r.UsedAt });
        builder.HasIndex(r => r.ReferralId).IsUnique();
    }
}
