using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;

namespace CaseCoordination.Application.LeadHandovers.Commands;

/// <summary>A coordinator of the case's region assigns a lead to a case that has none. Needs If-Match.</summary>
[Authorize(Role.Coordinator)]
public sealed record AssignLead(Guid CaseId, Guid? AgencyId, int? IfMatchVersion) : ICommand<CaseDto>, IAccessLogged, IConditionalRequest
{
    string IAccessLogged.AccessAction => "lead.assign";
    string IAccessLogged.AccessResourceType => "case";
    Guid? IAccessLogged.AccessResourceId => CaseId;
}

public sealed class AssignLeadValidator : AbstractValidator<AssignLead>
{
    public AssignLeadValidator()
    {
        RuleFor(x => x.AgencyId).NotEmpty();
    }
}

public sealed class AssignLeadHandler(IApplicationDbContext db, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<AssignLead, CaseDto>
{
    public async ValueTask<CaseDto> Handle(AssignLead command, CancellationToken cancellationToken)
    {
        var @case = await db.LoadForLeadChangeAsync(user, record, command.CaseId, cancellationToken);
        @case.IfMatchRequired(command.IfMatchVersion);
        var agency = await db.ActiveAgencyToLeadAsync(unitOfWork, command.AgencyId, cancellationToken);
        var now = clock.GetUtcNow();

        // An open proposal is superseded by the assignment, in the same step (both change the case, so an
        // accept racing this assignment cannot also commit: the later one gets 409/412).
        var pending = await db.PendingLeadHandoverAsync(@case, command.IfMatchVersion is not null, cancellationToken);
        @case.AssignLead(agency.Id, user.ToActor(), now, pending);

        // The new lead becomes a party: checked after the case's own rules (a case with a lead is 409),
        // so that those answer first; a refusal here discards the change.
        await db.EnsureMayBecomePartyAsync(unitOfWork, @case, agency, now, cancellationToken);
        record.Touch("case", @case.Id, @case.Id, @case.Person.SubjectId, "coordinator-region");

        // A coordinator sees coordination data only.
        var covered = await db.ChildProtectionCoveredAsync([@case.Id], cancellationToken);
        return CaseDto.For(@case, new HashSet<DataCategory> { DataCategory.Coordination }, now, covered.Contains(@case.Id));
    }
}
