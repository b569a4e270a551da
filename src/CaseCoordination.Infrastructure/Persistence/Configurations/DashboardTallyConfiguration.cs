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

        // Covering indexes in (figure, item) order: the dashboards sum a period's rows per figure and
        // item while reading the index in order, with no sort (SQLite would otherwise sort on the text
        // keys). One for a region, one for the national view.
        builder.HasIndex(t => new { t.RegionCode, t.Grain, t.Figure, t.Item, t.Period, t.Amount });
        builder.HasIndex(t => new { t.Grain, t.Figure, t.Item, t.Period, t.RegionCode, t.Amount });
    }
}

internal sealed class CaseSignalAnchorConfiguration : IEntityTypeConfiguration<CaseSignalAnchor>
{
    public void Configure(EntityTypeBuilder<CaseSignalAnchor> builder)
    {
        builder.ToTable("CaseSignalAnchors");
        builder.HasKey(a => new { a.CaseId, a.Signal, a.ReferralId });
        builder.Property(a => a.Signal).HasMaxLength(40).IsUnicode(false);
    }
}
