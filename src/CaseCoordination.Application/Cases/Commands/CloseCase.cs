using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Cases.Commands;

/// <summary>Closes a case; only the lead may. Open referrals need a written justification.</summary>
[Authorize(Role.Caseworker)]
public sealed record CloseCase(Guid CaseId, CaseOutcome? Outcome, string? Justification, int? IfMatchVersion = null)
    : ICommand<CaseDto>, IAccessLogged, IConditionalRequest
{
    string IAccessLogged.AccessAction => "case.close";
    string IAccessLogged.AccessResourceType => "case";
    Guid? IAccessLogged.AccessResourceId => CaseId;
}

public sealed class CloseCaseValidator : AbstractValidator<CloseCase>
{
    public CloseCaseValidator()
    {
        RuleFor(x => x.Outcome).NotNull().IsInEnum();
        RuleFor(x => x.Justification).MaximumLength(TextLimits.Reason);
    }
}

public sealed class CloseCaseHandler(IApplicationDbContext db, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<CloseCase, CaseDto>
{
    public async ValueTask<CaseDto> Handle(CloseCase command, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        record.Concerns(command.CaseId, null);
        var @case = await db.Cases.VisibleTo(db, agencyId).SingleOrDefaultAsync(c => c.Id == command.CaseId, cancellationToken) ??
            throw await db.RefuseCaseAsync(record, command.CaseId, cancellationToken);
        record.Concerns(@case.Id, @case.Person.SubjectId);
        @case.IfMatch(command.IfMatchVersion);
        var openReferrals = await db.Referrals.CountAsync(r => r.CaseId == @case.Id && ReferralLifecycle.Open.Contains(r.Status), cancellationToken);
        var now = clock.GetUtcNow();
        var openSignals = await db.CaseSignalAnchors.CountAsync(s => s.CaseId == @case.Id && s.DueAt <= now, cancellationToken);
        @case.Close(command.Outcome!.Value, command.Justification, openReferrals, user.ToActor(), now, openSignals);

        // A referral sent to the case while it closes would be closed over quietly: the rule is checked
        // again at commit, with the referrals as they stand then (ADR 0020). Sends rely on the case's
        // version, which this close bumps, so none can commit after it. Signals only open with the clock,
        // and the clock was read above.
        var caseId = @case.Id;
        unitOfWork.RecheckAtCommit(async ct => Case.EnsureClosingJustified(
            command.Justification,
            await db.Referrals.CountAsync(r => r.CaseId == caseId && ReferralLifecycle.Open.Contains(r.Status), ct),
            openSignals));
        var visibility = await db.VisibilityAsync(@case, agencyId, now, cancellationToken);
        record.Touch("case", @case.Id, @case.Id, @case.Person.SubjectId, visibility.Basis);
        var covered = await db.ChildProtectionCoveredAsync([@case.Id], cancellationToken);
        return CaseDto.For(@case, visibility.Categories, now, covered.Contains(@case.Id));
    }
}
