using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;

namespace CaseCoordination.Application.Agencies;

public sealed record AgencyDto(
    Guid Id,
    string Name,
    AgencyKind Kind,
    string RegionCode,
    string MunicipalityCode,
    IReadOnlyList<Need> Needs,
    bool Active,
    int Version)
{
    public static AgencyDto From(Agency a) => new(a.Id, a.Name, a.Kind, a.RegionCode, a.MunicipalityCode, a.Needs, a.Active, a.Version);
}
