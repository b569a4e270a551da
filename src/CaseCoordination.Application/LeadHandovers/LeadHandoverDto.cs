using CaseCoordination.Domain.LeadHandovers;

namespace CaseCoordination.Application.LeadHandovers;

public sealed record LeadHandoverDto(
    Guid Id,
    Guid CaseId,
    string CaseNumber,
    Guid? FromAgencyId,
    Guid ToAgencyId,
    LeadHandoverStatus Status,
    string? Reason,
    string? DeclineReason,
    DateTimeOffset ProposedAt,
    DateTimeOffset? AnsweredAt,
    int Version)
{
    public static LeadHandoverDto From(LeadHandover h, string caseNumber) =>
        new(h.Id, h.CaseId, caseNumber, h.FromAgencyId, h.ToAgencyId, h.Status, h.Reason, h.DeclineReason, h.ProposedAt, h.AnsweredAt, h.Version);
}
