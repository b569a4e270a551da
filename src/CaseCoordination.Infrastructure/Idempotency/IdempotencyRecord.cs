using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseCoordination.Infrastructure.Idempotency;

/// <summary>One Idempotency-Key, scoped to the caller, with the hash of its request and, once answered, the answer.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>SHA-256 (hex) of the caller's user, agency and the key: the key itself is never stored.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>SHA-256 (hex) of method, path and body.</summary>
    public string RequestHash { get; set; } = string.Empty;

    public bool Completed { get; set; }
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public byte[]? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("IdempotencyKeys");
        builder.HasKey(r => r.Key);
        builder.Property(r => r.Key).HasMaxLength(64).IsUnicode(false);
        builder.Property(r => r.RequestHash).HasMaxLength(64).IsUnicode(false);
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.Property(r => r.Location).HasMaxLength(300);
        builder.Property(r => r.ETag).HasMaxLength(40);
        builder.Property(r => r.Body).HasMaxLength(2 * 1024 * 1024);
        builder.HasIndex(r => r.ExpiresAt);
    }
}

/// <summary>The <c>Idempotency</c> configuration section.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key is remembered.</summary>
    public TimeSpan RetainFor { get; set; } = TimeSpan.FromHours(24);
}
