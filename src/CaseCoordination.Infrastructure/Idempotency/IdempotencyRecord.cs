using System.Text.Json;
using CaseCoordination.Application.Common.Idempotency;
using CaseCoordination.Domain.AccessLog;
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

    /// <summary>The request that holds the key now; the act's commit marks the key only under it (ADR 0018).</summary>
    public Guid LeaseToken { get; set; }

    /// <summary>Until then the holder is waited for (409); after, a retry may take the key over.</summary>
    public DateTimeOffset LeaseExpiresAt { get; set; }

    /// <summary>Set by the act's own transaction: the act committed, whether or not its answer was stored.</summary>
    public bool Committed { get; set; }

    /// <summary>The committed act's result (encrypted), from which a retry answers if the answer was never stored.</summary>
    public byte[]? Result { get; set; }

    /// <summary>
    /// Set with <see cref="Committed"/>: what the act's access-log entries named (JSON of
    /// <see cref="LoggedResource"/>: resource, case, pseudonymous subject id, region, basis — ids and codes,
    /// no personal data), so that a replay's entry names the same.
    /// </summary>
    public string? LoggedResources { get; set; }

    /// <summary>The answer is stored: a retry replays it.</summary>
    public bool Completed { get; set; }
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public byte[]? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The value of <see cref="LoggedResources"/> for an act's access-log entries.</summary>
    internal static string LoggedOf(IEnumerable<AccessLogEntry> entries) => JsonSerializer.Serialize(entries.Select(LoggedResource.Of).ToList());

    /// <summary>What <see cref="LoggedResources"/> holds; empty when the act never committed (or committed before the column existed).</summary>
    internal static IReadOnlyList<LoggedResource> LoggedIn(string? logged) =>
        logged is null ? [] : JsonSerializer.Deserialize<List<LoggedResource>>(logged) ?? [];
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
        builder.Property(r => r.Result).HasMaxLength(2 * 1024 * 1024);
        builder.Property(r => r.LoggedResources).HasMaxLength(64 * 1024).IsUnicode(false);
        builder.HasIndex(r => r.ExpiresAt);
    }
}

/// <summary>The <c>Idempotency</c> configuration section.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key is remembered.</summary>
    public TimeSpan RetainFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a claimed key is waited for (409) before a retry may take it over (ADR 0018). Longer than
    /// any request takes: a request still running when its lease runs out and another took its key over
    /// is undone at its commit.
    /// </summary>
    public TimeSpan LeaseFor { get; set; } = TimeSpan.FromSeconds(60);
}
