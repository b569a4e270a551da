using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// The writers of one SQLite database file inside this process (ADR 0016): one act writes at a time, in
/// arrival order, and the acts that queued while others wrote share one commit (group commit).
/// <para>
/// SQLite lets one connection write at a time, and each commit waits for the disk (fsync, with
/// <c>synchronous=FULL</c>). Acts take turns on a gate here rather than on the file's lock, which
/// Microsoft.Data.Sqlite polls with a fixed 150 ms sleep. The first act of a group begins a transaction on
/// a connection of the group's own; each act runs inside it under a savepoint of its own, so an act that
/// fails is rolled back alone and the others stand. When no act is left queued (or the group is full) the
/// act that holds the turn commits the group, and every act in it returns only once that commit is on
/// disk: an acknowledged act is as durable as with one commit per act.
/// </para>
/// <para>
/// If the commit fails, or an act leaves the transaction unusable, every act of the group fails with that
/// error and nothing of the group is written. Other processes on the same file still meet SQLite's own
/// lock and busy timeout.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One per database file, kept for the life of the process; its semaphore never waits on a kernel handle.")]
internal sealed class SqliteWriteGroup
{
    /// <summary>The most acts one commit carries, so that the first act of a group does not wait without end under load.</summary>
    public const int MaxActs = 32;

    private static readonly ConcurrentDictionary<string, SqliteWriteGroup> Groups = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _turn = new(1, 1);
    private int _queued;
    private Batch? _open;

    /// <summary>The group of the database the connection string names (file databases only; null otherwise).</summary>
    public static SqliteWriteGroup? For(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return null;
        }

        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return null;
        }

        return Groups.GetOrAdd(Path.GetFullPath(builder.DataSource), _ => new SqliteWriteGroup());
    }

    /// <summary>
    /// Runs <paramref name="act"/> in its turn, inside the open group's transaction, and returns once the
    /// group that carries it has committed. <paramref name="openWriter"/> gives a context whose connection the
    /// group writes on, when this act is the first of a group. The act itself runs without cancellation:
    /// interrupting a statement can roll back the whole transaction, and with it the other acts of the group.
    /// </summary>
    public async Task<T> RunAsync<T>(
        Func<CaseCoordinationDbContext> openWriter, Func<DbTransaction, Task<T>> act, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queued);
        try
        {
            await _turn.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Decrement(ref _queued);
            await CommitIfLastAsync();
            throw;
        }

        Interlocked.Decrement(ref _queued);
        Batch? joined = null;
        Batch? failedIn = null;
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        try
        {
            var batch = _open ??= await Batch.BeginAsync(openWriter());
            var savepoint = "act" + batch.Acts.ToString(System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                await batch.Transaction.SaveAsync(savepoint, CancellationToken.None);
                result = await act(batch.Transaction);
                await batch.Transaction.ReleaseAsync(savepoint, CancellationToken.None);
                batch.Acts++;
                joined = batch;
            }
            catch (Exception error)
            {
                failure = ExceptionDispatchInfo.Capture(error);
                failedIn = batch;
                await RollBackActAsync(batch, savepoint);
            }

            if (_open is { } open && (Volatile.Read(ref _queued) == 0 || open.Acts >= MaxActs))
            {
                await CommitAsync(open);
            }
        }
        finally
        {
            _turn.Release();
        }

        if (failure is not null)
        {
            // What the act failed on (a key another act of the group had just written, say) may
            // still be undone with the group: answer only once the group's outcome is known, so that
            // a client that looks again after the failure sees what the failure was about.
            try
            {
                await failedIn!.Committed;
            }
            catch (Exception)
            {
                // The group's own failure is the other acts' answer; this act answers with its own.
            }

            failure.Throw();
        }

        await joined!.Committed;
        return result;
    }

    /// <summary>A waiter that gave up may have been the one the turn's holder left the commit to.</summary>
    private async Task CommitIfLastAsync()
    {
        await _turn.WaitAsync(CancellationToken.None);
        try
        {
            if (_open is { } open && Volatile.Read(ref _queued) == 0)
            {
                await CommitAsync(open);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Undoes one act; if even that fails, the transaction is unusable and the whole group fails with
    /// that error (a database error, answered 503), never with the failing act's own (a conflict, say,
    /// which would tell the other acts' callers something false about their own requests).
    /// </summary>
    private async Task RollBackActAsync(Batch batch, string savepoint)
    {
        try
        {
            await batch.Transaction.RollbackAsync(savepoint, CancellationToken.None);
            await batch.Transaction.ReleaseAsync(savepoint, CancellationToken.None);
        }
        catch (Exception broken)
        {
            _open = null;
            await EndAsync(batch, new WriteGroupFailedException("Another act of the same write group left the transaction unusable; nothing of the group was written.", broken));
        }
    }

    private async Task CommitAsync(Batch batch)
    {
        _open = null;
        Exception? failure = null;
        try
        {
            await batch.Transaction.CommitAsync();
        }
        catch (Exception error)
        {
            failure = new WriteGroupFailedException("The write group's commit failed; nothing of the group was written.", error);
        }

        await EndAsync(batch, failure);
    }

    /// <summary>
    /// Closes the group: its acts learn the outcome first (null: committed), then its connection is
    /// closed. A failure to close changes nothing that was decided and must not leave the acts waiting.
    /// </summary>
    private static async Task EndAsync(Batch batch, Exception? failure)
    {
        if (failure is null)
        {
            batch.Done.TrySetResult();
        }
        else
        {
            batch.Done.TrySetException(failure);
        }

        try
        {
            await batch.DisposeAsync();
        }
        catch (Exception)
        {
            // The outcome is already given; the connection goes back to the pool or is dropped either way.
        }
    }

    /// <summary>One group: its writer context, its transaction, and the acts it carries so far.</summary>
    private sealed class Batch : IAsyncDisposable
    {
        private readonly CaseCoordinationDbContext _writer;
        private readonly IDbContextTransaction _transaction;

        private Batch(CaseCoordinationDbContext writer, IDbContextTransaction transaction)
        {
            _writer = writer;
            _transaction = transaction;
        }

        public DbTransaction Transaction => _transaction.GetDbTransaction();

        public int Acts { get; set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Committed => Done.Task;

        public static async Task<Batch> BeginAsync(CaseCoordinationDbContext writer)
        {
            try
            {
                await writer.Database.OpenConnectionAsync();
                return new Batch(writer, await writer.Database.BeginTransactionAsync());
            }
            catch
            {
                await writer.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _transaction.DisposeAsync();
                await _writer.Database.CloseConnectionAsync();
            }
            finally
            {
                await _writer.DisposeAsync();
            }
        }
    }
}

/// <summary>
/// The transaction an act shared with others failed as a whole: its commit failed, or another act left it
/// unusable. Nothing of the act was written. A database error (answered 503 "try again later"), whatever
/// the underlying exception was.
/// </summary>
public sealed class WriteGroupFailedException(string message, Exception innerException) : DbException(message, innerException);
