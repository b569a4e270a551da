using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Common.Validation;
using FluentValidation;

namespace CaseCoordination.Application.Directory;

/// <summary>The fields an admin or the agency's caseworker sends to offer or revise a service (all of them each time).</summary>
public interface IServiceFields
{
    string? Name { get; }
    string? Description { get; }
    IReadOnlyList<Need>? Needs { get; }
    IReadOnlyList<string>? Municipalities { get; }
    bool? RegionWide { get; }
    bool? National { get; }
    IReadOnlyList<ServiceGroup>? Groups { get; }
    bool? AcceptsWithoutPersonalIdentityNumber { get; }
    bool? AcceptsProtectedIdentity { get; }
    IReadOnlyList<string>? Languages { get; }
    IReadOnlyList<Outreach>? Outreach { get; }
    string? ContactHours { get; }
    Capacity? Capacity { get; }
}

/// <summary>The shape rules shared by offering and revising a service; what a service must name (a need, a group, a language, one area) is the domain's (<see cref="Service"/>).</summary>
public static class ServiceRules
{
    public const string MunicipalityPattern = "^[0-9]{4}$";

    /// <summary>ISO 639-1: two lower-case letters.</summary>
    public const string LanguagePattern = "^[a-z]{2}$";

    public const int MaxMunicipalities = 300;

    public const int MaxLanguages = 50;

    public static void AddServiceRules<T>(this AbstractValidator<T> v) where T : IServiceFields
    {
        v.RuleFor(x => x.Name).NotEmpty().MaximumLength(TextLimits.Name);
        v.RuleFor(x => x.Description).MaximumLength(TextLimits.Reason);
        v.RuleFor(x => x.ContactHours).MaximumLength(200);
        v.RuleFor(x => x.Needs).NotNull().AtMostOnePerCode();
        v.RuleForEach(x => x.Needs).IsInEnum();
        v.RuleFor(x => x.Municipalities).MaxItems(MaxMunicipalities).WithMessage($"At most {MaxMunicipalities} municipalities.");
        v.RuleForEach(x => x.Municipalities).NotEmpty().Matches(MunicipalityPattern).WithMessage("Each municipality is a four-digit municipality code.");
        v.RuleFor(x => x.Groups).NotNull().AtMostOnePerCode();
        v.RuleForEach(x => x.Groups).IsInEnum();
        v.RuleFor(x => x.Languages).NotNull().MaxItems(MaxLanguages).WithMessage($"At most {MaxLanguages} languages.");
        v.RuleForEach(x => x.Languages).NotEmpty().Matches(LanguagePattern).WithMessage("Each language is an ISO 639-1 code (two lower-case letters).");
        v.RuleFor(x => x.Outreach).AtMostOnePerCode();
        v.RuleForEach(x => x.Outreach).IsInEnum();
        v.RuleFor(x => x.Capacity).NotNull().IsInEnum();
    }

    public static ServiceOffer ToOffer(this IServiceFields f) => new(
        f.Name!,
        string.IsNullOrWhiteSpace(f.Description) ? null : f.Description,
        f.Needs!,
        new ServiceArea(f.Municipalities ?? [], f.RegionWide ?? false, f.National ?? false),
        f.Groups!,
        f.AcceptsWithoutPersonalIdentityNumber ?? false,
        f.AcceptsProtectedIdentity ?? false,
        f.Languages!,
        f.Outreach ?? [],
        string.IsNullOrWhiteSpace(f.ContactHours) ? null : f.ContactHours,
        f.Capacity!.Value);
}
