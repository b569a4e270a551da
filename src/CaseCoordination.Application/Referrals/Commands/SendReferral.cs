using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Options;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Common.Validation;
using CaseCoordination.Domain.Audit;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
using CaseCoordination.Domain.Directory;
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
        RuleFor(x => x.SharedCategories).AtMostOnePerCode();
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
    IUnitOfWork unitOfWork,
    ICurrentUser user,
    TimeProvider clock,
    AccessRecord record,
    IOptions<ReferralOptions> options,
    Domain.Signals.SignalWindows windows) : ICommandHandler<SendReferral, ReferralDto>
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

        // The consents decide a basis, so they are loaded for every send (a case has few).
        var consents = await db.Consents.AsNoTracking().Where(c => c.CaseId == @case.Id).ToListAsync(cancellationToken);

        var (referral, sharing) = Referral.SendUnderPolicy(
            Guid.CreateVersion7(now),
            @case.Id,
            agencyId,
            receiver,
            @case.Person,
            command.Need!.Value,
            command.Urgency!.Value,
            new SharingRequest(command.SharedCategories ?? [], command.Basis?.Kind, command.Basis?.ConsentId, command.Basis?.Justification),
            consents,
            command.Message,
            options.Value.ToServiceLevels(),
            user.ToActor(),
            now);

        // Decided on the case being open and the receiver taking part; both must still hold when the
        // referral commits (a close or the receiver's leaving bumps their versions; ADR 0020).
        unitOfWork.ReliesOn(@case);
        unitOfWork.ReliesOn(receiver);
        if (sharing.Consent is { } consent)
        {
            // A withdrawal that commits first makes this send fail at commit, never cross on it.
            unitOfWork.ReliesOn(consent);
        }

        // Whether the receiver's services cover the need, the municipality and the person's group: one small
        // read along the services' agency index, and for a person who needs another language than Swedish one
        // more of the interpreter services. Outside coverage is allowed, and marked (Coverage.OfReferral).
        var receiverId = receiver.Id;
        var services = await db.Services.AsNoTracking().Where(s => s.AgencyId == receiverId && s.WithdrawnAt == null).ToListAsync(cancellationToken);
        var interpreter = @case.OtherLanguage && Coverage.InterpreterCovers(
            await db.Services.AsNoTracking().Where(s => s.WithdrawnAt == null && s.Needs.Contains(Need.Interpreter)).ToListAsync(cancellationToken),
            @case.MunicipalityCode,
            openOnly: false);
        var child = @case.Person.IsChildOn(DateOnly.FromDateTime(now.UtcDateTime)) == true;
        referral.RecordCoverage(Coverage.OfReferral(services, referral.Need, @case.MunicipalityCode, child, @case.OtherLanguage, interpreter), user.ToActor());

        var basis = sharing.Basis;
        db.Referrals.Add(referral);
        if (basis.NeedsAuditReview)
        {
            db.LegalBasisReviews.Add(LegalBasisReview.For(referral, @case.RegionCode));
        }
        record.Touch("referral", referral.Id, @case.Id, @case.Person.SubjectId, BasisCode(basis), @case.RegionCode);
        return ReferralDto.For(referral, @case.CaseNumber, agencyId, await Signals.CaseStates.OpenOnChangedReferralAsync(db, referral, windows, now, cancellationToken));
    }

    private static string BasisCode(SharingBasis basis) => basis.Kind == SharingBasisKind.Consent ? "consent:" + basis.ConsentId : Codes.Of(basis.Kind);
}
