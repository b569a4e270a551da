using CaseCoordination.Application.Webhooks;
using CaseCoordination.Infrastructure.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.Persistence.Configurations;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("WebhookSubscriptions");
        builder.HasKey(s => s.Id);
        builder.Ignore(s => s.EventList);
        builder.Property(s => s.Url).HasMaxLength(Application.Webhooks.Commands.CreateWebhookSubscription.MaxUrlLength);
        builder.Property(s => s.Events).HasMaxLength(200).IsUnicode(false);
        // The signing secret is encrypted at rest with the identity fields' protection (a key, not personal data).
        builder.Property(s => s.Secret).IsIdentityField();
        builder.Property(s => s.CreatedByUserId).HasMaxLength(200);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => s.AgencyId);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => d.Id);
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.Type).HasMaxLength(40).IsUnicode(false);
        builder.Property(d => d.Data).HasMaxLength(1000);
        builder.Property(d => d.SignalKey).HasMaxLength(120).IsUnicode(false);
        builder.Property(d => d.Status).HasMaxLength(20).IsUnicode(false);
        builder.Property(d => d.LastError).HasMaxLength(40).IsUnicode(false);

        // The dispatcher's due deliveries; a subscription's recent deliveries; a signal's scheduled ones.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
        builder.HasIndex(d => d.SignalKey);
    }
}
