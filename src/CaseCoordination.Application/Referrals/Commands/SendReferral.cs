using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Options;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Application.Referrals.Commands;

public sealed record SharingBasisInput(SharingBasisKind? Kind, Guid? ConsentId, string? Justification);

/// <summary>Sends a referral from the caller's agency to another agency, for one need of a case.</summary>
[Authorize(Role.Caseworker)]
public sealed record SendReferral(
    Guid CaseId,
    Guid? ToAgencyId,
    Need? Need,
    Urgency? Urgency,
    IReadOnlyList<DataCategory>? SharedCategories,
    SharingBasisInput? Basis,
    string? Message) : ICommand<ReferralDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "referral.send";
    string IAccessLogged.AccessResourceType => "referral";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class SendReferralValidator : AbstractValidator<SendReferral>
{
    public SendReferralValidator()
    {
        RuleFor(x => x.ToAgencyId).NotEmpty();
        RuleFor(x => x.Need).NotNull().IsInEnum();
        RuleFor(x => x.Urgency).NotNull().IsInEnum();
        RuleForEach(x => x.SharedCategories).IsInEnum();
        RuleFor(x => x.Message).MaximumLength(TextLimits.FreeText);
        RuleFor(x => x.Basis!.Kind).NotNull().IsInEnum().When(x => x.Basis is not null).OverridePropertyName("basis.kind");
        RuleFor(x => x.Basis!.ConsentId).NotEmpty()
            .When(x => x.Basis is { Kind: SharingBasisKind.Consent }).OverridePropertyName("basis.consentId");
        RuleFor(x => x.Basis!.Justification).NotEmpty().MaximumLength(TextLimits.Reason)
            .When(x => x.Basis is { Kind: not null and not SharingBasisKind.Consent }).OverridePropertyName("basis.justification");
    }
}

public sealed class SendReferralHandler(
    IApplicationDbContext db,
    ICurrentUser user,
    TimeProvider clock,
    AccessRecord record,
    IOptions<ReferralOptions> options) : ICommandHandler<SendReferral, ReferralDto>
{
    public async ValueTask<ReferralDto> Handle(SendReferral command, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        record.Concerns(command.CaseId, null);
        var @case = await db.Cases.AsNoTracking().VisibleTo(db, agencyId).SingleOrDefaultAsync(c => c.Id == command.CaseId, cancellationToken) ??
            throw await db.RefuseCaseAsync(record, command.CaseId, cancellationToken);
        record.Concerns(@case.Id, @case.Person.SubjectId);
        @case.EnsureOpen();

        var receiver = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == command.ToAgencyId, cancellationToken);
        if (receiver is null || !receiver.Active)
        {
            throw new UnprocessableException("unknown-agency", "The receiving agency does not exist or no longer takes part in the cooperation.");
        }

        var now = clock.GetUtcNow();
        var basis = CheckBasis(command, receiver, @case.Person.IsChildOn(DateOnly.FromDateTime(now.UtcDateTime)));
        var referral = Referral.Send(
            Guid.CreateVersion7(now),
            @case.Id,
            agencyId,
            receiver.Id,
            command.Need!.Value,
            command.Urgency!.Value,
            command.SharedCategories ?? [],
            basis,
            command.Message,
            options.Value.ToServiceLevels(),
            user.ToActor(),
            now);
        db.Referrals.Add(referral);
        record.Touch("referral", referral.Id, @case.Id, @case.Person.SubjectId, BasisCode(basis));
        return ReferralDto.For(referral, @case.CaseNumber, agencyId, now, options.Value.StalledAfter);
    }

    /// <summary>
    /// Until consent is recorded (a later issue), a referral shares only <c>coordination</c>. A legal
    /// basis is recorded with its justification; a consent must exist.
    /// </summary>
    private static SharingBasis? CheckBasis(SendReferral command, Agency receiver, bool? isChild)
    {
        var uncovered = (command.SharedCategories ?? []).Where(c => c != DataCategory.Coordination).Distinct().Order().ToList();
        if (uncovered.Count > 0)
        {
            throw new UnprocessableException(
                "categories-not-covered",
                "Only the 'coordination' category can be shared until a consent or legal basis covers more. Not covered: "
                    + string.Join(", ", uncovered.Select(Codes.Of)) + ".",
                new Dictionary<string, object?> { ["uncoveredCategories"] = uncovered.Select(Codes.Of).ToList() });
        }

        if (command.Basis is not { Kind: { } kind } input)
        {
            return null;
        }

        switch (kind)
        {
            case SharingBasisKind.Consent:
                throw new UnprocessableException("consent-not-found", "No active consent with that id exists for this case.");
            case SharingBasisKind.MandatoryChildReport when receiver.Kind != AgencyKind.SocialServices:
                throw new UnprocessableException("basis-not-applicable", "A mandatory report about a child can only go to a social-services agency.");
            case SharingBasisKind.MandatoryChildReport when isChild == false:
                throw new UnprocessableException("basis-not-applicable", "A mandatory report about a child needs a person who is or may be a child.");
            case SharingBasisKind.SeriousCrime when receiver.Kind != AgencyKind.Police:
                throw new UnprocessableException("basis-not-applicable", "The duty to inform of a serious crime applies to the police only.");
            default:
                return new SharingBasis(kind, null, input.Justification);
        }
    }

    private static string BasisCode(SharingBasis? basis) => basis is null ? AccessBasis.Party : Codes.Of(basis.Kind);
}
