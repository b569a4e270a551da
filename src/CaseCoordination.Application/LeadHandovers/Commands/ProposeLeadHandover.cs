using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;

namespace CaseCoordination.Application.LeadHandovers.Commands;

/// <summary>Proposes a new lead for a case (caseworker of the lead, or coordinator of the region). Needs If-Match.</summary>
[Authorize(Role.Caseworker, Role.Coordinator)]
public sealed record ProposeLeadHandover(Guid CaseId, Guid? ToAgencyId, string? Reason, int? IfMatchVersion) : ICommand<LeadHandoverDto>, IAccessLogged, IConditionalRequest
{
    string IAccessLogged.AccessAction => "lead-handover.propose";
    string IAccessLogged.AccessResourceType => "case";
    Guid? IAccessLogged.AccessResourceId => CaseId;
}

public sealed class ProposeLeadHandoverValidator : AbstractValidator<ProposeLeadHandover>
{
    public ProposeLeadHandoverValidator()
    {
        RuleFor(x => x.ToAgencyId).NotEmpty();
        RuleFor(x => x.Reason).MaximumLength(TextLimits.Reason);
    }
}

public sealed class ProposeLeadHandoverHandler(IApplicationDbContext db, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<ProposeLeadHandover, LeadHandoverDto>
{
    public async ValueTask<LeadHandoverDto> Handle(ProposeLeadHandover command, CancellationToken cancellationToken)
    {
        var @case = await db.LoadForLeadChangeAsync(user, record, command.CaseId, cancellationToken);
        @case.IfMatchRequired(command.IfMatchVersion);
        var agency = await db.ActiveAgencyToLeadAsync(unitOfWork, command.ToAgencyId, cancellationToken);
        var now = clock.GetUtcNow();
        var handover = @case.ProposeLead(Guid.CreateVersion7(now), agency.Id, command.Reason, user.ToActor(), now);

        // The proposed agency becomes a party: checked after the case's own rules (who may propose,
        // one proposal at a time), so that those answer first; a refusal here discards the change.
        await db.EnsureMayBecomePartyAsync(unitOfWork, @case, agency, now, cancellationToken);
        db.LeadHandovers.Add(handover);
        record.Touch("case", @case.Id, @case.Id, @case.Person.SubjectId, CaseScope.BasisFor(user, @case));
        return LeadHandoverDto.From(handover, @case.CaseNumber);
    }
}
