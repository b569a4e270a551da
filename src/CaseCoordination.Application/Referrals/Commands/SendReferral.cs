using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Options;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Audit;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
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

        if (receiver.Id == agencyId)
        {
            throw new UnprocessableException("referral-to-self", "A referral must go to another agency than the sending one.");
        }

        var now = clock.GetUtcNow();
        var shared = (command.SharedCategories ?? []).Append(DataCategory.Coordination).Distinct().Order().ToList();
        if (@case.Person.ProtectedIdentity && shared.Contains(DataCategory.Identity))
        {
            throw new UnprocessableException(
                "protected-identity",
                "The person has protected identity: identity data is never shared by referral, whatever the consent says.");
        }

        var basis = await CheckBasisAsync(command, shared, @case.Id, receiver, @case.Person.IsChildOn(DateOnly.FromDateTime(now.UtcDateTime)), now, cancellationToken);

        // Decided on the case being open and the receiver taking part; both must still hold when the
        // referral commits (a close or the receiver's leaving bumps their versions; ADR 0020).
        db.ReliesOn(@case);
        db.ReliesOn(receiver);
        var referral = Referral.Send(
            Guid.CreateVersion7(now),
            @case.Id,
            agencyId,
            receiver.Id,
            command.Need!.Value,
            command.Urgency!.Value,
            shared,
            basis,
            command.Message,
            options.Value.ToServiceLevels(),
            user.ToActor(),
            now);
        db.Referrals.Add(referral);
        if (basis.NeedsAuditReview)
        {
            db.LegalBasisReviews.Add(LegalBasisReview.For(referral, @case.RegionCode));
        }
        record.Touch("referral", referral.Id, @case.Id, @case.Person.SubjectId, BasisCode(basis), @case.RegionCode);
        return ReferralDto.For(referral, @case.CaseNumber, agencyId, await Signals.CaseStates.OpenOnChangedReferralAsync(db, referral, windows, now, cancellationToken));
    }

    /// <summary>
    /// Nothing crosses to the receiving agency without a basis that covers every shared category
    /// (coordination included): an active consent for that agency, or a stated legal basis that
    /// applies to it. The problem response names each uncovered category.
    /// </summary>
    private async Task<SharingBasis> CheckBasisAsync(
        SendReferral command, IReadOnlyList<DataCategory> shared, Guid caseId, Agency receiver, bool? isChild, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var kind = command.Basis?.Kind;
        switch (kind)
        {
            case SharingBasisKind.MandatoryChildReport when receiver.Kind != AgencyKind.SocialServices:
                throw new UnprocessableException("basis-not-applicable", "A mandatory report about a child can only go to a social-services agency.");
            case SharingBasisKind.MandatoryChildReport when isChild == false:
                throw new UnprocessableException("basis-not-applicable", "A mandatory report about a child needs a person who is or may be a child.");
            case SharingBasisKind.SeriousCrime when receiver.Kind != AgencyKind.Police:
                throw new UnprocessableException("basis-not-applicable", "The duty to inform of a serious crime applies to the police only.");
            case SharingBasisKind.MandatoryChildReport or SharingBasisKind.Emergency or SharingBasisKind.SeriousCrime:
                return new SharingBasis(kind.Value, null, command.Basis!.Justification);
        }

        Consent? named = null;
        if (kind == SharingBasisKind.Consent)
        {
            named = await db.Consents.AsNoTracking().SingleOrDefaultAsync(c => c.Id == command.Basis!.ConsentId && c.CaseId == caseId, cancellationToken)
                ?? throw new UnprocessableException("consent-not-found", "No consent with that id exists for this case.");
        }

        var consents = named is null ? await db.Consents.AsNoTracking().Where(c => c.CaseId == caseId).ToListAsync(cancellationToken) : [];
        var (uncovered, consent) = SharingPolicy.Check(shared, kind, named, consents, receiver.Id, receiver.Kind, now);
        if (uncovered.Count > 0 || consent is null)
        {
            throw CaseAccess.CategoriesNotCovered(uncovered, "the receiving agency");
        }

        // A withdrawal that commits first makes this send fail at commit, never cross on it.
        db.ReliesOn(consent);
        return new SharingBasis(SharingBasisKind.Consent, consent.Id, null);
    }

    private static string BasisCode(SharingBasis basis) => basis.Kind == SharingBasisKind.Consent ? "consent:" + basis.ConsentId : Codes.Of(basis.Kind);
}
