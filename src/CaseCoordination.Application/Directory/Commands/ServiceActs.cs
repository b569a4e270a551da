using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Directory.Commands;

/// <summary>An agency offers a service (an admin, or a caseworker of that agency).</summary>
[Authorize(Role.Admin, Role.Caseworker)]
public sealed record OfferService(
    Guid AgencyId,
    string? Name,
    string? Description,
    IReadOnlyList<Need>? Needs,
    IReadOnlyList<string>? Municipalities,
    bool? RegionWide,
    bool? National,
    IReadOnlyList<ServiceGroup>? Groups,
    bool? AcceptsWithoutPersonalIdentityNumber,
    bool? AcceptsProtectedIdentity,
    IReadOnlyList<string>? Languages,
    IReadOnlyList<Outreach>? Outreach,
    string? ContactHours,
    Capacity? Capacity) : ICommand<ServiceDto>, IServiceFields, IAccessLogged
{
    string IAccessLogged.AccessAction => "service.create";
    string IAccessLogged.AccessResourceType => "service";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class OfferServiceValidator : AbstractValidator<OfferService>
{
    public OfferServiceValidator() => this.AddServiceRules();
}

public sealed class OfferServiceHandler(IApplicationDbContext db, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<OfferService, ServiceDto>
{
    public async ValueTask<ServiceDto> Handle(OfferService command, CancellationToken cancellationToken)
    {
        var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == command.AgencyId, cancellationToken)
            ?? throw new NotFoundException("agency");
        var now = clock.GetUtcNow();
        var service = Service.Offer(Guid.CreateVersion7(now), agency.Id, agency.RegionCode, command.ToOffer(), user.ToActor(), now);

        // Offered in the agency's region as it stands: a change of the agency's region must not cross it.
        unitOfWork.ReliesOn(agency);
        db.Services.Add(service);
        record.Touch("service", service.Id, null, null, AccessBasis.Administration);
        return ServiceDto.From(service);
    }
}

/// <summary>Replaces what a service offers; <c>If-Match</c> required (two people may maintain one service).</summary>
[Authorize(Role.Admin, Role.Caseworker)]
public sealed record ReviseService(
    Guid ServiceId,
    string? Name,
    string? Description,
    IReadOnlyList<Need>? Needs,
    IReadOnlyList<string>? Municipalities,
    bool? RegionWide,
    bool? National,
    IReadOnlyList<ServiceGroup>? Groups,
    bool? AcceptsWithoutPersonalIdentityNumber,
    bool? AcceptsProtectedIdentity,
    IReadOnlyList<string>? Languages,
    IReadOnlyList<Outreach>? Outreach,
    string? ContactHours,
    Capacity? Capacity,
    int? IfMatchVersion = null) : ICommand<ServiceDto>, IServiceFields, IAccessLogged, IConditionalRequest
{
    string IAccessLogged.AccessAction => "service.change";
    string IAccessLogged.AccessResourceType => "service";
    Guid? IAccessLogged.AccessResourceId => ServiceId;
}

public sealed class ReviseServiceValidator : AbstractValidator<ReviseService>
{
    public ReviseServiceValidator() => this.AddServiceRules();
}

public sealed class ReviseServiceHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<ReviseService, ServiceDto>
{
    public async ValueTask<ServiceDto> Handle(ReviseService command, CancellationToken cancellationToken)
    {
        var service = await db.Services.LoadListedAsync(command.ServiceId, cancellationToken);
        Service.EnsureMayMaintain(user.ToActor(), service.AgencyId);
        service.IfMatchRequired(command.IfMatchVersion);
        service.Revise(command.ToOffer(), user.ToActor(), clock.GetUtcNow());
        record.Touch("service", service.Id, null, null, AccessBasis.Administration);
        return ServiceDto.From(service);
    }
}

/// <summary>Withdraws a service from the directory; <c>If-Match</c> required.</summary>
[Authorize(Role.Admin, Role.Caseworker)]
public sealed record WithdrawService(Guid ServiceId, int? IfMatchVersion = null) : ICommand<ServiceDto>, IAccessLogged, IConditionalRequest
{
    string IAccessLogged.AccessAction => "service.withdraw";
    string IAccessLogged.AccessResourceType => "service";
    Guid? IAccessLogged.AccessResourceId => ServiceId;
}

public sealed class WithdrawServiceHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<WithdrawService, ServiceDto>
{
    public async ValueTask<ServiceDto> Handle(WithdrawService command, CancellationToken cancellationToken)
    {
        var service = await db.Services.LoadListedAsync(command.ServiceId, cancellationToken);
        Service.EnsureMayMaintain(user.ToActor(), service.AgencyId);
        service.IfMatchRequired(command.IfMatchVersion);
        service.Withdraw(user.ToActor(), clock.GetUtcNow());
        record.Touch("service", service.Id, null, null, AccessBasis.Administration);
        return ServiceDto.From(service);
    }
}

public static class ServiceLookup
{
    /// <summary>A service still in the directory (tracked), or 404: a withdrawn one is gone for everyone.</summary>
    public static async Task<Service> LoadListedAsync(this DbSet<Service> services, Guid id, CancellationToken cancellationToken) =>
        await services.SingleOrDefaultAsync(s => s.Id == id && s.WithdrawnAt == null, cancellationToken) ?? throw new NotFoundException("service");
}
