using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;

namespace CaseCoordination.Application.Directory;

/// <summary>A service in the responsibility directory (nothing personal: any role may read it).</summary>
public sealed record ServiceDto(
    Guid Id,
    Guid AgencyId,
    string RegionCode,
    string Name,
    string? Description,
    IReadOnlyList<Need> Needs,
    IReadOnlyList<string> Municipalities,
    bool RegionWide,
    bool National,
    IReadOnlyList<ServiceGroup> Groups,
    bool AcceptsWithoutPersonalIdentityNumber,
    bool AcceptsProtectedIdentity,
    IReadOnlyList<string> Languages,
    IReadOnlyList<Outreach> Outreach,
    string? ContactHours,
    Capacity Capacity,
    DateTimeOffset CapacityConfirmedAt,
    string CapacityConfirmedBy,
    DateTimeOffset ChangedAt,
    int Version)
{
    public static ServiceDto From(Service s) => new(
        s.Id, s.AgencyId, s.RegionCode, s.Name, s.Description, s.Needs, s.Municipalities, s.RegionWide, s.National, s.Groups,
        s.AcceptsWithoutPersonalIdentityNumber, s.AcceptsProtectedIdentity, s.Languages, s.Outreach, s.ContactHours, s.Capacity,
        s.CapacityConfirmedAt, s.CapacityConfirmedBy, s.ChangedAt, s.Version);
}
