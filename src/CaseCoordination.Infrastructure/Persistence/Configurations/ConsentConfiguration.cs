using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Consents;
using CaseCoordination.Infrastructure.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.Persistence.Configurations;

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> builder)
    {
        builder.ToTable("Consents");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.Purpose).IsFreeText(TextLimits.Reason);
        builder.Property(c => c.RecordedByUserId).HasMaxLength(200);
        builder.Property(c => c.WithdrawnByUserId).HasMaxLength(200);
        builder.PrimitiveCollection(c => c.Categories).HasField("_categories").UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasMaxLength(400).ElementType(e => e.HasConversion<string>());
        builder.Ignore(c => c.RecordedEvents);
        builder.HasIndex(c => c.CaseId);
    }
}
