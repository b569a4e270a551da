using CaseCoordination.Application.Common.Interfaces;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CaseCoordination.Infrastructure.Persistence;

public sealed class DatabaseErrors : IDatabaseErrors
{
    // SQLite: 5 SQLITE_BUSY, 6 SQLITE_LOCKED, 19 SQLITE_CONSTRAINT.
    // SQL Server: 2601/2627 duplicate key, 547 constraint, 1205 deadlock victim, 1222 lock timeout.
    // PostgreSQL (SQLSTATE), the same kinds as SQL Server's: 23505 unique violation, 23503 foreign key,
    // 40P01 deadlock and 40001 serialization failure (each left over after the execution strategy's
    // retries), 55P03 lock not available (lock_timeout).
    public DatabaseErrorKind Classify(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19 } => DatabaseErrorKind.Conflict,
        SqliteException { SqliteErrorCode: 5 or 6 } => DatabaseErrorKind.Busy,
        SqlException { Number: 2601 or 2627 or 547 or 1205 } => DatabaseErrorKind.Conflict,
        SqlException { Number: 1222 } => DatabaseErrorKind.Busy,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } => DatabaseErrorKind.Conflict,
        PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } => DatabaseErrorKind.Busy,
        _ => DatabaseErrorKind.Other,
    };
}
