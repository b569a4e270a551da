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
