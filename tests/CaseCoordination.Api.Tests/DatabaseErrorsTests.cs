using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>PostgreSQL's failures of a save answer as SQL Server's do: 409 for a lost race, 503 for a lock wait given up.</summary>
public sealed class DatabaseErrorsTests
{
    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation, DatabaseErrorKind.Conflict)]
    [InlineData(PostgresErrorCodes.ForeignKeyViolation, DatabaseErrorKind.Conflict)]
    [InlineData(PostgresErrorCodes.DeadlockDetected, DatabaseErrorKind.Conflict)]
    [InlineData(PostgresErrorCodes.SerializationFailure, DatabaseErrorKind.Conflict)]
    [InlineData(PostgresErrorCodes.LockNotAvailable, DatabaseErrorKind.Busy)]
    [InlineData(PostgresErrorCodes.UndefinedTable, DatabaseErrorKind.Other)]
    public void PostgreSql_errors_are_classified(string sqlState, DatabaseErrorKind kind)
    {
        var error = new DbUpdateException("save failed", new PostgresException("failed", "ERROR", "ERROR", sqlState));
        Assert.Equal(kind, new DatabaseErrors().Classify(error));
    }
}
