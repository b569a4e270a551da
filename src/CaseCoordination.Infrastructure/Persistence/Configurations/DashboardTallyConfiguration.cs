using CaseCoordination.Application.Dashboards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.Persistence.Configurations;

internal sealed class DashboardTallyConfiguration : IEntityTypeConfiguration<DashboardTally>
{
    public void Configure(EntityTypeBuilder<DashboardTally> builder)
    {
        builder.ToTable("DashboardTallies");
        builder.HasKey(t => new { t.RegionCode, t.Grain, t.Period, t.Figure, t.Dimension, t.Key, t.Status, t.Value });
        builder.Property(t => t.RegionCode).HasMaxLength(2).IsUnicode(false);
        builder.Property(t => t.Grain).HasMaxLength(8).IsUnicode(false);
        builder.Property(t => t.Figure).HasMaxLength(20).IsUnicode(false);
        builder.Property(t => t.Dimension).HasMaxLength(40).IsUnicode(false);
        builder.Property(t => t.Key).HasMaxLength(40).IsUnicode(false);
        builder.Property(t => t.Status).HasMaxLength(20).IsUnicode(false);

        // Covering indexes in key order: the dashboards sum a period's rows per key while reading the
        // index in order, with no sort. One for a region, one for the national view.
        builder.HasIndex(t => new { t.RegionCode, t.Grain, t.Figure, t.Dimension, t.Key, t.Status, t.Value, t.Period, t.Amount });
        builder.HasIndex(t => new { t.Grain, t.Figure, t.Dimension, t.Key, t.Status, t.Value, t.Period, t.RegionCode, t.Amount });
    }
}

internal sealed class CaseSignalAnchorConfiguration : IEntityTypeConfiguration<CaseSignalAnchor>
{
    public void Configure(EntityTypeBuilder<CaseSignalAnchor> builder)
    {
        builder.ToTable("CaseSignalAnchors");
        builder.HasKey(s => new { s.CaseId, s.Signal, s.ReferralId });
        builder.Ignore(s => s.NamedReferralId);
        builder.Property(s => s.Signal).HasMaxLength(40).IsUnicode(false);
        builder.Property(s => s.RegionCode).HasMaxLength(2).IsUnicode(false);
        builder.Property(s => s.MunicipalityCode).HasMaxLength(4).IsUnicode(false);

        // The follow-up list's keyset order and the dashboard's signals due today, per region and for the
        // nation; a referral's signals. (A case's rows: the primary key.)
        builder.HasIndex(s => new { s.RegionCode, s.DueAt, s.Signal, s.CaseId, s.ReferralId });
        builder.HasIndex(s => new { s.DueAt, s.Signal, s.CaseId, s.ReferralId });
        builder.HasIndex(s => s.ReferralId);
    }
}

internal sealed class ReadModelWindowsConfiguration : IEntityTypeConfiguration<ReadModelWindows>
{
    public void Configure(EntityTypeBuilder<ReadModelWindows> builder)
    {
        builder.ToTable("ReadModelWindows");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Fingerprint).HasMaxLength(2000).IsUnicode(false);
    }
}
