using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// One writer at a time per SQLite database file in this process (ADR 0023): a write takes the file's
/// turn before <c>BEGIN</c> and gives it back after <c>COMMIT</c> (or rollback), so each act commits
/// alone and a failing act can never fail another request. SQLite allows one writer per file anyway; the
/// turn makes the next writer go as soon as the file is free, instead of polling SQLite's lock with
/// Microsoft.Data.Sqlite's 150 ms sleeps. Other processes on the same file still meet SQLite's own lock
/// and busy timeout. Server databases have no turn: their transactions write concurrently under row locks.
/// </summary>
internal static class SqliteWriter
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ByFile = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim?> ByConnectionString = new(StringComparer.Ordinal);

    /// <summary>Waits for the file's turn; dispose the result to give it back. Null when the database has no turn (a server database, or SQLite in memory).</summary>
    public static async ValueTask<IDisposable?> TakeTurnAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (TurnOf(db) is not { } turn)
        {
            return null;
        }

        await turn.WaitAsync(cancellationToken);
        return new Held(turn);
    }

    /// <summary>A write outside a unit of work (an <c>ExecuteUpdate</c>, a save of the idempotency store) in its turn.</summary>
    public static async Task<T> RunAsync<T>(DbContext db, Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        using var held = await TakeTurnAsync(db, cancellationToken);
        return await write(cancellationToken);
    }

    private static SemaphoreSlim? TurnOf(DbContext db) =>
        db.Database.IsSqlite() && db.Database.GetConnectionString() is { Length: > 0 } connectionString
            ? ByConnectionString.GetOrAdd(connectionString, FileTurn)
            : null;

    private static SemaphoreSlim? FileTurn(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return null;
        }

        return ByFile.GetOrAdd(Path.GetFullPath(builder.DataSource), _ => new SemaphoreSlim(1, 1));
    }

    private sealed class Held(SemaphoreSlim turn) : IDisposable
    {
        private SemaphoreSlim? _turn = turn;

        public void Dispose() => Interlocked.Exchange(ref _turn, null)?.Release();
    }
}
