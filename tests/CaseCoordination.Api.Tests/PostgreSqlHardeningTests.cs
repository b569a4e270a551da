using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Infrastructure.AccessLog;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// What PostgreSQL itself guarantees beside the API (ADR 0026): the access log refuses every change but
/// an insert, and the chain's head is a row lock held to the commit. Skipped, with the reason, where no
/// PostgreSQL is available.
/// </summary>
public sealed class PostgreSqlHardeningTests(PostgreSqlSuiteFactory factory) : IClassFixture<PostgreSqlSuiteFactory>
{
    [Theory]
    [InlineData("UPDATE \"AccessLog\" SET \"Action\" = 'tampered'")]
    [InlineData("DELETE FROM \"AccessLog\"")]
    [InlineData("TRUNCATE \"AccessLog\"")]
    public async Task The_access_log_refuses_update_delete_and_truncate_even_from_its_owner(string change)
    {
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, "pg-hardening");
        await lead.OpenCaseAsync();

        await using var connection = await OpenAsync(factory.ConnectionString!);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, change));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        Assert.True(await factory.Db(db => db.AccessLog.AnyAsync()));
    }

    [Fact]
    public async Task The_chain_head_stays_locked_against_other_writers_until_the_commit()
    {
        await factory.Caseworker(Agencies.SocialServicesEkstad, "pg-chain").OpenCaseAsync();
        await using var other = await OpenAsync(factory.ConnectionString!);
        const string AsAnotherWriter = "SELECT 1 FROM \"AccessLogChain\" WHERE \"Id\" = 1 FOR NO KEY UPDATE NOWAIT";
        const string AsForUpdate = "SELECT 1 FROM \"AccessLogChain\" WHERE \"Id\" = 1 FOR UPDATE NOWAIT";
        await factory.Db(db => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await AccessLogChain.LockHeadAsync(db, CancellationToken.None);
            foreach (var attempt in new[] { AsAnotherWriter, AsForUpdate })
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(other, attempt));
                Assert.Equal(PostgresErrorCodes.LockNotAvailable, refused.SqlState);
            }

            await transaction.CommitAsync();
            return 0;
        }));

        await ExecuteAsync(other, AsForUpdate);
    }

    /// <summary>
    /// The application's role made by deploy/scripts/sql/app-login-postgresql.sql (run with psql, as an
    /// operator would): the access log refuses its changes and its attempts to switch the trigger off,
    /// while the API, connected as that role, works.
    /// </summary>
    [Fact]
    public async Task The_application_role_cannot_change_the_access_log_or_disable_its_trigger_yet_runs_the_api()
    {
        // The database migrated and in use by its owner (another host: its own data-protection keys, so the two share no case).
        await factory.Caseworker(Agencies.SocialServicesEkstad, "pg-owner").OpenCaseAsync();
        var role = $"cc_app_{Guid.NewGuid():N}"[..20];
        var password = $"pw-{Guid.NewGuid():N}";
        await RunAppLoginScriptAsync(factory.ConnectionString!, role, password);
        var asApp = new NpgsqlConnectionStringBuilder(factory.ConnectionString) { Username = role, Password = password }.ConnectionString;
        try
        {
            await using (var connection = await OpenAsync(asApp))
            {
                foreach (var change in new[]
                {
                    "UPDATE \"AccessLog\" SET \"Action\" = 'tampered'",
                    "DELETE FROM \"AccessLog\"",
                    "TRUNCATE \"AccessLog\"",
                    "ALTER TABLE \"AccessLog\" DISABLE TRIGGER \"AccessLog_AppendOnly\"",
                    "ALTER TABLE \"AccessLog\" DISABLE TRIGGER ALL",
                    "DROP TRIGGER \"AccessLog_AppendOnly\" ON \"AccessLog\"",
                    "CREATE TABLE \"Intruder\" (\"Id\" int)",
                })
                {
                    var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, change));
                    Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{change}: {refused.SqlState}");
                }
            }

            using var app = new PostgreSqlApiFactory(asApp);
            var lead = app.Caseworker(Agencies.SocialServicesEkstad, "pg-app-lead");
            var opened = await lead.OpenCaseAsync();
            await lead.GiveConsentAsync(opened.Id(), Agencies.HealthcareEkstad);
            var referral = await lead.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad);
            await (await app.Caseworker(Agencies.HealthcareEkstad, "pg-app-receiver").PostAsJsonAsync($"/api/v1/referrals/{referral.Id()}/receive", new { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
            await (await lead.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.OK);
            var verify = await (await app.As("pg-app-auditor", "auditor", null, "99").GetAsync("/api/v1/audit/verify")).ShouldBe(HttpStatusCode.OK);
            Assert.True(verify["valid"]!.GetValue<bool>());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = await OpenAsync(factory.ConnectionString!);
            await ExecuteAsync(connection, $"DROP OWNED BY \"{role}\"; DROP ROLE \"{role}\"");
        }
    }

    /// <summary>Runs the deploy script with psql, as the schema's owner; skips where psql is not installed.</summary>
    private static async Task RunAppLoginScriptAsync(string ownerConnectionString, string role, string password)
    {
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        var script = Path.Combine(RepositoryRoot(), "deploy", "scripts", "sql", "app-login-postgresql.sql");
        var start = new ProcessStartInfo("psql")
        {
            ArgumentList = { "-X", "-q", "-h", owner.Host!, "-p", owner.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", owner.Username!, "-d", owner.Database!,
                "-v", "ON_ERROR_STOP=1", "-v", $"app_role={role}", "-v", $"app_password={password}", "-f", script },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGPASSWORD"] = owner.Password;
        Process psql;
        try
        {
            psql = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("psql (PostgreSQL's client) is not installed: the app-login script cannot be run.");
            throw;
        }

        using (psql)
        {
            var error = await psql.StandardError.ReadToEndAsync();
            await psql.WaitForExitAsync();
            Assert.True(psql.ExitCode == 0, $"app-login-postgresql.sql failed: {error}");
        }
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CaseCoordination.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (CaseCoordination.sln) was not found.");
    }

    internal static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
