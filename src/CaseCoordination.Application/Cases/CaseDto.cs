using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;

namespace CaseCoordination.Application.Cases;

/// <summary>Identity fields of the person; present only when the caller may see <c>identity</c>.</summary>
public sealed record PersonDto(
    string Name,
    DateOnly? BirthDate,
    int? BirthYear,
    string? IdentityNumber,
    string? Nationality,
    string? Language,
    bool NeedsInterpreter,
    string? Contact);

/// <summary>
/// A case as one agency may see it. Fields of a withheld category are null and the category is
/// listed in <see cref="WithheldCategories"/>; they are never left out silently.
/// </summary>
public sealed record CaseDto(
    Guid Id,
    string CaseNumber,
    CaseStatus Status,
    Guid SubjectId,
    string MunicipalityCode,
    string RegionCode,
    IntakeChannel IntakeChannel,
    Guid? LeadAgencyId,
    Guid OpenedByAgencyId,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    CaseOutcome? Outcome,
    bool? IsChild,
    bool ProtectedIdentity,
    PersonDto? Person,
    string? Situation,
    bool? FirstExploitedAsChild,
    string? CloseJustification,
    IReadOnlyList<ComplexNeed>? ComplexNeeds,
    IReadOnlyList<DataCategory> WithheldCategories,
    DateTimeOffset? WithoutLeadSince,
    PendingLeadHandoverDto? PendingLeadHandover,
    bool? ChildProtectionReportMissing,
    IReadOnlyList<string> Signals,
    int Version)
{
    /// <param name="childProtectionReported">
    /// Whether a child-protection report has gone to social services (a referral for that need to a
    /// social-services agency that was not rejected or cancelled). Null when not looked up.
    /// </param>
    public static CaseDto For(Case c, IReadOnlySet<DataCategory> visible, DateTimeOffset now, bool? childProtectionReported = null, IReadOnlyList<string>? signals = null)
    {
        var isChild = c.Person.IsChildOn(DateOnly.FromDateTime(now.UtcDateTime));
        var identity = visible.Contains(DataCategory.Identity);
        var situation = visible.Contains(DataCategory.Situation);
        var health = visible.Contains(DataCategory.Health);
        var p = c.Person;
        return new CaseDto(
            c.Id,
            c.CaseNumber,
            c.Status,
            p.SubjectId,
            c.MunicipalityCode,
            c.RegionCode,
            c.IntakeChannel,
            c.LeadAgencyId,
            c.OpenedByAgencyId,
            c.OpenedAt,
            c.ClosedAt,
            c.Outcome,
            isChild,
            p.ProtectedIdentity,
            identity ? new PersonDto(p.Name, p.BirthDate, p.BirthYear, p.IdentityNumber, p.Nationality, p.Language, p.NeedsInterpreter, p.Contact) : null,
            situation ? c.Situation : null,
            situation ? p.FirstExploitedAsChild : null,
            situation ? c.CloseJustification : null,
            health ? p.ComplexNeeds : null,
            CaseAccess.AllCategories.Where(x => !visible.Contains(x)).ToList(),
            c.WithoutLeadSince,
            c.PendingLeadHandoverId is { } pending ? new PendingLeadHandoverDto(pending, c.ProposedLeadAgencyId!.Value, c.LeadHandoverProposedAt!.Value) : null,
            isChild == true && childProtectionReported is { } reported ? !reported : null,
            signals ?? [],
            c.Version);
    }
}

public sealed record PendingLeadHandoverDto(Guid Id, Guid ToAgencyId, DateTimeOffset ProposedAt);

public sealed record TimelineEntryDto(long Id, DateTimeOffset At, string Kind, Guid? ReferralId, Guid? AgencyId, string UserId, string? Detail)
{
    public static TimelineEntryDto From(TimelineEntry e) => new(e.Id, e.At, e.Kind, e.ReferralId, e.ActorAgencyId, e.ActorUserId, e.Detail);
}
