using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Consents.Commands;

/// <summary>Withdraws a consent: from this moment it covers no new access. Nothing is deleted.</summary>
[Authorize(Role.Caseworker)]
public sealed record WithdrawConsent(Guid CaseId, Guid ConsentId) : ICommand<ConsentDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "consent.withdraw";
    string IAccessLogged.AccessResourceType => "consent";
    Guid? IAccessLogged.AccessResourceId => ConsentId;
}

public sealed class WithdrawConsentHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<WithdrawConsent, ConsentDto>
{
    public async ValueTask<ConsentDto> Handle(WithdrawConsent command, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        record.Concerns(command.CaseId, null);
        var @case = await db.Cases.AsNoTracking().VisibleTo(db, agencyId).SingleOrDefaultAsync(c => c.Id == command.CaseId, cancellationToken)
            ?? throw await db.RefuseCaseAsync(record, command.CaseId, cancellationToken);
        record.Concerns(@case.Id, @case.Person.SubjectId);
        var consent = await db.Consents.SingleOrDefaultAsync(c => c.Id == command.ConsentId && c.CaseId == @case.Id, cancellationToken)
            ?? throw new NotFoundException("consent");
        var now = clock.GetUtcNow();
        consent.Withdraw(user.ToActor(), now);
        record.Touch("consent", consent.Id, @case.Id, @case.Person.SubjectId, AccessBasis.Party);
        return ConsentDto.From(consent, now);
    }
}
