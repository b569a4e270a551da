using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.Common;

namespace CaseCoordination.Api.Infrastructure;

/// <summary>
/// The caller, read from the validated token's claims (<c>sub</c>, <c>role</c>, <c>agency_id</c>, <c>region</c>).
/// An authenticated principal has passed <see cref="TokenClaimRules"/>: one usable <c>sub</c>, one known
/// <c>role</c>, at most one GUID <c>agency_id</c> and at most one region scope.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private System.Security.Claims.ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public string UserId => Principal?.FindFirst(ClaimNames.Subject)?.Value ?? "anonymous";

    public Role? Role => ClaimNames.ParseRole(Principal?.FindFirst(ClaimNames.Role)?.Value);

    public Guid? AgencyId => Guid.TryParse(Principal?.FindFirst(ClaimNames.AgencyId)?.Value, out var id) ? id : null;

    public string? Region => Principal?.FindFirst(ClaimNames.Region)?.Value;

    public string? CallingSystem => Principal?.FindFirst(ClaimNames.AuthorizedParty)?.Value ?? Principal?.FindFirst(ClaimNames.ClientId)?.Value;
}

public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string AgencyId = "agency_id";
    public const string Region = "region";
    public const string AuthorizedParty = "azp";
    public const string ClientId = "client_id";

    public static Role? ParseRole(string? value) => value switch
    {
        "caseworker" => Domain.Common.Role.Caseworker,
        "coordinator" => Domain.Common.Role.Coordinator,
        "auditor" => Domain.Common.Role.Auditor,
        "admin" => Domain.Common.Role.Admin,
        _ => null,
    };
}
