using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Audit.Commands;

/// <summary>An auditor marks a use of a legal basis reviewed; the act itself is logged.</summary>
[Authorize(Role.Auditor)]
public sealed record MarkLegalBasisReviewed(Guid ReviewId, string? Note) : ICommand<LegalBasisReviewDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "audit.review";
    string IAccessLogged.AccessResourceType => "legal-basis-review";
    Guid? IAccessLogged.AccessResourceId => ReviewId;
}

public sealed class MarkLegalBasisReviewedValidator : AbstractValidator<MarkLegalBasisReviewed>
{
    public MarkLegalBasisReviewedValidator()
    {
        RuleFor(x => x.Note).MaximumLength(TextLimits.Reason);
    }
}

public sealed class MarkLegalBasisReviewedHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<MarkLegalBasisReviewed, LegalBasisReviewDto>
{
    public async ValueTask<LegalBasisReviewDto> Handle(MarkLegalBasisReviewed command, CancellationToken cancellationToken)
    {
        user.RequireRegionScope();
        var review = await db.LegalBasisReviews.SingleOrDefaultAsync(r => r.Id == command.ReviewId, cancellationToken);
        if (review is null || !user.RegionCovers(review.RegionCode))
        {
            throw new NotFoundException("review");
        }

        record.Concerns(review.CaseId, null);
        review.MarkReviewed(command.Note, user.ToActor(), clock.GetUtcNow());
        var justification = await db.Referrals.Where(r => r.Id == review.ReferralId).Select(r => r.Basis!.Justification).SingleOrDefaultAsync(cancellationToken);
        record.Touch("legal-basis-review", review.Id, review.CaseId, null, "auditor-region");
        return LegalBasisReviewDto.From(review, justification);
    }
}
