using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.LeadHandovers;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Agencies.Commands;

[Authorize(Role.Admin)]
public sealed record ChangeAgency(Guid AgencyId, string? Name, AgencyKind? Kind, string? RegionCode, string? MunicipalityCode, IReadOnlyList<Need>? Needs, bool? Active = null, int? IfMatchVersion = null)
    : ICommand<AgencyDto>, IAgencyFields, IAccessLogged, IConditionalRequest
{
    string IAccessLogged.AccessAction => "agency.change";
    string IAccessLogged.AccessResourceType => "agency";
    Guid? IAccessLogged.AccessResourceId => AgencyId;
}

public sealed class ChangeAgencyValidator : AbstractValidator<ChangeAgency>
{
    public ChangeAgencyValidator() => this.AddAgencyRules();
}

/// <summary>
/// Changes an agency. Setting <c>active</c> to false means the agency leaves the cooperation: every
/// open case it leads loses its lead, which is a signal until a coordinator assigns a new one, and every
/// open proposal to it as lead is superseded.
/// </summary>
public sealed class ChangeAgencyHandler(IApplicationDbContext db, IUnitOfWork unitOfWork, AccessRecord record, ICurrentUser user, TimeProvider clock) : ICommandHandler<ChangeAgency, AgencyDto>
{
    public async ValueTask<AgencyDto> Handle(ChangeAgency command, CancellationToken cancellationToken)
    {
        var agency = await db.Agencies.SingleOrDefaultAsync(a => a.Id == command.AgencyId, cancellationToken)
            ?? throw new NotFoundException("agency");
        agency.IfMatch(command.IfMatchVersion);
        agency.Change(command.Name!, command.Kind!.Value, command.RegionCode!, command.MunicipalityCode!, command.Needs!);
        if (command.Active is { } active && active != agency.Active)
        {
            agency.SetActive(active);
            if (!active)
            {
                var led = await db.Cases.Where(c => c.LeadAgencyId == agency.Id && c.Status == CaseStatus.Open).ToListAsync(cancellationToken);
                var now = clock.GetUtcNow();
                foreach (var @case in led)
                {
                    @case.LoseLead(user.ToActor(), now);
                }

                // An open proposal to the agency can no longer be accepted: it is superseded, so that it
                // neither blocks another proposal nor shows a signal for an agency that takes no part.
                var proposedTo = await db.Cases.Where(c => c.ProposedLeadAgencyId == agency.Id && c.Status == CaseStatus.Open).ToListAsync(cancellationToken);
                foreach (var @case in proposedTo)
                {
                    @case.ProposedLeadLeft((await db.PendingLeadHandoverAsync(@case, command.IfMatchVersion is not null, cancellationToken))!, user.ToActor(), now);
                }

                // A case whose lead this agency became, or to which it was proposed, while it was leaving
                // would keep a lead or a proposal that takes no part: checked again at commit (acts that
                // make it lead or propose it rely on its version; ADR 0020).
                var agencyId = agency.Id;
                unitOfWork.RecheckAtCommit(async ct =>
                {
                    if (await db.Cases.AnyAsync(c => (c.LeadAgencyId == agencyId || c.ProposedLeadAgencyId == agencyId) && c.Status == CaseStatus.Open, ct))
                    {
                        throw new ConcurrencyConflictException();
                    }
                });
            }
        }

        record.Touch("agency", agency.Id, null, null, AccessBasis.Administration);
        return AgencyDto.From(agency);
    }
}
