using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// The DBA's way on PostgreSQL (build/migration-script.sh PostgreSql): the idempotent script, run with
/// psql on an empty database, builds the schema the API expects, and runs again without error.
/// Skipped, with the reason, where no PostgreSQL is available.
/// </summary>
public sealed class PostgreSqlMigrationScriptTests(PostgreSqlFixture server) : IClassFixture<PostgreSqlFixture>
{
    [Fact]
    public async Task The_idempotent_script_builds_the_schema_and_can_run_again()
    {
        var connectionString = server.NewDatabase();
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var file = Path.Combine(Path.GetTempPath(), $"cc-pg-script-{Guid.NewGuid():N}.sql");
        await using (var admin = await PostgreSqlHardeningTests.OpenAsync(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString))
        {
            await PostgreSqlHardeningTests.ExecuteAsync(admin, $"CREATE DATABASE \"{database}\"");
        }

        try
        {
            await using var db = PostgreSqlDesignTimeFactory.Create(connectionString);
            await File.WriteAllTextAsync(file, db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent), TestContext.Current.CancellationToken);
            await Psql.RunFileAsync(connectionString, file);
            await Psql.RunFileAsync(connectionString, file);

            Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, await db.Cases.CountAsync(TestContext.Current.CancellationToken));
            await using var connection = await PostgreSqlHardeningTests.OpenAsync(connectionString);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => PostgreSqlHardeningTests.ExecuteAsync(connection, "TRUNCATE \"AccessLog\""));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
        finally
        {
            File.Delete(file);
            await server.DropDatabaseAsync(connectionString);
        }
    }
}
