using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// The one database-wide lock every instance holds around its whole start-up work (ADR 0030), so that
/// instances started at the same moment do that work one after the other and each later one finds it
/// done. It is the database's own kind of lock, tied to something that dies with the instance: a
/// session-level advisory lock on PostgreSQL and a session-owned application lock on SQL Server, each
/// on a connection of its own that is held open while the lock is held (unpooled, so that closing it
/// ends the session); on SQLite an exclusive hold of a file beside the database, which the operating
/// system gives up when the process ends. None needs a table, so it works on an empty database and
/// before any migration, and none is EF Core's migration lock, which <c>MigrateAsync</c> takes on its
/// own inside this one.
/// </summary>
internal static class StartupLock
{
    /// <summary>SQLite: the file beside the database that is held (it stays; only holding it means anything).</summary>
    public const string SqliteLockFileSuffix = "-startup.lock";

    /// <summary>How often a waiting instance tries the SQLite lock file again (a retry interval, not a time of the domain).</summary>
    private static readonly TimeSpan SqliteRetry = TimeSpan.FromMilliseconds(100);

    // PostgreSQL: advisory-lock key 0x43617365436F6F72 ("CaseCoor" in ASCII). Advisory locks belong to
    // the database they are taken in, so other databases on the same server never meet it.
    // SQL Server: application-lock resource "CaseCoordination.Startup" (per database), not EF Core's
    // "__EFMigrationsLock". Each statement answers 0 or more when the lock is granted.
    private static readonly ServerLock PostgreSql = new(
        TryAcquire: "SELECT CASE WHEN pg_try_advisory_lock(4855288752042372978) THEN 0 ELSE -1 END",
        Acquire: "SELECT 0 FROM pg_advisory_lock(4855288752042372978)",
        Release: "SELECT pg_advisory_unlock(4855288752042372978)");

    private static readonly ServerLock SqlServer = new(
        TryAcquire: "DECLARE @result int; EXEC @result = sp_getapplock @Resource = N'CaseCoordination.Startup', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; SELECT @result;",
        Acquire: "DECLARE @result int; EXEC @result = sp_getapplock @Resource = N'CaseCoordination.Startup', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1; SELECT @result;",
        Release: "EXEC sp_releaseapplock @Resource = N'CaseCoordination.Startup', @LockOwner = 'Session';");

    /// <summary>Waits until this instance holds the lock of the database <paramref name="connectionString"/> names; dispose the result to release it.</summary>
    public static Task<IAsyncDisposable> AcquireAsync(DatabaseProvider provider, string connectionString, ILogger logger, CancellationToken cancellationToken) => provider switch
    {
        DatabaseProvider.Sqlite => AcquireFileAsync(connectionString, logger, cancellationToken),
        DatabaseProvider.PostgreSql => AcquireServerAsync(
            new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString), PostgreSql, logger, cancellationToken),
        DatabaseProvider.SqlServer => AcquireServerAsync(
            new SqlConnection(new SqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString), SqlServer, logger, cancellationToken),
        _ => throw new InvalidOperationException($"No start-up lock for {provider}."),
    };

    /// <summary>
    /// The same lock taken in the server's maintenance database (<c>postgres</c>, <c>master</c>, where the
    /// provider connects to create a database), for creating the database itself: it cannot hold a lock
    /// before it exists, and instances creating it at the same moment would otherwise fail on each other.
    /// </summary>
    public static Task<IAsyncDisposable> AcquireForCreationAsync(DatabaseProvider provider, string connectionString, ILogger logger, CancellationToken cancellationToken) => provider switch
    {
        DatabaseProvider.PostgreSql => AcquireServerAsync(
            new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Database = "postgres" }.ConnectionString), PostgreSql, logger, cancellationToken),
        DatabaseProvider.SqlServer => AcquireServerAsync(
            new SqlConnection(new SqlConnectionStringBuilder(connectionString) { Pooling = false, InitialCatalog = "master" }.ConnectionString), SqlServer, logger, cancellationToken),
        _ => throw new InvalidOperationException($"{provider} creates no database on a server."),
    };

    private static async Task<IAsyncDisposable> AcquireServerAsync(DbConnection connection, ServerLock statements, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (await RunAsync(connection, statements.TryAcquire, cancellationToken) < 0)
            {
                logger.LogInformation("Another instance is starting on this database; waiting for its start-up work to finish");
                var granted = await RunAsync(connection, statements.Acquire, cancellationToken);
                if (granted < 0)
                {
                    throw new InvalidOperationException($"The database refused the start-up lock (answer {granted}).");
                }
            }

            return new HeldConnection(connection, statements.Release);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one lock statement with no command timeout (a wait for the lock may take as long as another instance's start-up); cancellation still ends it.</summary>
    private static async Task<long> RunAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<IAsyncDisposable> AcquireFileAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            // An in-memory database lives in this process only: no other instance can start on it.
            return NothingHeld.Instance;
        }

        var path = Path.GetFullPath(builder.DataSource) + SqliteLockFileSuffix;
        var waiting = false;
        while (true)
        {
            try
            {
                // FileShare.None: no other handle on the file while this one is open (on Linux and macOS .NET
                // enforces it with flock, which the kernel drops with the process). Never deleted: a deleted
                // and recreated file would let two instances each hold a file of that name.
                return new HeldFile(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
            }
            catch (IOException ex) when (ex is not (DirectoryNotFoundException or PathTooLongException))
            {
                if (!waiting)
                {
                    waiting = true;
                    logger.LogInformation("Another instance is starting on this database; waiting for its start-up work to finish ({Reason})", ex.Message);
                }
            }

            await Task.Delay(SqliteRetry, cancellationToken);
        }
    }

    private sealed record ServerLock(string TryAcquire, string Acquire, string Release);

    private sealed class HeldConnection(DbConnection connection, string release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Closing the unpooled connection ends the session and with it the lock; releasing first says so plainly.
                await RunAsync(connection, release, CancellationToken.None);
            }
            catch (DbException)
            {
                // The connection is broken: its session, and the lock, are gone with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class HeldFile(FileStream file) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => file.DisposeAsync();
    }

    private sealed class NothingHeld : IAsyncDisposable
    {
        public static readonly NothingHeld Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
