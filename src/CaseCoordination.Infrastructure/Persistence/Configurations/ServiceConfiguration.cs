using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.Persistence.Configurations;

/// <summary>The responsibility directory: the agencies' services (issue 17).</summary>
internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.ToTable("Services");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<Agency>().WithMany().HasForeignKey(s => s.AgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.RegionCode).HasMaxLength(2).IsUnicode(false);
        builder.Property(s => s.Name).HasMaxLength(TextLimits.Name);
        builder.Property(s => s.Description).HasMaxLength(TextLimits.Reason);
        builder.Property(s => s.ContactHours).HasMaxLength(200);
        builder.Property(s => s.CapacityConfirmedBy).HasMaxLength(200);
        builder.PrimitiveCollection(s => s.Needs).HasField("_needs").UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasMaxLength(1000).ElementType(e => e.HasConversion<string>());
        builder.PrimitiveCollection(s => s.Municipalities).HasField("_municipalities").UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasMaxLength(2500).IsUnicode(false);
        builder.PrimitiveCollection(s => s.Groups).HasField("_groups").UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasMaxLength(100).ElementType(e => e.HasConversion<string>());
        builder.PrimitiveCollection(s => s.Languages).HasField("_languages").UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasMaxLength(400).IsUnicode(false);
        builder.PrimitiveCollection(s => s.Outreach).HasField("_outreach").UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasMaxLength(200).ElementType(e => e.HasConversion<string>());
        builder.Ignore(s => s.Area);
        builder.Ignore(s => s.RecordedEvents);

        // A referral's send reads its receiver's services along this index (the send path stays one small read).
        builder.HasIndex(s => new { s.AgencyId, s.WithdrawnAt });
        builder.HasIndex(s => new { s.RegionCode, s.WithdrawnAt });
    }
}
