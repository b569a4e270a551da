using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using Xunit;

namespace CaseCoordination.Domain.Tests;

/// <summary>An agency's municipality lies in its region: the municipality code starts with the region code.</summary>
public sealed class AgencyTests
{
    private static readonly Guid AgencyId = Guid.Parse("a0000000-0000-0000-0000-00000000002a");

    [Fact]
    public void An_agency_in_a_municipality_of_its_region_is_created()
    {
        var agency = Agency.Create(AgencyId, "Solna socialtjänst", AgencyKind.SocialServices, "01", "0184", [Need.Housing, Need.ChildProtectionReport, Need.Housing]);

        Assert.Equal(AgencyId, agency.Id);
        Assert.Equal("01", agency.RegionCode);
        Assert.Equal("0184", agency.MunicipalityCode);
        Assert.True(agency.Active);
        Assert.Equal(1, agency.Version);
        Assert.Equal(2, agency.Needs.Count);
        Assert.Contains(Need.Housing, agency.Needs);
        Assert.Contains(Need.ChildProtectionReport, agency.Needs);
    }

    [Theory]
    [InlineData("01", "1480")]
    [InlineData("14", "0184")]
    [InlineData("01", "1001")]
    public void A_municipality_outside_the_region_is_refused(string regionCode, string municipalityCode)
    {
        var refused = Assert.Throws<DomainRuleViolationException>(() =>
            Agency.Create(AgencyId, "Somewhere", AgencyKind.Ngo, regionCode, municipalityCode, []));

        Assert.Equal("municipality-outside-region", refused.Code);
    }

    [Fact]
    public void Changing_to_a_municipality_outside_the_region_is_refused_and_changes_nothing()
    {
        var agency = Agency.Create(AgencyId, "Solna socialtjänst", AgencyKind.SocialServices, "01", "0184", []);

        var refused = Assert.Throws<DomainRuleViolationException>(() =>
            agency.Change("Göteborg socialtjänst", AgencyKind.SocialServices, "01", "1480", []));

        Assert.Equal("municipality-outside-region", refused.Code);
        Assert.Equal("Solna socialtjänst", agency.Name);
        Assert.Equal("0184", agency.MunicipalityCode);
        Assert.Equal(1, agency.Version);
    }

    [Fact]
    public void An_agency_that_leaves_the_cooperation_is_inactive_and_the_change_is_versioned_once()
    {
        var agency = Agency.Create(AgencyId, "Solna socialtjänst", AgencyKind.SocialServices, "01", "0184", []);

        agency.SetActive(false);
        Assert.False(agency.Active);
        Assert.Equal(2, agency.Version);

        agency.SetActive(false);
        Assert.Equal(2, agency.Version);

        agency.SetActive(true);
        Assert.True(agency.Active);
        Assert.Equal(3, agency.Version);
    }

    [Fact]
    public void Changing_an_agency_keeps_the_new_details_and_bumps_the_version()
    {
        var agency = Agency.Create(AgencyId, "Solna socialtjänst", AgencyKind.SocialServices, "01", "0184", []);

        agency.Change("Solna kvinnojour", AgencyKind.Ngo, "01", "0183", [Need.Shelter]);

        Assert.Equal("Solna kvinnojour", agency.Name);
        Assert.Equal(AgencyKind.Ngo, agency.Kind);
        Assert.Equal("0183", agency.MunicipalityCode);
        Assert.Equal([Need.Shelter], agency.Needs);
        Assert.Equal(2, agency.Version);
    }
}
