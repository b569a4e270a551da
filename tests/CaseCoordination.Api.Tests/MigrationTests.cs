using CaseCoordination.Infrastructure.Persistence;
using CaseCoordination.Infrastructure.Protection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Each provider has its own migration set generated from the one model. These checks need no
/// database server: they fail when the model has changes that no migration covers.
/// </summary>
public sealed class MigrationTests
{
    private static SqliteCaseCoordinationDbContext Sqlite(string file = "Data Source=:memory:") => SqliteDesignTimeFactory.Create(file);

    private static SqlServerCaseCoordinationDbContext SqlServer() =>
        new SqlServerDesignTimeFactory().CreateDbContext([]);

    private static PostgreSqlCaseCoordinationDbContext PostgreSql() =>
        new PostgreSqlDesignTimeFactory().CreateDbContext([]);

    [Fact]
    public void The_sqlite_migrations_cover_the_model()
    {
        using var db = Sqlite();
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no SQLite migration covers: run build/add-migration.sh <Name>.");
    }

    [Fact]
    public void The_sql_server_migrations_cover_the_model()
    {
        using var db = SqlServer();
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no SQL Server migration covers: run build/add-migration.sh <Name>.");
    }

    [Fact]
    public void The_postgresql_migrations_cover_the_model()
    {
        using var db = PostgreSql();
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no PostgreSQL migration covers: run build/add-migration.sh <Name>.");
    }

    /// <summary>
    /// PostgreSQL's set began after the others' <c>SignalRowsIndexes</c> with the model of that day and
    /// the access log's trigger; every migration since then is in all three sets, under the same name.
    /// </summary>
    [Fact]
    public void The_postgresql_set_starts_from_the_model_and_then_follows_the_others()
    {
        using var sqlite = Sqlite();
        using var postgreSql = PostgreSql();
        var names = postgreSql.Database.GetMigrations().Select(m => m[15..]).ToList();
        var sqliteSince = sqlite.Database.GetMigrations().Select(m => m[15..]).SkipWhile(n => n != "SignalRowsIndexes").Skip(1);
        Assert.Equal(["InitialCreate", "AccessLogAppendOnly", .. sqliteSince], names);
        Assert.Empty(sqlite.Database.GetMigrations().Intersect(postgreSql.Database.GetMigrations()));
    }

    [Fact]
    public void An_idempotent_postgresql_script_can_be_generated_without_a_server()
    {
        using var db = PostgreSql();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Contains("IF NOT EXISTS(SELECT 1 FROM \"__EFMigrationsHistory\"", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE \"Referrals\"", script, StringComparison.Ordinal);
        Assert.Contains("BEFORE UPDATE OR DELETE OR TRUNCATE ON \"AccessLog\"", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_and_sql_server_have_the_same_migrations_and_never_share_them()
    {
        using var sqlite = Sqlite();
        using var sqlServer = SqlServer();
        var sqliteNames = sqlite.Database.GetMigrations().Select(m => m[15..]).ToList();
        var sqlServerNames = sqlServer.Database.GetMigrations().Select(m => m[15..]).ToList();
        Assert.NotEmpty(sqliteNames);
        Assert.Equal(sqliteNames, sqlServerNames);
        Assert.Empty(sqlite.Database.GetMigrations().Intersect(sqlServer.Database.GetMigrations()));
    }

    [Fact]
    public void An_idempotent_sql_server_script_can_be_generated_without_a_server()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [Referrals]", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sqlite_migrations_apply_to_an_empty_file_and_leave_nothing_pending()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cc-migrate-{Guid.NewGuid():N}.db");
        try
        {
            await using (var db = Sqlite($"Data Source={file}"))
            {
                await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
                Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
                Assert.Equal(0, await db.Cases.CountAsync(TestContext.Current.CancellationToken));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
