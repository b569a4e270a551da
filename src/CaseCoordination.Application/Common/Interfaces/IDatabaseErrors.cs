using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Common.Interfaces;

public enum DatabaseErrorKind
{
    Other = 0,

    /// <summary>A unique or foreign-key constraint refused the change: another client got there first.</summary>
    Conflict,

    /// <summary>The database stayed busy or locked beyond the wait: the client may retry.</summary>
    Busy,
}

/// <summary>Classifies provider-specific failures of a save, so that they answer 409 or 503, never 500.</summary>
public interface IDatabaseErrors
{
    DatabaseErrorKind Classify(DbUpdateException exception);
}
