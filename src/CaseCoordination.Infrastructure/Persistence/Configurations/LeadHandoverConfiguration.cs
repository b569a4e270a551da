using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.LeadHandovers;
using CaseCoordination.Infrastructure.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.Persistence.Configurations;

internal sealed class LeadHandoverConfiguration : IEntityTypeConfiguration<LeadHandover>
{
    public void Configure(EntityTypeBuilder<LeadHandover> builder)
    {
        builder.ToTable("LeadHandovers");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Version).IsConcurrencyToken();
        builder.HasOne<Case>().WithMany().HasForeignKey(h => h.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(h => h.Reason).IsFreeText(TextLimits.Reason);
        builder.Property(h => h.DeclineReason).IsFreeText(TextLimits.Reason);
        builder.Property(h => h.ProposedByUserId).HasMaxLength(200);
        builder.Ignore(h => h.RecordedEvents);
        builder.Ignore(h => h.IsOpen);
        builder.HasIndex(h => new { h.ToAgencyId, h.Status });
        builder.HasIndex(h => h.CaseId);
    }
}
