namespace CaseCoordination.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite = 1,
    SqlServer,
    PostgreSql,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "CaseCoordination";
    public const string DefaultSqliteConnectionString = "Data Source=data/casecoordination.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the API starts (the embedded default). Off where DBAs apply scripts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Load the fictional demo region (agencies only) when the database has no agencies.</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>
    /// With <see cref="SeedDemoData"/>: how many invented referrals (in cases of aliases such as
    /// "Syntetisk 17", no real person) the demo region gets on first start, so that its dashboards and
    /// the coordinator page have something to show. 0 (the default) seeds agencies only.
    /// </summary>
    public int DemoReferrals { get; set; }
}
