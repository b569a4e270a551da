using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Signals;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Cases.Queries;

/// <summary>The cases the caller's agency takes part in, newest first; <c>lead=mine</c> narrows to the cases it leads.</summary>
[Authorize(Role.Caseworker)]
public sealed record GetCases(CaseStatus? Status, bool LeadMine, int? Limit, string? Cursor) : IQuery<Page<CaseDto>>, IAccessLogged, IPageQuery
{
    string IAccessLogged.AccessAction => "case.list";
    string IAccessLogged.AccessResourceType => "case";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class GetCasesValidator : AbstractValidator<GetCases>
{
    public GetCasesValidator()
    {
        this.AddPageRules();
        RuleFor(x => x.Status).IsInEnum();
    }
}

public sealed class GetCasesHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : IQueryHandler<GetCases, Page<CaseDto>>
{
    public async ValueTask<Page<CaseDto>> Handle(GetCases query, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        var limit = query.Limit ?? Cursor.DefaultLimit;
        var after = Cursor.Decode(query.Cursor);
        var cases = db.Cases.AsNoTracking().VisibleTo(db, agencyId);
        if (query.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }

        if (query.LeadMine)
        {
            cases = cases.Where(c => c.LeadAgencyId == agencyId);
        }

        if (after is { } a)
        {
            cases = cases.Where(c => c.OpenedAt < a.At || (c.OpenedAt == a.At && c.Id.CompareTo(a.Id) < 0));
        }

        var fetched = await cases.OrderByDescending(c => c.OpenedAt).ThenByDescending(c => c.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var page = Cursor.ToPage(fetched, limit, c => new Cursor(c.OpenedAt, c.Id));
        var visibility = await db.VisibilityAsync(page.Items, agencyId, now, cancellationToken);
        foreach (var c in page.Items)
        {
            record.Touch("case", c.Id, c.Id, c.Person.SubjectId, visibility[c.Id].Basis);
        }

        var covered = await db.ChildProtectionCoveredAsync(page.Items.Select(c => c.Id).ToList(), cancellationToken);
        var caseIds = page.Items.Select(c => c.Id).ToList();
        var open = await db.OpenOnCasesAsync(caseIds, now, cancellationToken);
        return new Page<CaseDto>(
            page.Items.Select(c => CaseDto.For(c, visibility[c.Id].Categories, now, covered.Contains(c.Id), open[c.Id].ToList())).ToList(),
            page.NextCursor);
    }
}
