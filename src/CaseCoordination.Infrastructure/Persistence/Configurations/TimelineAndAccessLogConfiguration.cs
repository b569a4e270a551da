using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.Persistence.Configurations;

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> builder)
    {
        builder.ToTable("TimelineEntries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Kind).HasMaxLength(60).IsUnicode(false);
        builder.Property(e => e.ActorUserId).HasMaxLength(200);
        builder.Property(e => e.Detail).HasMaxLength(100);
        builder.HasIndex(e => new { e.CaseId, e.At });
    }
}

internal sealed class AccessLogEntryConfiguration : IEntityTypeConfiguration<AccessLogEntry>
{
    public void Configure(EntityTypeBuilder<AccessLogEntry> builder)
    {
        builder.ToTable("AccessLog");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Hash).HasMaxLength(64).IsUnicode(false);
        builder.Property(e => e.RegionCode).HasMaxLength(2).IsUnicode(false);
        builder.Property(e => e.UserId).HasMaxLength(200);
        builder.Property(e => e.CallingSystem).HasMaxLength(200);
        builder.Property(e => e.Action).HasMaxLength(60).IsUnicode(false);
        builder.Property(e => e.ResourceType).HasMaxLength(30).IsUnicode(false);
        builder.Property(e => e.Basis).HasMaxLength(1000).IsUnicode(false);
        builder.Property(e => e.RefusalCode).HasMaxLength(60).IsUnicode(false);
        // Auditors' queries filter by case or person and read newest first by id: (CaseId, Id) lets
        // the database stop after one page (with (CaseId, At) SQLite chose the region index and
        // scanned half the log at 1,000,000 entries; docs/performance.md).
        builder.HasIndex(e => new { e.CaseId, e.Id });
        builder.HasIndex(e => new { e.SubjectId, e.Id });
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.RegionCode, e.Id });
        builder.HasIndex(e => new { e.AgencyId, e.Id });
        builder.HasIndex(e => new { e.UserId, e.Id });
    }
}
