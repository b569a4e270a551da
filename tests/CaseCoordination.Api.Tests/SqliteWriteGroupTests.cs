using System.Data.Common;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Group commit on SQLite (ADR 0016): acts that queue while another writes share its transaction and
/// its commit, each under a savepoint of its own. What callers depend on: an act returns only once the
/// commit that carries it is on disk; an act that fails is undone alone; an act that breaks the
/// transaction fails its whole group and nothing of it is written; a waiter that gives up never leaves
/// the others waiting.
/// </summary>
public sealed class SqliteWriteGroupTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "cc-write-group-" + Guid.NewGuid().ToString("N") + ".db");

    private string ConnectionString => $"Data Source={_file}";

    public SqliteWriteGroupTests()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE Acts (Value INTEGER NOT NULL);";
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(path);
        }
    }

    private SqliteWriteGroup Group => SqliteWriteGroup.For(ConnectionString)!;

    private CaseCoordinationDbContext Writer() => SqliteDesignTimeFactory.Create(ConnectionString);

    private static async Task<int> InsertAsync(DbTransaction transaction, int value)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO Acts (Value) VALUES ($value)";
        command.Parameters.Add(new SqliteParameter("$value", value));
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>The committed values, read on a connection of its own (so it sees only what is on disk).</summary>
    private List<long> Committed()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Value FROM Acts ORDER BY Value";
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }

    /// <summary>Starts an act that writes 1 and then holds the turn until released.</summary>
    private static async Task<(Task<int> Act, TaskCompletionSource Release)> HoldingTheTurnAsync(SqliteWriteGroup group, Func<CaseCoordinationDbContext> writer)
    {
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var act = group.RunAsync(writer, async transaction =>
        {
            await InsertAsync(transaction, 1);
            inside.SetResult();
            await release.Task;
            return 1;
        }, CancellationToken.None);
        await inside.Task;
        return (act, release);
    }

    [Fact]
    public async Task Acts_queued_behind_a_writer_share_its_commit_and_a_failing_act_is_undone_alone()
    {
        var group = Group;
        var (first, releaseFirst) = await HoldingTheTurnAsync(group, Writer);

        // Both queue while the first holds the turn.
        var failing = group.RunAsync<int>(Writer, async transaction =>
        {
            await InsertAsync(transaction, 2);
            throw new InvalidOperationException("the act's own failure");
        }, CancellationToken.None);
        List<long>? seenByOthersDuringThird = null;
        var firstDoneDuringThird = true;
        var failingDoneDuringThird = true;
        var third = group.RunAsync(Writer, async transaction =>
        {
            seenByOthersDuringThird = Committed();
            firstDoneDuringThird = first.IsCompleted;
            failingDoneDuringThird = failing.IsCompleted;
            return await InsertAsync(transaction, 3);
        }, CancellationToken.None);

        releaseFirst.SetResult();
        Assert.Equal(1, await first);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("the act's own failure", failure.Message);
        Assert.Equal(1, await third);

        // When the third act ran, the first had written but neither committed nor returned: it waited for the group.
        Assert.NotNull(seenByOthersDuringThird);
        Assert.Empty(seenByOthersDuringThird);
        Assert.False(firstDoneDuringThird);

        // The failing act answers only once its group's outcome is known: what it failed on may have
        // been another act of the group, and its caller may look again right after the failure.
        Assert.False(failingDoneDuringThird);
        Assert.Equal([1L, 3L], Committed());
    }

    [Fact]
    public async Task An_act_that_breaks_the_transaction_fails_its_whole_group_and_nothing_of_it_is_written()
    {
        var group = Group;
        var (first, releaseFirst) = await HoldingTheTurnAsync(group, Writer);
        var breaking = group.RunAsync<int>(Writer, async transaction =>
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "ROLLBACK";
            await command.ExecuteNonQueryAsync();
            throw new InvalidOperationException("the transaction is gone");
        }, CancellationToken.None);

        releaseFirst.SetResult();

        // The breaking act gets its own error; the others a database error (503), never the breaking act's.
        Assert.Equal("the transaction is gone", (await Assert.ThrowsAsync<InvalidOperationException>(() => breaking)).Message);
        await Assert.ThrowsAnyAsync<DbException>(() => first);
        Assert.Empty(Committed());

        // The group is usable again afterwards.
        Assert.Equal(1, await group.RunAsync(Writer, transaction => InsertAsync(transaction, 4), CancellationToken.None));
        Assert.Equal([4L], Committed());
    }

    [Fact]
    public async Task A_waiter_that_gives_up_does_not_leave_the_group_it_queued_behind_uncommitted()
    {
        var group = Group;
        var (first, releaseFirst) = await HoldingTheTurnAsync(group, Writer);

        using var giveUp = new CancellationTokenSource();
        var waiter = group.RunAsync(Writer, transaction => InsertAsync(transaction, 2), giveUp.Token);
        await giveUp.CancelAsync();
        releaseFirst.SetResult();

        // Guards against a hang, not speed limits: a waiter still counted would leave the commit to no one.
        // The turn may reach the waiter before its cancellation does (SemaphoreSlim's order); then it writes.
        var gaveUp = false;
        try
        {
            await waiter.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            gaveUp = true;
        }

        Assert.Equal(1, await first.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
        Assert.Equal(gaveUp ? [1L] : [1L, 2L], Committed());
    }

    [Fact]
    public async Task A_group_whose_connection_fails_to_close_after_its_commit_still_answers_every_act()
    {
        var group = Group;
        var (first, releaseFirst) = await HoldingTheTurnAsync(group, FailingToClose);
        var second = group.RunAsync(Writer, transaction => InsertAsync(transaction, 2), CancellationToken.None);
        releaseFirst.SetResult();

        // Guards against a hang, not speed limits: both were committed, so both must answer success.
        Assert.Equal(1, await first.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
        Assert.Equal(1, await second.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
        Assert.Equal([1L, 2L], Committed());
    }

    /// <summary>A writer context whose connection throws when it is closed (after the group's commit).</summary>
    private CaseCoordinationDbContext FailingToClose()
    {
        var options = new DbContextOptionsBuilder<SqliteCaseCoordinationDbContext>();
        DatabaseSetup.UseSqlite(options, ConnectionString);
        options.UseApplicationServiceProvider(DesignTimeServices.Instance);
        options.AddInterceptors(new ThrowOnClose());
        return new SqliteCaseCoordinationDbContext(options.Options);
    }

    private sealed class ThrowOnClose : DbConnectionInterceptor
    {
        public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            throw new InvalidOperationException("closing failed");
    }
}
