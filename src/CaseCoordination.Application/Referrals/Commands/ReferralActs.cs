using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using FluentValidation;
using Mediator;

namespace CaseCoordination.Application.Referrals.Commands;

// The acts of the referral lifecycle, one command each. Answers need no If-Match: the referral's own
// state guards them, so of two racing answers one wins and the other gets 409. An If-Match that is
// sent is honoured (412 when stale).

/// <summary>What every act of the lifecycle shares: the referral it acts on and an optional If-Match.</summary>
public interface IReferralAct : IAccessLogged, IConditionalRequest
{
    Guid ReferralId { get; }
}

[Authorize(Role.Caseworker)]
public sealed record ReceiveReferral(Guid ReferralId, int? IfMatchVersion = null) : ICommand<ReferralDto>, IReferralAct
{
    string IAccessLogged.AccessAction => "referral.receive";
    string IAccessLogged.AccessResourceType => "referral";
    Guid? IAccessLogged.AccessResourceId => ReferralId;
}

[Authorize(Role.Caseworker)]
public sealed record AcceptReferral(Guid ReferralId, int? IfMatchVersion = null) : ICommand<ReferralDto>, IReferralAct
{
    string IAccessLogged.AccessAction => "referral.accept";
    string IAccessLogged.AccessResourceType => "referral";
    Guid? IAccessLogged.AccessResourceId => ReferralId;
}

[Authorize(Role.Caseworker)]
public sealed record RejectReferral(Guid ReferralId, string? Reason, Guid? SuggestedAgencyId, int? IfMatchVersion = null, bool? NoCapacity = null) : ICommand<ReferralDto>, IReferralAct
{
    string IAccessLogged.AccessAction => "referral.reject";
    string IAccessLogged.AccessResourceType => "referral";
    Guid? IAccessLogged.AccessResourceId => ReferralId;
}

[Authorize(Role.Caseworker)]
public sealed record StartReferral(Guid ReferralId, int? IfMatchVersion = null) : ICommand<ReferralDto>, IReferralAct
{
    string IAccessLogged.AccessAction => "referral.start";
    string IAccessLogged.AccessResourceType => "referral";
    Guid? IAccessLogged.AccessResourceId => ReferralId;
}

[Authorize(Role.Caseworker)]
public sealed record CompleteReferral(Guid ReferralId, CompletionOutcome? Outcome, int? IfMatchVersion = null) : ICommand<ReferralDto>, IReferralAct
{
    string IAccessLogged.AccessAction => "referral.complete";
    string IAccessLogged.AccessResourceType => "referral";
    Guid? IAccessLogged.AccessResourceId => ReferralId;
}

[Authorize(Role.Caseworker)]
public sealed record FailReferral(Guid ReferralId, FailureReason? Reason, string? Details, int? IfMatchVersion = null) : ICommand<ReferralDto>, IReferralAct
{
    string IAccessLogged.AccessAction => "referral.fail";
    string IAccessLogged.AccessResourceType => "referral";
    Guid? IAccessLogged.AccessResourceId => ReferralId;
}

[Authorize(Role.Caseworker)]
public sealed record CancelReferral(Guid ReferralId, string? Reason, int? IfMatchVersion = null) : ICommand<ReferralDto>, IReferralAct
{
    string IAccessLogged.AccessAction => "referral.cancel";
    string IAccessLogged.AccessResourceType => "referral";
    Guid? IAccessLogged.AccessResourceId => ReferralId;
}

public sealed class RejectReferralValidator : AbstractValidator<RejectReferral>
{
    public RejectReferralValidator()
    {
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(TextLimits.Reason);
    }
}

public sealed class CompleteReferralValidator : AbstractValidator<CompleteReferral>
{
    public CompleteReferralValidator()
    {
        RuleFor(x => x.Outcome).NotNull().IsInEnum();
    }
}

public sealed class FailReferralValidator : AbstractValidator<FailReferral>
{
    public FailReferralValidator()
    {
        RuleFor(x => x.Reason).NotNull().IsInEnum();
        RuleFor(x => x.Details).MaximumLength(TextLimits.Reason);
    }
}

public sealed class CancelReferralValidator : AbstractValidator<CancelReferral>
{
    public CancelReferralValidator()
    {
        RuleFor(x => x.Reason).MaximumLength(TextLimits.Reason);
    }
}

/// <summary>One handler for every act: load what the caller's agency may see, check If-Match, act, answer.</summary>
public sealed class ReferralActHandler(
    IApplicationDbContext db,
    ICurrentUser user,
    TimeProvider clock,
    AccessRecord record,
    Domain.Signals.SignalWindows windows) :
    ICommandHandler<ReceiveReferral, ReferralDto>,
    ICommandHandler<AcceptReferral, ReferralDto>,
    ICommandHandler<RejectReferral, ReferralDto>,
    ICommandHandler<StartReferral, ReferralDto>,
    ICommandHandler<CompleteReferral, ReferralDto>,
    ICommandHandler<FailReferral, ReferralDto>,
    ICommandHandler<CancelReferral, ReferralDto>
{
    public ValueTask<ReferralDto> Handle(ReceiveReferral command, CancellationToken cancellationToken) =>
        Act(command, (r, actor, now) => r.Receive(actor, now), cancellationToken);

    public ValueTask<ReferralDto> Handle(AcceptReferral command, CancellationToken cancellationToken) =>
        Act(command, (r, actor, now) => r.Accept(actor, now), cancellationToken);

    public async ValueTask<ReferralDto> Handle(RejectReferral command, CancellationToken cancellationToken)
    {
        if (command.SuggestedAgencyId is { } suggested && !db.Agencies.Any(a => a.Id == suggested && a.Active))
        {
            throw new UnprocessableException("unknown-agency", "The suggested agency does not exist or no longer takes part in the cooperation.");
        }

        return await Act(command, (r, actor, now) => r.Reject(command.Reason!, command.SuggestedAgencyId, actor, now, command.NoCapacity ?? false), cancellationToken);
    }

    public ValueTask<ReferralDto> Handle(StartReferral command, CancellationToken cancellationToken) =>
        Act(command, (r, actor, now) => r.Start(actor, now), cancellationToken);

    public ValueTask<ReferralDto> Handle(CompleteReferral command, CancellationToken cancellationToken) =>
        Act(command, (r, actor, now) => r.Complete(command.Outcome!.Value, actor, now), cancellationToken);

    public ValueTask<ReferralDto> Handle(FailReferral command, CancellationToken cancellationToken) =>
        Act(command, (r, actor, now) => r.Fail(command.Reason!.Value, command.Details, actor, now), cancellationToken);

    public ValueTask<ReferralDto> Handle(CancelReferral command, CancellationToken cancellationToken) =>
        Act(command, (r, actor, now) => r.Cancel(command.Reason, actor, now), cancellationToken);

    private async ValueTask<ReferralDto> Act(IReferralAct command, Action<Referral, Actor, DateTimeOffset> act, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        var (referral, caseNumber, subjectId, regionCode) = await db.LoadVisibleAsync(command.ReferralId, agencyId, track: true, record, cancellationToken);
        referral.IfMatch(command.IfMatchVersion);
        var now = clock.GetUtcNow();
        act(referral, user.ToActor(), now);
        record.Touch("referral", referral.Id, referral.CaseId, subjectId, AccessBasis.Party, regionCode);
        return ReferralDto.For(referral, caseNumber, agencyId, await Signals.CaseStates.OpenOnChangedReferralAsync(db, referral, windows, now, cancellationToken));
    }
}
