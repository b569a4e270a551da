using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.LeadHandovers.Commands;

/// <summary>The proposed agency takes the lead; it becomes lead in the same transaction.</summary>
[Authorize(Role.Caseworker)]
public sealed record AcceptLeadHandover(Guid HandoverId) : ICommand<LeadHandoverDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "lead-handover.accept";
    string IAccessLogged.AccessResourceType => "lead-handover";
    Guid? IAccessLogged.AccessResourceId => HandoverId;
}

/// <summary>The proposed agency declines; the current lead stays.</summary>
[Authorize(Role.Caseworker)]
public sealed record DeclineLeadHandover(Guid HandoverId, string? Reason) : ICommand<LeadHandoverDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "lead-handover.decline";
    string IAccessLogged.AccessResourceType => "lead-handover";
    Guid? IAccessLogged.AccessResourceId => HandoverId;
}

public sealed class DeclineLeadHandoverValidator : AbstractValidator<DeclineLeadHandover>
{
    public DeclineLeadHandoverValidator()
    {
        RuleFor(x => x.Reason).MaximumLength(TextLimits.Reason);
    }
}

/// <summary>
/// Answers need no If-Match: the handover's own state guards them, so of two racing answers one wins
/// and the other gets 409.
/// </summary>
public sealed class AnswerLeadHandoverHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<AcceptLeadHandover, LeadHandoverDto>, ICommandHandler<DeclineLeadHandover, LeadHandoverDto>
{
    public ValueTask<LeadHandoverDto> Handle(AcceptLeadHandover command, CancellationToken cancellationToken) =>
        Answer(command.HandoverId, accept: true, null, cancellationToken);

    public ValueTask<LeadHandoverDto> Handle(DeclineLeadHandover command, CancellationToken cancellationToken) =>
        Answer(command.HandoverId, accept: false, command.Reason, cancellationToken);

    private async ValueTask<LeadHandoverDto> Answer(Guid handoverId, bool accept, string? reason, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();

        // Visible to the proposed agency, and to the agency that proposed it (which may not answer: 403).
        var handover = await db.LeadHandovers
            .SingleOrDefaultAsync(h => h.Id == handoverId && (h.ToAgencyId == agencyId || h.ProposedByAgencyId == agencyId || h.FromAgencyId == agencyId), cancellationToken);
        if (handover is null)
        {
            var caseId = await db.LeadHandovers.Where(h => h.Id == handoverId).Select(h => (Guid?)h.CaseId).SingleOrDefaultAsync(cancellationToken);
            if (caseId is { } id)
            {
                // Names the case and person in the access log entry of the refusal.
                await Cases.CaseAccess.RefuseCaseAsync(db, record, id, cancellationToken);
            }

            throw new NotFoundException("lead handover");
        }

        var @case = await db.Cases.SingleAsync(c => c.Id == handover.CaseId, cancellationToken);
        record.Concerns(@case.Id, @case.Person.SubjectId);
        var now = clock.GetUtcNow();
        @case.AnswerLeadHandover(handover, accept, reason, user.ToActor(), now);
        record.Touch("lead-handover", handover.Id, @case.Id, @case.Person.SubjectId, Cases.CaseAccess.BasisFor(@case, agencyId));
        return LeadHandoverDto.From(handover, @case.CaseNumber);
    }
}
