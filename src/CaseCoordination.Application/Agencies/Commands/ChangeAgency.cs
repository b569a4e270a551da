using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Agencies.Commands;

[Authorize(Role.Admin)]
public sealed record ChangeAgency(Guid AgencyId, string? Name, AgencyKind? Kind, string? RegionCode, string? MunicipalityCode, IReadOnlyList<Need>? Needs, int? IfMatchVersion = null)
    : ICommand<AgencyDto>, IAgencyFields, IAccessLogged
{
    string IAccessLogged.AccessAction => "agency.change";
    string IAccessLogged.AccessResourceType => "agency";
    Guid? IAccessLogged.AccessResourceId => AgencyId;
}

public sealed class ChangeAgencyValidator : AbstractValidator<ChangeAgency>
{
    public ChangeAgencyValidator() => this.AddAgencyRules();
}

public sealed class ChangeAgencyHandler(IApplicationDbContext db, AccessRecord record) : ICommandHandler<ChangeAgency, AgencyDto>
{
    public async ValueTask<AgencyDto> Handle(ChangeAgency command, CancellationToken cancellationToken)
    {
        var agency = await db.Agencies.SingleOrDefaultAsync(a => a.Id == command.AgencyId, cancellationToken)
            ?? throw new NotFoundException("agency");
        agency.IfMatch(command.IfMatchVersion);
        agency.Change(command.Name!, command.Kind!.Value, command.RegionCode!, command.MunicipalityCode!, command.Needs!);
        record.Touch("agency", agency.Id, null, null, AccessBasis.Administration);
        return AgencyDto.From(agency);
    }
}
