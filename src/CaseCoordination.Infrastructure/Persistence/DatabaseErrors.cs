using CaseCoordination.Application.Common.Interfaces;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Infrastructure.Persistence;

public sealed class DatabaseErrors : IDatabaseErrors
{
    // SQLite: 5 SQLITE_BUSY, 6 SQLITE_LOCKED, 19 SQLITE_CONSTRAINT.
    // SQL Server: 2601/2627 duplicate key, 547 constraint, 1205 deadlock victim, 1222 lock timeout.
    public DatabaseErrorKind Classify(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19 } => DatabaseErrorKind.Conflict,
        SqliteException { SqliteErrorCode: 5 or 6 } => DatabaseErrorKind.Busy,
        SqlException { Number: 2601 or 2627 or 547 or 1205 } => DatabaseErrorKind.Conflict,
        SqlException { Number: 1222 } => DatabaseErrorKind.Busy,
        _ => DatabaseErrorKind.Other,
    };
}
