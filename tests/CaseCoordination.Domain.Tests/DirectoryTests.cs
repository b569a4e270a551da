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
        var otherNeedHere = Offered(Offer(needs: [Need.Housing]));
        var rightNeedElsewhere = Offered(Offer(municipalities: ["9902"]));
        Assert.Equal(CoverageMismatch.Municipality, Child([otherNeedHere, rightNeedElsewhere]));
        Assert.Equal(CoverageMismatch.Need, Child([otherNeedHere]));
        Assert.Equal(CoverageMismatch.Group | CoverageMismatch.Municipality, Child([Offered(Offer(municipalities: ["9902"], groups: [ServiceGroup.Adults]))]));
        Assert.Equal(CoverageMismatch.None, Child([otherNeedHere, Offered(Offer(capacity: Capacity.Closed))]));
        Assert.Equal(CoverageMismatch.None, Child([Offered(Offer(national: true))]));

        static CoverageMismatch Child(Service[] services) =>
            Coverage.OfReferral(services, Need.TraumaSupport, "9901", child: true, otherLanguage: false, interpreterCoversMunicipality: false);
    }

    [Fact]
    public void A_receiver_that_lists_no_service_covers_nothing_and_a_withdrawn_service_does_not_count()
    {
        // api.md: a receiving agency with no service covering the need, municipality and group is outside coverage.
        Assert.Equal(CoverageMismatch.Need | CoverageMismatch.Municipality | CoverageMismatch.Group,
            Coverage.OfReferral([], Need.TraumaSupport, "9901", child: false, otherLanguage: false, interpreterCoversMunicipality: false));
        Assert.Equal(CoverageMismatch.Need | CoverageMismatch.Municipality | CoverageMismatch.Group | CoverageMismatch.Language,
            Coverage.OfReferral([], Need.TraumaSupport, "9901", child: false, otherLanguage: true, interpreterCoversMunicipality: true));
        var withdrawn = Offered();
        withdrawn.Withdraw(Admin, Now.AddDays(1));
        Assert.Equal(CoverageMismatch.Need | CoverageMismatch.Municipality | CoverageMismatch.Group,
            Coverage.OfReferral([withdrawn], Need.TraumaSupport, "9901", child: true, otherLanguage: false, interpreterCoversMunicipality: false));
    }

    [Fact]
    public void For_a_person_who_needs_another_language_a_referral_is_covered_by_a_service_in_one_or_an_interpreter_service_for_the_municipality()
    {
        var swedishOnly = Offered();
        var arabicToo = Offered(Offer(languages: ["sv", "ar"]));
        Assert.Equal(CoverageMismatch.Language, OtherLanguage([swedishOnly], interpreter: false));
        Assert.Equal(CoverageMismatch.None, OtherLanguage([swedishOnly], interpreter: true));
        Assert.Equal(CoverageMismatch.None, OtherLanguage([swedishOnly, arabicToo], interpreter: false));
        // The language alone does not make a service elsewhere fit better than one here without it.
        Assert.Equal(CoverageMismatch.Language, OtherLanguage([swedishOnly, Offered(Offer(municipalities: ["9902"], languages: ["ar"]))], interpreter: false));
        // A Swedish speaker's referral never fails on language.
        Assert.Equal(CoverageMismatch.None,
            Coverage.OfReferral([swedishOnly], Need.TraumaSupport, "9901", child: true, otherLanguage: false, interpreterCoversMunicipality: false));
        Assert.Equal([CoverageCriterion.Group, CoverageCriterion.Language], Coverage.Criteria(CoverageMismatch.Group | CoverageMismatch.Language));

        static CoverageMismatch OtherLanguage(Service[] services, bool interpreter) =>
            Coverage.OfReferral(services, Need.TraumaSupport, "9901", child: true, otherLanguage: true, interpreterCoversMunicipality: interpreter);
    }

    [Fact]
    public void An_interpreter_service_covers_a_municipality_when_it_serves_it_and_is_not_withdrawn()
    {
        var interpreter = Offered(Offer(needs: [Need.Interpreter], capacity: Capacity.Waitlist));
        Assert.True(Coverage.InterpreterCovers([interpreter], "9901", openOnly: false));
        Assert.False(Coverage.InterpreterCovers([interpreter], "9901", openOnly: true));
        Assert.False(Coverage.InterpreterCovers([interpreter], "9902", openOnly: false));
        Assert.False(Coverage.InterpreterCovers([Offered()], "9901", openOnly: false));
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
