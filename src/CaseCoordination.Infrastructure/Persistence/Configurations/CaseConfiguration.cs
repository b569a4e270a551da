using CaseCoordination.Domain.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.Persistence.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("Cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.CaseNumber).HasMaxLength(20).IsUnicode(false);
        builder.HasIndex(c => c.CaseNumber).IsUnique();
        builder.Property(c => c.MunicipalityCode).HasMaxLength(4).IsUnicode(false);
        builder.Property(c => c.RegionCode).HasMaxLength(2).IsUnicode(false);
        builder.Property(c => c.OpenedByUserId).HasMaxLength(200);
        builder.Property(c => c.Situation).HasMaxLength(8000);
        builder.Property(c => c.CloseJustification).HasMaxLength(2000);
        builder.Ignore(c => c.RecordedEvents);
        builder.OwnsOne(c => c.Person, p =>
        {
            p.Property(x => x.SubjectId).HasColumnName("SubjectId");
            p.HasIndex(x => x.SubjectId).IsUnique();
            p.Property(x => x.Name).HasColumnName("PersonName").HasMaxLength(200);
            p.Property(x => x.BirthDate).HasColumnName("PersonBirthDate");
            p.Property(x => x.BirthYear).HasColumnName("PersonBirthYear");
            p.Property(x => x.IdentityNumber).HasColumnName("PersonIdentityNumber").HasMaxLength(20);
            p.Property(x => x.Nationality).HasColumnName("PersonNationality").HasMaxLength(2).IsUnicode(false);
            p.Property(x => x.Language).HasColumnName("PersonLanguage").HasMaxLength(20).IsUnicode(false);
            p.Property(x => x.NeedsInterpreter).HasColumnName("PersonNeedsInterpreter");
            p.Property(x => x.ProtectedIdentity).HasColumnName("PersonProtectedIdentity");
            p.Property(x => x.FirstExploitedAsChild).HasColumnName("PersonFirstExploitedAsChild");
            p.PrimitiveCollection(x => x.ComplexNeeds).HasField("_complexNeeds").UsePropertyAccessMode(PropertyAccessMode.Field)
                .HasColumnName("PersonComplexNeeds").HasMaxLength(400).ElementType(e => e.HasConversion<string>());
        });
        builder.Navigation(c => c.Person).IsRequired();
        builder.HasIndex(c => c.OpenedByAgencyId);
        builder.HasIndex(c => c.LeadAgencyId);
        builder.HasIndex(c => c.ProposedLeadAgencyId);
        builder.HasIndex(c => new { c.RegionCode, c.Status });
        builder.HasIndex(c => new { c.OpenedAt, c.Id });
    }
}
