using System.Security.Cryptography;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Common.Validation;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Cases.Commands;

public sealed record OpenCasePerson(
    string? Name,
    DateOnly? BirthDate,
    int? BirthYear,
    string? IdentityNumber,
    string? Nationality,
    string? Language,
    bool? NeedsInterpreter,
    bool? ProtectedIdentity,
    IReadOnlyList<ComplexNeed>? ComplexNeeds,
    bool? FirstExploitedAsChild,
    string? Contact = null);

/// <summary>Opens a case for a person; the caller's agency becomes its lead.</summary>
[Authorize(Role.Caseworker)]
public sealed record OpenCase(OpenCasePerson? Person, string? MunicipalityCode, IntakeChannel? IntakeChannel, string? Situation)
    : ICommand<CaseDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "case.open";
    string IAccessLogged.AccessResourceType => "case";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class OpenCaseValidator : AbstractValidator<OpenCase>
{
    public OpenCaseValidator(TimeProvider clock)
    {
        RuleFor(x => x.Person).NotNull();
        RuleFor(x => x.Person!.Name).NotEmpty().MaximumLength(TextLimits.Name).When(x => x.Person is not null).OverridePropertyName("person.name");
        RuleFor(x => x.Person!.BirthDate)
            .Must(d => d is null || (d.Value.Year >= 1900 && d.Value <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)))
            .WithMessage("'birthDate' must be a date between 1900 and today.")
            .When(x => x.Person is not null).OverridePropertyName("person.birthDate");
        RuleFor(x => x.Person!.BirthYear)
            .Must(y => y is null || (y >= 1900 && y <= clock.GetUtcNow().Year))
            .WithMessage("'birthYear' must be a year between 1900 and this year.")
            .When(x => x.Person is not null).OverridePropertyName("person.birthYear");
        RuleFor(x => x.Person!)
            .Must(p => p.BirthDate is null || p.BirthYear is null || p.BirthDate.Value.Year == p.BirthYear)
            .WithMessage("'birthYear' must match 'birthDate' when both are given.")
            .When(x => x.Person is not null).OverridePropertyName("person.birthYear");
        RuleFor(x => x.Person!.IdentityNumber)
            .Matches("^(19|20)?[0-9]{6}[-+]?[0-9A-Za-z]{4}$").WithMessage("'identityNumber' must be a personnummer or reserve number (YYYYMMDD-NNNN).")
            .When(x => x.Person?.IdentityNumber is not null).OverridePropertyName("person.identityNumber");
        RuleFor(x => x.Person!.Nationality)
            .Matches("^[A-Za-z]{2}$").WithMessage("'nationality' must be an ISO 3166-1 alpha-2 code.")
            .When(x => x.Person?.Nationality is not null).OverridePropertyName("person.nationality");
        RuleFor(x => x.Person!.Language)
            .MaximumLength(TextLimits.LanguageTag)
            .Matches("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$").WithMessage("'language' must be a language tag such as 'sv' or 'ar'.")
            .When(x => x.Person?.Language is not null).OverridePropertyName("person.language");
        RuleFor(x => x.Person!.ComplexNeeds).AtMostOnePerCode().When(x => x.Person is not null).OverridePropertyName("person.complexNeeds");
        RuleForEach(x => x.Person!.ComplexNeeds).IsInEnum().When(x => x.Person?.ComplexNeeds is not null).OverridePropertyName("person.complexNeeds");
        RuleFor(x => x.Person!.Contact).MaximumLength(TextLimits.Reason)
            .When(x => x.Person is not null).OverridePropertyName("person.contact");
        RuleFor(x => x.MunicipalityCode).NotEmpty().Matches("^[0-9]{4}$").WithMessage("'municipalityCode' must be a four-digit municipality code.");
        RuleFor(x => x.IntakeChannel).NotNull().IsInEnum();
        RuleFor(x => x.Situation).MaximumLength(TextLimits.FreeText);
    }
}

public sealed class OpenCaseHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<OpenCase, CaseDto>
{
    public async ValueTask<CaseDto> Handle(OpenCase command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var p = command.Person!;
        var person = new Person(
            Guid.CreateVersion7(now),
            p.Name!.Trim(),
            p.BirthDate,
            p.BirthYear,
            p.IdentityNumber,
            p.Nationality,
            p.Language,
            p.NeedsInterpreter ?? false,
            p.ProtectedIdentity ?? false,
            p.ComplexNeeds ?? [],
            p.FirstExploitedAsChild,
            p.Contact);
        var @case = Case.Open(Guid.CreateVersion7(now), CaseNumbers.New(now), person, command.MunicipalityCode!, command.IntakeChannel!.Value, command.Situation, user.ToActor(), now);
        db.Cases.Add(@case);
        var agencyId = user.RequireAgency();
        record.Touch("case", @case.Id, @case.Id, person.SubjectId, AccessBasis.RecordingAgency);
        var socialServicesOpened = await db.Agencies.AnyAsync(a => a.Id == agencyId && a.Kind == AgencyKind.SocialServices, cancellationToken);
        return CaseDto.For(@case, CaseAccess.AllCategories.ToHashSet(), now, childProtectionReported: socialServicesOpened);
    }
}

/// <summary>Human-readable case numbers: the year and six characters of Crockford base32 (no I, L, O, U).</summary>
public static class CaseNumbers
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(DateTimeOffset now)
    {
        Span<char> chars = stackalloc char[6];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"{now.Year}-{chars}";
    }
}
