using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// One writer at a time per SQLite database file, inside this process, in arrival order.
/// SQLite lets one connection write at a time; a transaction that finds the file locked is retried by
/// Microsoft.Data.Sqlite after a fixed sleep (150 ms), so concurrent requests that all write (every
/// access-logged request writes) spend most of their time asleep. Waiting here instead hands the write
/// lock straight to the next request. Other processes on the same file still meet SQLite's own lock
/// and busy timeout; this only removes the polling between the requests of one process.
/// </summary>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>The gate of the database the connection string names (file databases only; null otherwise).</summary>
    public static SemaphoreSlim? For(string? connectionString)
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

        return Gates.GetOrAdd(Path.GetFullPath(builder.DataSource), _ => new SemaphoreSlim(1, 1));
    }
}
