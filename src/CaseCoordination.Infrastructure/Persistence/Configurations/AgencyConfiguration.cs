using CaseCoordination.Domain.Agencies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.Persistence.Configurations;

internal sealed class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> builder)
    {
        builder.ToTable("Agencies");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.RegionCode).HasMaxLength(2).IsUnicode(false);
        builder.Property(a => a.MunicipalityCode).HasMaxLength(4).IsUnicode(false);
        builder.PrimitiveCollection(a => a.Needs).HasField("_needs").UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasMaxLength(1000).ElementType(e => e.HasConversion<string>());
        builder.Ignore(a => a.RecordedEvents);
        builder.HasIndex(a => new { a.RegionCode, a.MunicipalityCode });
    }
}
