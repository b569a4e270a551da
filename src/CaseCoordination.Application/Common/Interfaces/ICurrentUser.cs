using CaseCoordination.Domain.Common;

namespace CaseCoordination.Application.Common.Interfaces;

/// <summary>The caller, as the token says: <c>sub</c>, <c>role</c>, <c>agency_id</c>, <c>region</c>.</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }
    string UserId { get; }
    Role? Role { get; }
    Guid? AgencyId { get; }

    /// <summary>A region code, or <c>*</c> for the national level (coordinators and auditors).</summary>
    string? Region { get; }

    /// <summary>The client system that made the call, where the token names it.</summary>
    string? CallingSystem { get; }
}

public static class CurrentUserExtensions
{
    public static Actor ToActor(this ICurrentUser user) =>
        new(user.UserId, user.Role ?? throw new InvalidOperationException("The caller has no role."), user.AgencyId);

    /// <summary>The caller's agency; handlers of caseworker requests call it after authorization.</summary>
    public static Guid RequireAgency(this ICurrentUser user) =>
        user.AgencyId ?? throw new Exceptions.ForbiddenAccessException("agency-required", "The token names no agency.");
}
