using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;
using Xunit;

namespace CaseCoordination.Domain.Tests;

/// <summary>The responsibility directory's rules: who maintains a service, what a service must name, and what "covers" means.</summary>
public sealed class DirectoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Agency = Guid.NewGuid();
    private static readonly Actor Owner = new("owner", Role.Caseworker, Agency);
    private static readonly Actor Admin = new("admin", Role.Admin, null);

    private static ServiceOffer Offer(
        Need[]? needs = null, string[]? municipalities = null, bool regionWide = false, bool national = false, ServiceGroup[]? groups = null,
        string[]? languages = null, Capacity capacity = Capacity.Open) =>
        new("Tjänst", null, needs ?? [Need.TraumaSupport], new ServiceArea(municipalities ?? (regionWide || national ? [] : ["9901"]), regionWide, national),
            groups ?? [ServiceGroup.Children, ServiceGroup.Adults], true, false, languages ?? ["sv"], [], null, capacity);

    private static Service Offered(ServiceOffer? offer = null) => Service.Offer(Guid.NewGuid(), Agency, "99", offer ?? Offer(), Owner, Now);

    [Fact]
    public void Only_an_admin_or_a_caseworker_of_the_agency_maintains_its_services()
    {
        Assert.Equal("wrong-agency", Assert.Throws<ActNotPermittedException>(() => Service.Offer(Guid.NewGuid(), Agency, "99", Offer(), new("x", Role.Caseworker, Guid.NewGuid()), Now)).Code);
        Assert.Equal("wrong-agency", Assert.Throws<ActNotPermittedException>(() => Service.Offer(Guid.NewGuid(), Agency, "99", Offer(), new("c", Role.Coordinator, null), Now)).Code);
        var service = Offered();
        Assert.Throws<ActNotPermittedException>(() => service.Revise(Offer(), new("x", Role.Caseworker, Guid.NewGuid()), Now));
        service.Revise(Offer(capacity: Capacity.Closed), Admin, Now.AddHours(1));
        Assert.Equal((2, Capacity.Closed, "admin", Now.AddHours(1)), (service.Version, service.Capacity, service.CapacityConfirmedBy, service.CapacityConfirmedAt));
    }

    [Fact]
    public void A_service_names_one_area_a_need_a_group_and_a_language_and_a_withdrawn_one_cannot_change()
    {
        Assert.Equal("one-service-area", Assert.Throws<DomainRuleViolationException>(() => Offered(Offer(municipalities: ["9901"], regionWide: true))).Code);
        Assert.Equal("one-service-area", Assert.Throws<DomainRuleViolationException>(() => Offered(Offer(municipalities: []))).Code);
        Assert.Equal("needs-required", Assert.Throws<DomainRuleViolationException>(() => Offered(Offer(needs: []))).Code);
        Assert.Equal("groups-required", Assert.Throws<DomainRuleViolationException>(() => Offered(Offer(groups: []))).Code);
        Assert.Equal("languages-required", Assert.Throws<DomainRuleViolationException>(() => Offered(Offer(languages: []))).Code);

        var service = Offered();
        service.Withdraw(Owner, Now);
        Assert.Equal("service-withdrawn", Assert.Throws<StateConflictException>(() => service.Revise(Offer(), Owner, Now)).Code);
    }

    [Fact]
    public void A_service_covers_its_municipalities_its_region_or_the_nation()
    {
        Assert.True(Coverage.CoversMunicipality(Offered(Offer(municipalities: ["9901", "9903"])), "9903"));
        Assert.False(Coverage.CoversMunicipality(Offered(Offer(municipalities: ["9901"])), "9902"));
        Assert.True(Coverage.CoversMunicipality(Offered(Offer(regionWide: true)), "9902"));
        Assert.False(Coverage.CoversMunicipality(Offered(Offer(regionWide: true)), "0184"));
        Assert.True(Coverage.CoversMunicipality(Offered(Offer(national: true)), "0184"));
    }

    [Fact]
    public void A_referral_is_assessed_against_the_receivers_best_fitting_service()
    {
        Assert.Null(Coverage.OfReferral([], Need.TraumaSupport, "9901", child: true));
        var otherNeedHere = Offered(Offer(needs: [Need.Housing]));
        var rightNeedElsewhere = Offered(Offer(municipalities: ["9902"]));
        Assert.Equal(CoverageMismatch.Municipality, Coverage.OfReferral([otherNeedHere, rightNeedElsewhere], Need.TraumaSupport, "9901", child: true));
        Assert.Equal(CoverageMismatch.Need, Coverage.OfReferral([otherNeedHere], Need.TraumaSupport, "9901", child: true));
        Assert.Equal(CoverageMismatch.Group | CoverageMismatch.Municipality,
            Coverage.OfReferral([Offered(Offer(municipalities: ["9902"], groups: [ServiceGroup.Adults]))], Need.TraumaSupport, "9901", child: true));
        Assert.Equal(CoverageMismatch.None, Coverage.OfReferral([otherNeedHere, Offered(Offer(capacity: Capacity.Closed))], Need.TraumaSupport, "9901", child: true));
    }

    [Fact]
    public void Another_language_is_covered_by_a_service_in_it_or_with_an_open_interpreter_service_beside()
    {
        var swedishOnly = Offered();
        Assert.Equal(0, Coverage.OpenServicesCovering([swedishOnly], "9901", Need.TraumaSupport, CoverageGroup.OtherLanguage));
        Assert.Equal(1, Coverage.OpenServicesCovering([swedishOnly, Offered(Offer(needs: [Need.Interpreter]))], "9901", Need.TraumaSupport, CoverageGroup.OtherLanguage));
        Assert.Equal(0, Coverage.OpenServicesCovering([swedishOnly, Offered(Offer(needs: [Need.Interpreter], capacity: Capacity.Waitlist))], "9901", Need.TraumaSupport, CoverageGroup.OtherLanguage));
        Assert.Equal(1, Coverage.OpenServicesCovering([swedishOnly, Offered(Offer(languages: ["sv", "ar"]))], "9901", Need.TraumaSupport, CoverageGroup.OtherLanguage));
        Assert.Equal(0, Coverage.OpenServicesCovering([Offered(Offer(capacity: Capacity.Waitlist))], "9901", Need.TraumaSupport, CoverageGroup.Children));
    }
}
