namespace CaseCoordination.Domain.Cases;

public enum ComplexNeed
{
    SubstanceUse = 1,
    MentalHealth,
    Homelessness,
    Disability,
    Other,
}

/// <summary>
/// The person a case is about (the subject), recorded pseudonymously by default: a chosen name or
/// alias, birth date or year, and optional identity and background fields.
/// </summary>
public sealed class Person
{
    private List<ComplexNeed> _complexNeeds = [];

    private Person()
    {
        Name = string.Empty;
    }

    public Person(
        Guid subjectId,
        string name,
        DateOnly? birthDate,
        int? birthYear,
        string? identityNumber,
        string? nationality,
        string? language,
        bool needsInterpreter,
        bool protectedIdentity,
        IEnumerable<ComplexNeed> complexNeeds,
        bool? firstExploitedAsChild,
        string? contact = null)
    {
        Contact = contact;
        SubjectId = subjectId;
        Name = name;
        BirthDate = birthDate;
        BirthYear = birthDate?.Year ?? birthYear;
        IdentityNumber = identityNumber;
        Nationality = nationality?.ToUpperInvariant();
        Language = language;
        NeedsInterpreter = needsInterpreter;
        ProtectedIdentity = protectedIdentity;
        _complexNeeds = complexNeeds.Distinct().Order().ToList();
        FirstExploitedAsChild = firstExploitedAsChild;
    }

    /// <summary>The person's pseudonymous id, which auditors query by.</summary>
    public Guid SubjectId { get; private set; }

    public string Name { get; private set; }
    public DateOnly? BirthDate { get; private set; }
    public int? BirthYear { get; private set; }
    public string? IdentityNumber { get; private set; }

    /// <summary>How to reach the person (phone, address, a safe way to contact): category <c>identity</c>.</summary>
    public string? Contact { get; private set; }

    /// <summary>ISO 3166-1 alpha-2 code.</summary>
    public string? Nationality { get; private set; }

    public string? Language { get; private set; }
    public bool NeedsInterpreter { get; private set; }
    public bool ProtectedIdentity { get; private set; }
    public IReadOnlyList<ComplexNeed> ComplexNeeds => _complexNeeds;
    public bool? FirstExploitedAsChild { get; private set; }

    /// <summary>
    /// Whether the person is, or may be, a child on the given day. With a full birth date the answer
    /// is exact. With a birth year only, a person who turns 18 during that year counts as a child
    /// until the year is over: the child perspective errs on the side of protection. With neither, the
    /// answer is unknown (<c>null</c>).
    /// </summary>
    public bool? IsChildOn(DateOnly day)
    {
        if (BirthDate is not null)
        {
            return BirthDate.GetValueOrDefault().AddYears(18) > day;
        }

        if (BirthYear is not null)
        {
            return day.Year - BirthYear.GetValueOrDefault() <= 18;
        }

        return null;
    }

    /// <summary>Whether the age is known to the day, or only to the year.</summary>
    public bool BirthDateIsExact => BirthDate is not null;

    public bool HasOtherNationalityThanSwedish => Nationality is not null && Nationality != "SE";

    public bool HasComplexNeeds => _complexNeeds.Count > 0;

    /// <summary>The person needs another language than Swedish: an interpreter, or a preferred language that is not Swedish (the directory's other-language group).</summary>
    public bool NeedsAnotherLanguageThanSwedish => NeedsInterpreter || (Language is { } language && !language.Equals("sv", StringComparison.OrdinalIgnoreCase));
}
