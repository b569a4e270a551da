using CaseCoordination.Domain.Cases;
using Xunit;

namespace CaseCoordination.Domain.Tests;

/// <summary>Whether the person is a child: exact with a birth date, erring on protection with a birth year only.</summary>
public sealed class PersonTests
{
    private static Person Born(DateOnly? birthDate, int? birthYear) => new(
        Guid.Parse("d0000000-0000-0000-0000-000000000002"),
        "Sam",
        birthDate,
        birthYear,
        null,
        null,
        null,
        needsInterpreter: false,
        protectedIdentity: false,
        [],
        firstExploitedAsChild: null);

    [Theory]
    [InlineData("2026-05-19", true)]
    [InlineData("2026-05-20", false)]
    [InlineData("2026-05-21", false)]
    [InlineData("2008-05-20", true)]
    public void With_a_birth_date_the_person_is_a_child_until_the_day_before_the_18th_birthday(string day, bool expected)
    {
        var person = Born(new DateOnly(2008, 5, 20), null);

        Assert.Equal(expected, person.IsChildOn(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(person.BirthDateIsExact);
    }

    [Fact]
    public void A_birth_date_wins_over_the_year_only_rule_and_over_a_conflicting_birth_year()
    {
        var person = Born(new DateOnly(2008, 5, 20), 2010);

        Assert.Equal(2008, person.BirthYear);
        Assert.False(person.IsChildOn(new DateOnly(2026, 6, 1)));
    }

    [Theory]
    [InlineData("2026-01-01", true)]
    [InlineData("2026-12-31", true)]
    [InlineData("2025-06-15", true)]
    [InlineData("2027-01-01", false)]
    [InlineData("2027-12-31", false)]
    public void With_a_birth_year_only_a_person_turning_18_this_year_still_counts_as_a_child(string day, bool expected)
    {
        var person = Born(null, 2008);

        Assert.Equal(expected, person.IsChildOn(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(person.BirthDateIsExact);
    }

    [Fact]
    public void With_neither_birth_date_nor_year_it_is_unknown()
    {
        var person = Born(null, null);

        Assert.Null(person.IsChildOn(new DateOnly(2026, 3, 2)));
    }
}
