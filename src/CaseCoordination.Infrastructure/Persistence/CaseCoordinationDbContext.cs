using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Audit;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
using CaseCoordination.Domain.LeadHandovers;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Infrastructure.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// The model, shared by the three providers. Each provider has its own derived context and its own
/// migration set (<see cref="SqliteCaseCoordinationDbContext"/>, <see cref="SqlServerCaseCoordinationDbContext"/>,
/// <see cref="PostgreSqlCaseCoordinationDbContext"/>), all generated from this one model. The context maps and tracks; the steps every save takes are
/// <see cref="SaveSteps"/> (an interceptor), and what an act commits, and how, is the request's
/// <see cref="UnitOfWork"/> (ADR 0023). Pooled: it holds nothing of a request.
/// </summary>
public abstract class CaseCoordinationDbContext(DbContextOptions options) : DbContext(options), IApplicationDbContext
{
    /// <summary>
    /// Encrypts identity fields at rest; part of the model's cache key. The application's singleton,
    /// taken from the options (the context is pooled, so its constructor takes nothing else).
    /// </summary>
    public PersonalDataProtection Protection { get; } =
        options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService(typeof(PersonalDataProtection)) as PersonalDataProtection
        ?? throw new InvalidOperationException("PersonalDataProtection is not registered with the application's services.");

    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<Domain.Directory.Service> Services => Set<Domain.Directory.Service>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<LeadHandover> LeadHandovers => Set<LeadHandover>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<LegalBasisReview> LegalBasisReviews => Set<LegalBasisReview>();
    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();
    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();
    public DbSet<Application.Dashboards.DashboardTally> DashboardTallies => Set<Application.Dashboards.DashboardTally>();
    public DbSet<Application.Dashboards.CaseSignalAnchor> CaseSignalAnchors => Set<Application.Dashboards.CaseSignalAnchor>();
    public DbSet<Idempotency.IdempotencyRecord> IdempotencyKeys => Set<Idempotency.IdempotencyRecord>();
    public DbSet<Application.Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Application.Webhooks.WebhookSubscription>();
    public DbSet<Application.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Application.Webhooks.WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CaseCoordinationDbContext).Assembly);
        // Identity fields and free text, marked by the configurations, encrypted with this host's keys (ADR 0010, ADR 0019).
        EncryptedColumns.Apply(modelBuilder.Model, Protection);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC date-times: every provider compares and order them natively
        // (SQLite cannot compare DateTimeOffset in SQL). The offset is not needed: every instant is UTC.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }
}

/// <summary>Stores a <see cref="DateTimeOffset"/> as a UTC <see cref="DateTime"/> and reads it back with offset zero.</summary>
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
    v => v.UtcDateTime,
    v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));

public sealed class SqliteCaseCoordinationDbContext(DbContextOptions<SqliteCaseCoordinationDbContext> options)
    : CaseCoordinationDbContext(options);

public sealed class SqlServerCaseCoordinationDbContext(DbContextOptions<SqlServerCaseCoordinationDbContext> options)
    : CaseCoordinationDbContext(options);

public sealed class PostgreSqlCaseCoordinationDbContext(DbContextOptions<PostgreSqlCaseCoordinationDbContext> options)
    : CaseCoordinationDbContext(options);
