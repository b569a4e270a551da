namespace CaseCoordination.Domain.Common;

/// <summary>
/// Who performs an act: the user (token <c>sub</c>), their role and, for caseworkers, their agency.
/// Every change in the domain is stamped with an actor.
/// </summary>
public sealed record Actor(string UserId, Role Role, Guid? AgencyId)
{
    public bool IsCaseworkerOf(Guid agencyId) => Role == Role.Caseworker && AgencyId == agencyId;
}
