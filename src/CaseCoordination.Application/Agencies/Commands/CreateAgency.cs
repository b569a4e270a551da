using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;

namespace CaseCoordination.Application.Agencies.Commands;

[Authorize(Role.Admin)]
public sealed record CreateAgency(string? Name, AgencyKind? Kind, string? RegionCode, string? MunicipalityCode, IReadOnlyList<Need>? Needs)
    : ICommand<AgencyDto>, IAgencyFields, IAccessLogged
{
    string IAccessLogged.AccessAction => "agency.create";
    string IAccessLogged.AccessResourceType => "agency";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class CreateAgencyValidator : AbstractValidator<CreateAgency>
{
    public CreateAgencyValidator() => this.AddAgencyRules();
}

public sealed class CreateAgencyHandler(IApplicationDbContext db, AccessRecord record) : ICommandHandler<CreateAgency, AgencyDto>
{
    public ValueTask<AgencyDto> Handle(CreateAgency command, CancellationToken cancellationToken)
    {
        var agency = Agency.Create(Guid.CreateVersion7(), command.Name!, command.Kind!.Value, command.RegionCode!, command.MunicipalityCode!, command.Needs!);
        db.Agencies.Add(agency);
        record.Touch("agency", agency.Id, null, null, AccessBasis.Administration);
        return ValueTask.FromResult(AgencyDto.From(agency));
    }
}
