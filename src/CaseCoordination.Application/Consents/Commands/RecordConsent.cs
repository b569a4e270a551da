using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Common.Validation;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Consents.Commands;

/// <summary>Records the person's (or a guardian's) consent to share categories with one agency or every agency of a kind.</summary>
[Authorize(Role.Caseworker)]
public sealed record RecordConsent(
    Guid CaseId,
    Guid? RecipientAgencyId,
    AgencyKind? RecipientKind,
    IReadOnlyList<DataCategory>? Categories,
    string? Purpose,
    ConsentMethod? Method,
    ConsentGiver? GivenBy,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil) : ICommand<ConsentDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "consent.record";
    string IAccessLogged.AccessResourceType => "case";
    Guid? IAccessLogged.AccessResourceId => CaseId;
}

public sealed class RecordConsentValidator : AbstractValidator<RecordConsent>
{
    public RecordConsentValidator()
    {
        RuleFor(x => x).Must(x => (x.RecipientAgencyId is null) != (x.RecipientKind is null))
            .WithName("recipientAgencyId").WithMessage("Give exactly one of 'recipientAgencyId' and 'recipientKind'.");
        RuleFor(x => x.RecipientKind).IsInEnum();
        RuleFor(x => x.Categories).NotEmpty().AtMostOnePerCode();
        RuleForEach(x => x.Categories).IsInEnum();
        RuleFor(x => x.Purpose).NotEmpty().MaximumLength(TextLimits.Reason);
        RuleFor(x => x.Method).NotNull().IsInEnum();
        RuleFor(x => x.GivenBy).NotNull().IsInEnum();
        RuleFor(x => x.ValidUntil).Must((x, until) => until is null || until > (x.ValidFrom ?? DateTimeOffset.MinValue))
            .WithMessage("'validUntil' must be after 'validFrom'.");
    }
}

public sealed class RecordConsentHandler(IApplicationDbContext db, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<RecordConsent, ConsentDto>
{
    public async ValueTask<ConsentDto> Handle(RecordConsent command, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        record.Concerns(command.CaseId, null);
        var @case = await db.Cases.AsNoTracking().VisibleTo(db, agencyId).SingleOrDefaultAsync(c => c.Id == command.CaseId, cancellationToken)
            ?? throw await db.RefuseCaseAsync(record, command.CaseId, cancellationToken);
        record.Concerns(@case.Id, @case.Person.SubjectId);
        @case.EnsureOpen();
        unitOfWork.ReliesOn(@case); // still open when the consent commits (ADR 0020)
        if (command.RecipientAgencyId is { } recipient && !await db.Agencies.AnyAsync(a => a.Id == recipient, cancellationToken))
        {
            throw new Common.Exceptions.UnprocessableException("unknown-agency", "The recipient agency does not exist.");
        }

        var now = clock.GetUtcNow();
        var consent = Consent.Record(
            Guid.CreateVersion7(now), @case.Id, command.RecipientAgencyId, command.RecipientKind, command.Categories!, command.Purpose!,
            command.Method!.Value, command.GivenBy!.Value, command.ValidFrom, command.ValidUntil, user.ToActor(), now);
        db.Consents.Add(consent);
        record.Touch("consent", consent.Id, @case.Id, @case.Person.SubjectId, AccessBasis.Party);
        return ConsentDto.From(consent, now);
    }
}
