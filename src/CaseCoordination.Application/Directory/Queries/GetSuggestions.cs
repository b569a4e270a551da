using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Directory.Queries;

/// <summary>One routing suggestion: a service, and why it fits the case or not.</summary>
public sealed record SuggestionDto(
    Guid ServiceId,
    Guid AgencyId,
    string AgencyName,
    string Name,
    Capacity Capacity,
    DateTimeOffset CapacityConfirmedAt,
    bool Covers,
    IReadOnlyList<CoverageCriterion> Matches,
    IReadOnlyList<CoverageCriterion> Mismatches,
    IReadOnlyList<CoverageCriterion> NotChecked);

public sealed record Suggestions(Guid CaseId, Need Need, IReadOnlyList<SuggestionDto> Items);

/// <summary>
/// The services that fit a case for a need, best first (<see cref="Coverage.BestFirst"/>), for a caseworker
/// of an agency that takes part in the case (404 otherwise, like a case read). It reads case data, so it
/// is logged like a case read; criteria the caller may not see (the language and the identity number are
/// identity data) are not checked and are listed in <c>notChecked</c>.
/// </summary>
[Authorize(Role.Caseworker)]
public sealed record GetSuggestions(Guid CaseId, Need? Need) : IQuery<Suggestions>, IAccessLogged
{
    string IAccessLogged.AccessAction => "case.suggestions.read";
    string IAccessLogged.AccessResourceType => "case";
    Guid? IAccessLogged.AccessResourceId => CaseId;
}

public sealed class GetSuggestionsValidator : AbstractValidator<GetSuggestions>
{
    public GetSuggestionsValidator() => RuleFor(x => x.Need).NotNull().IsInEnum();
}

public sealed class GetSuggestionsHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : IQueryHandler<GetSuggestions, Suggestions>
{
    public async ValueTask<Suggestions> Handle(GetSuggestions query, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        record.Concerns(query.CaseId, null);
        var @case = await db.Cases.AsNoTracking().VisibleTo(db, agencyId).SingleOrDefaultAsync(c => c.Id == query.CaseId, cancellationToken) ??
            throw await db.RefuseCaseAsync(record, query.CaseId, cancellationToken);
        var now = clock.GetUtcNow();
        var visibility = await db.VisibilityAsync(@case, agencyId, now, cancellationToken);
        record.Touch("case", @case.Id, @case.Id, @case.Person.SubjectId, visibility.Basis, @case.RegionCode);

        var person = @case.Person;
        var identity = visibility.Categories.Contains(DataCategory.Identity);
        var question = new CoverageQuestion(
            query.Need!.Value,
            @case.MunicipalityCode,
            person.IsChildOn(DateOnly.FromDateTime(now.UtcDateTime)) == true,
            identity ? person.Language : null,
            identity ? person.IdentityNumber is not null : null,
            person.ProtectedIdentity);

        // Candidates: listed services for the need, of other active agencies, in the case's region or naming its
        // municipality, or national. Their fit is the domain's.
        var need = question.Need;
        var region = @case.RegionCode;
        var municipality = @case.MunicipalityCode;
        var agencies = db.Agencies.Where(a => a.Active && a.Id != agencyId);
        var candidates = await db.Services.AsNoTracking()
            .Where(s => s.WithdrawnAt == null && s.Needs.Contains(need) && (s.National || s.RegionCode == region || s.Municipalities.Contains(municipality)))
            .Join(agencies, s => s.AgencyId, a => a.Id, (s, a) => new { Service = s, AgencyName = a.Name })
            .ToListAsync(cancellationToken);
        var names = candidates.ToDictionary(c => c.Service.Id, c => c.AgencyName);
        var items = Coverage.BestFirst(candidates.Select(c => Coverage.Fit(c.Service, question)))
            .Select(f => new SuggestionDto(
                f.Service.Id, f.Service.AgencyId, names[f.Service.Id], f.Service.Name, f.Service.Capacity, f.Service.CapacityConfirmedAt,
                f.Covers, f.Matches, f.Mismatches, f.NotChecked))
            .ToList();
        return new Suggestions(@case.Id, need, items);
    }
}
