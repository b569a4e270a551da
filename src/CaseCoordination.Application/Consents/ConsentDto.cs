using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;

namespace CaseCoordination.Application.Consents;

public sealed record ConsentDto(
    Guid Id,
    Guid CaseId,
    Guid? RecipientAgencyId,
    AgencyKind? RecipientKind,
    IReadOnlyList<DataCategory> Categories,
    string Purpose,
    ConsentMethod Method,
    ConsentGiver GivenBy,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    ConsentState State,
    DateTimeOffset RecordedAt,
    Guid RecordedByAgencyId,
    DateTimeOffset? WithdrawnAt,
    int Version)
{
    public static ConsentDto From(Consent c, DateTimeOffset now) => new(
        c.Id, c.CaseId, c.RecipientAgencyId, c.RecipientKind, c.Categories, c.Purpose, c.Method, c.GivenBy,
        c.ValidFrom, c.ValidUntil, c.StateAt(now), c.RecordedAt, c.RecordedByAgencyId, c.WithdrawnAt, c.Version);
}
