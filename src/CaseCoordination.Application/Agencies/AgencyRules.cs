using CaseCoordination.Application.Common.Validation;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using FluentValidation;

namespace CaseCoordination.Application.Agencies;

/// <summary>The fields an admin sends to create or change an agency.</summary>
public interface IAgencyFields
{
    string? Name { get; }
    AgencyKind? Kind { get; }
    string? RegionCode { get; }
    string? MunicipalityCode { get; }
    IReadOnlyList<Need>? Needs { get; }
}

/// <summary>The validation shared by creating and changing an agency.</summary>
public static class AgencyRules
{
    public static void AddAgencyRules<T>(this AbstractValidator<T> v) where T : IAgencyFields
    {
        v.RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        v.RuleFor(x => x.Kind).NotNull().IsInEnum();
        v.RuleFor(x => x.RegionCode).NotEmpty().Matches("^[0-9]{2}$").WithMessage("'Region Code' must be a two-digit county code.");
        v.RuleFor(x => x.MunicipalityCode).NotEmpty().Matches("^[0-9]{4}$").WithMessage("'Municipality Code' must be a four-digit municipality code.");
        v.RuleFor(x => x.Needs).NotNull().AtMostOnePerCode();
        v.RuleForEach(x => x.Needs).IsInEnum();
    }
}
