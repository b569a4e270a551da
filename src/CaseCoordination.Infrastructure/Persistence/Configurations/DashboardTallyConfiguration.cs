using CaseCoordination.Application.Dashboards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.Persistence.Configurations;

internal sealed class DashboardTallyConfiguration : IEntityTypeConfiguration<DashboardTally>
{
    public void Configure(EntityTypeBuilder<DashboardTally> builder)
    {
        builder.ToTable("DashboardTallies");
        builder.HasKey(t => new { t.RegionCode, t.Grain, t.Period, t.Figure, t.Item });
        builder.Property(t => t.RegionCode).HasMaxLength(2).IsUnicode(false);
        builder.Property(t => t.Grain).HasMaxLength(8).IsUnicode(false);
        builder.Property(t => t.Figure).HasMaxLength(20).IsUnicode(false);
        builder.Property(t => t.Item).HasMaxLength(80).IsUnicode(false);

        // The national view reads every region's rows of a period.
        builder.HasIndex(t => new { t.Grain, t.Period, t.Figure });
    }
}
