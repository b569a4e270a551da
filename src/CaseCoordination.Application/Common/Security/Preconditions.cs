using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Domain.Common;

namespace CaseCoordination.Application.Common.Security;

public static class Preconditions
{
    /// <summary>Answers 412 when the client's <c>If-Match</c> version is not the aggregate's current one.</summary>
    public static void IfMatch(this AggregateRoot aggregate, int? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != aggregate.Version)
        {
            throw new PreconditionFailedException(aggregate.Version);
        }
    }

    /// <summary>Like <see cref="IfMatch"/>, but an absent <c>If-Match</c> is refused with 428.</summary>
    public static void IfMatchRequired(this AggregateRoot aggregate, int? expectedVersion)
    {
        if (expectedVersion is null)
        {
            throw new PreconditionRequiredException();
        }

        aggregate.IfMatch(expectedVersion);
    }
}
