using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Audit;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
using CaseCoordination.Domain.LeadHandovers;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Infrastructure.AccessLog;
using CaseCoordination.Infrastructure.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// The model, shared by both providers. Each provider has its own derived context and its own
/// migration set (<see cref="SqliteCaseCoordinationDbContext"/>, <see cref="SqlServerCaseCoordinationDbContext"/>),
/// both generated from this one model.
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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CaseCoordinationDbContext).Assembly);
        // Identity fields and free text, marked by the configurations, encrypted with this host's keys (ADR 0010, ADR 0019).
        EncryptedColumns.Apply(modelBuilder.Model, Protection);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC date-times: both providers compare and order them natively
        // (SQLite cannot compare DateTimeOffset in SQL). The offset is not needed: every instant is UTC.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }

    private readonly List<AccessLogEntry> _pendingAccessLog = [];

    /// <summary>The Idempotency-Key of the request this context is leased to, marked with the act's commit (ADR 0018).</summary>
    internal Application.Common.Idempotency.IdempotencyContext? RequestIdempotency { get; set; }

    public void AppendToAccessLog(IEnumerable<AccessLogEntry> entries) => _pendingAccessLog.AddRange(entries);

    private readonly CommitRules _commitRules = new();

    public void ReliesOn(AggregateRoot aggregate) => _commitRules.RelyOn(aggregate);

    public void RecheckAtCommit(Func<CancellationToken, Task> recheck) => _commitRules.Recheck(recheck);

    /// <summary>
    /// Called each time a request's scope takes this context from the pool: entries queued by an
    /// earlier lease that never saved (its request failed) must not be written with this one's act.
    /// EF resets its own state (change tracker, transaction) when the context returns to the pool.
    /// </summary>
    internal CaseCoordinationDbContext Leased()
    {
        _pendingAccessLog.Clear();
        _commitRules.Clear();
        return this;
    }

    /// <summary>
    /// Saves everything in one transaction. Queued access-log entries are sealed into the hash chain
    /// in that same transaction, under the chain's lock, and written with the act they record.
    /// </summary>
    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        HashIdentityNumbers();
        GuardAccessLog();
        MoveRecordedEventsToTimeline();
        var group = Database.CurrentTransaction is null && (_pendingAccessLog.Count > 0 || ChangeTracker.HasChanges()) ? WriteGroup : null;
        if (group is null)
        {
            return Accepted(await SaveWithAccessLogAsync(cancellationToken));
        }

        return Accepted(await InGroupAsync(group, () => SaveWithAccessLogAsync(CancellationToken.None), cancellationToken));
    }

    /// <summary>Marks the tracked changes as saved once they are committed, and forgets the written access-log entries.</summary>
    private int Accepted(int written)
    {
        ChangeTracker.AcceptAllChanges();
        _pendingAccessLog.Clear();
        _commitRules.Clear();
        return written;
    }

    /// <summary>
    /// A write that does not go through <see cref="SaveChangesAsync(CancellationToken)"/> (an
    /// <c>ExecuteUpdate</c> or <c>ExecuteDelete</c>), run as an act of the SQLite write group so that it
    /// takes its turn like a save instead of polling SQLite's lock behind the group's transaction
    /// (ADR 0016); on SQL Server, or inside a transaction the caller opened, it runs at once.
    /// </summary>
    public async Task<int> WriteAsync(Func<CancellationToken, Task<int>> write, CancellationToken cancellationToken)
    {
        var group = Database.CurrentTransaction is null ? WriteGroup : null;
        if (group is null)
        {
            return await write(cancellationToken);
        }

        return await InGroupAsync(group, () => write(CancellationToken.None), cancellationToken);
    }

    /// <summary>
    /// Runs this context's act in its turn in the group, on the group's connection inside its
    /// transaction (ADR 0016). The context's own connection comes back afterwards, whatever happens:
    /// a pooled context must never carry the group's connection into its next lease.
    /// </summary>
    private Task<int> InGroupAsync(SqliteWriteGroup group, Func<Task<int>> act, CancellationToken cancellationToken)
    {
        var connectionString = Database.GetConnectionString();
        return group.RunAsync(CreateWriter, transaction => OnConnectionOfAsync(transaction, connectionString, act), cancellationToken);
    }

    private async Task<int> OnConnectionOfAsync(System.Data.Common.DbTransaction transaction, string? connectionString, Func<Task<int>> act)
    {
        Database.SetDbConnection(transaction.Connection, contextOwnsConnection: false);
        try
        {
            await Database.UseTransactionAsync(transaction);
            return await act();
        }
        finally
        {
            await Database.UseTransactionAsync(null);
            Database.SetDbConnection(null, contextOwnsConnection: true);
            Database.SetConnectionString(connectionString);
        }
    }

    /// <summary>A context of the same provider and options, whose connection a write group writes on.</summary>
    private protected abstract CaseCoordinationDbContext CreateWriter();

    private bool AgencyKindChanged() =>
        ChangeTracker.Entries<Agency>().Any(e => e.State == EntityState.Modified && e.Property(a => a.Kind).IsModified);

    private SqliteWriteGroup? _writeGroup;
    private bool _writeGroupKnown;

    /// <summary>On SQLite, the process-wide group in which this process's acts take turns to write and share commits (<see cref="SqliteWriteGroup"/>).</summary>
    private SqliteWriteGroup? WriteGroup
    {
        get
        {
            if (!_writeGroupKnown)
            {
                _writeGroup = Database.IsSqlite() ? SqliteWriteGroup.For(Database.GetConnectionString()) : null;
                _writeGroupKnown = true;
            }

            return _writeGroup;
        }
    }

    private async Task<int> SaveWithAccessLogAsync(CancellationToken cancellationToken)
    {
        var tallied = CaseReadModels.HasChanges(this);
        var agencyKindChanged = AgencyKindChanged();
        if (_pendingAccessLog.Count == 0 && !tallied && !agencyKindChanged && !_commitRules.Any)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
        }

        var entries = _pendingAccessLog.ToList();
        var strategy = Database.CreateExecutionStrategy();
        var written = await strategy.ExecuteAsync(async ct =>
        {
            // A retry after a transient failure starts again from a clean slate for the log.
            foreach (var stale in ChangeTracker.Entries<AccessLogEntry>().Where(e => e.State == EntityState.Added).ToList())
            {
                stale.State = EntityState.Detached;
            }

            var batch = entries.Select(e => e.Id == 0 ? e : e.Unsealed()).ToList();
            var owned = Database.CurrentTransaction is null;
            await using var transaction = owned ? await Database.BeginTransactionAsync(ct) : null;

            // What the act relied on must be as it was read (ADR 0020): checked first, so that every act takes
            // the relied-on rows' locks before any case stamp's (one lock order on a server database).
            await _commitRules.CheckReliancesAsync(this, ct);

            // The read models of the touched cases, as stored before the act's writes.
            var readModels = tallied || agencyKindChanged ? await CaseReadModels.BeforeActAsync(this, ct) : null;

            // The act first, then the chain (head, entries, head): the head row is locked as late as
            // possible (SQL Server), and a read, which changes nothing else, skips EF's save entirely.
            // The rules the act queued must still hold once its own writes are in (ADR 0020).
            var count = ChangeTracker.HasChanges() ? await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct) : 0;
            await _commitRules.RecheckAsync(ct);
            if (readModels is not null)
            {
                await CaseReadModels.AfterActAsync(this, readModels, ct);
            }

            if (batch.Count > 0)
            {
                await AccessLogChainer.SealAsync(this, batch, ct);
                await PlainInsert.InsertAsync(this, batch, rowsPerCommand: 100, ct);
            }

            await Idempotency.IdempotencyMarks.WriteAsync(this, ct);

            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }

            return count + batch.Count;
        }, cancellationToken);
        return written;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: access-log entries are sealed asynchronously.");

    public void DiscardChanges()
    {
        ChangeTracker.Clear();
        _pendingAccessLog.Clear();
        _commitRules.Clear();
    }

    /// <summary>Keeps the keyed hash of each person's identity number (for lookups) beside its encrypted value.</summary>
    private void HashIdentityNumbers()
    {
        foreach (var entry in ChangeTracker.Entries<Person>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            entry.Property(Configurations.CaseConfiguration.IdentityNumberHash).CurrentValue =
                entry.Entity.IdentityNumber is { Length: > 0 } number ? Protection.LookupHash(number) : null;
        }
    }

    /// <summary>The access log is append-only: no code path may change or delete an entry.</summary>
    private void GuardAccessLog()
    {
        if (ChangeTracker.Entries<AccessLogEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The access log is append-only: entries cannot be changed or deleted.");
        }
    }

    private void MoveRecordedEventsToTimeline()
    {
        foreach (var aggregate in ChangeTracker.Entries<AggregateRoot>().Select(e => e.Entity).ToList())
        {
            Timeline.AddRange(aggregate.RecordedEvents);
            aggregate.ClearRecordedEvents();
        }
    }
}

/// <summary>Stores a <see cref="DateTimeOffset"/> as a UTC <see cref="DateTime"/> and reads it back with offset zero.</summary>
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
    v => v.UtcDateTime,
    v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));

public sealed class SqliteCaseCoordinationDbContext(DbContextOptions<SqliteCaseCoordinationDbContext> options)
    : CaseCoordinationDbContext(options)
{
    private protected override CaseCoordinationDbContext CreateWriter() => new SqliteCaseCoordinationDbContext(options);
}

public sealed class SqlServerCaseCoordinationDbContext(DbContextOptions<SqlServerCaseCoordinationDbContext> options)
    : CaseCoordinationDbContext(options)
{
    private protected override CaseCoordinationDbContext CreateWriter() =>
        throw new NotSupportedException("SQL Server has no write group: its transactions write concurrently.");
}
