using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Infrastructure.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.Persistence.Configurations;

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> builder)
    {
        builder.ToTable("Referrals");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.Message).IsFreeText(TextLimits.FreeText);
        builder.Property(r => r.RejectionReason).IsFreeText(TextLimits.Reason);
        builder.Property(r => r.FailureDetails).IsFreeText(TextLimits.Reason);
        builder.Property(r => r.CancellationReason).IsFreeText(TextLimits.Reason);
        builder.Property(r => r.SentByUserId).HasMaxLength(200);
        builder.Property(r => r.LastEventByUserId).HasMaxLength(200);
        builder.PrimitiveCollection(r => r.SharedCategories).HasField("_sharedCategories").UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasMaxLength(400).ElementType(e => e.HasConversion<string>());
        builder.OwnsOne(r => r.Basis, b =>
        {
            b.Property(x => x.Kind).HasColumnName("BasisKind");
            b.Property(x => x.ConsentId).HasColumnName("BasisConsentId");
            b.Property(x => x.Justification).HasColumnName("BasisJustification").IsFreeText(TextLimits.Reason);
            b.Ignore(x => x.NeedsAuditReview);
        });
        // Flags (need, municipality, group): stored as their number; null when not assessed.
        builder.Property(r => r.OutsideCoverage).HasConversion<int?>();
        builder.Ignore(r => r.RecordedEvents);
        builder.Ignore(r => r.IsOpen);
        builder.Ignore(r => r.AllowedActs);
        // The case's referrals by need, and (trailing columns) their need, receiver, request time,
        // status and end: what the signals that look across a case's referrals read (ADR 0016).
        builder.HasIndex(r => new { r.CaseId, r.Need, r.RequestedAt, r.ToAgencyId, r.Status, r.EndedAt, r.Id });
        builder.HasIndex(r => new { r.Status, r.ReceiveBy });
        builder.HasIndex(r => new { r.Status, r.AnswerBy });
        builder.HasIndex(r => new { r.Status, r.FirstContactBy });
        builder.HasIndex(r => new { r.Status, r.EndedAt });
        builder.HasIndex(r => new { r.Status, r.LastEventAt });
        builder.HasIndex(r => r.RequestedAt);
        builder.HasIndex(r => new { r.ToAgencyId, r.RequestedAt, r.Id });
        builder.HasIndex(r => new { r.FromAgencyId, r.RequestedAt, r.Id });
    }
}
