using CaseCoordination.Domain.Common;

namespace CaseCoordination.Domain.Directory;

/// <summary>What a routing suggestion checks, and what a referral outside coverage names.</summary>
public enum CoverageCriterion
{
    Need = 1,
    Municipality,
    Group,
    Language,
    PersonalIdentityNumber,
    ProtectedIdentity,
    Capacity,
}

/// <summary>Why a referral went outside its receiver's coverage (none: covered).</summary>
[Flags]
public enum CoverageMismatch
{
    None = 0,
    Need = 1,
    Municipality = 2,
    Group = 4,

    /// <summary>The person needs another language than Swedish, and neither the service nor an interpreter service for the municipality provides it.</summary>
    Language = 8,
}

/// <summary>The groups of the coverage figures: children, adults, and people who need another language than Swedish.</summary>
public enum CoverageGroup
{
    Children = 1,
    Adults,
    OtherLanguage,
}

/// <summary>
/// What a person needs from a service, as far as the asker may know it: a criterion the asker may not
/// see (the language and the identity number are identity data) is null and left unchecked.
/// </summary>
public sealed record CoverageQuestion(Need Need, string MunicipalityCode, bool Child, string? Language, bool? HasPersonalIdentityNumber, bool ProtectedIdentity);

/// <summary>How one service fits a question: the criteria it meets, those it does not, and those not checked.</summary>
public sealed record ServiceFit(Service Service, IReadOnlyList<CoverageCriterion> Matches, IReadOnlyList<CoverageCriterion> Mismatches, IReadOnlyList<CoverageCriterion> NotChecked)
{
    /// <summary>The service covers the need, the municipality and the person's group (capacity and the rest aside).</summary>
    public bool Covers => !Mismatches.Any(m => m is CoverageCriterion.Need or CoverageCriterion.Municipality or CoverageCriterion.Group);
}

/// <summary>
/// The one place that says what "covers" means in the responsibility directory: routing suggestions,
/// the mark on a referral sent outside coverage and the coverage figures all ask here.
/// </summary>
public static class Coverage
{
    public const string Swedish = "sv";

    public static bool CoversMunicipality(Service service, string municipalityCode) =>
        service.National
        || (service.RegionWide && municipalityCode.StartsWith(service.RegionCode, StringComparison.Ordinal))
        || service.Municipalities.Contains(municipalityCode);

    public static bool CoversGroup(Service service, bool child) => service.Groups.Contains(child ? ServiceGroup.Children : ServiceGroup.Adults);

    public static bool WorksInAnotherLanguageThanSwedish(Service service) => service.Languages.Any(l => l != Swedish);

    /// <summary>How a service fits the question, criterion by criterion, in the order of <see cref="CoverageCriterion"/>.</summary>
    public static ServiceFit Fit(Service service, CoverageQuestion q)
    {
        var matches = new List<CoverageCriterion>();
        var mismatches = new List<CoverageCriterion>();
        var notChecked = new List<CoverageCriterion>();
        void Check(CoverageCriterion criterion, bool? met) => (met switch { true => matches, false => mismatches, null => notChecked }).Add(criterion);

        Check(CoverageCriterion.Need, service.Needs.Contains(q.Need));
        Check(CoverageCriterion.Municipality, CoversMunicipality(service, q.MunicipalityCode));
        Check(CoverageCriterion.Group, CoversGroup(service, q.Child));
        Check(CoverageCriterion.Language, q.Language is { } language ? service.Languages.Contains(language.ToLowerInvariant()) : null);
        Check(CoverageCriterion.PersonalIdentityNumber, q.HasPersonalIdentityNumber is { } has ? has || service.AcceptsWithoutPersonalIdentityNumber : null);
        if (q.ProtectedIdentity)
        {
            Check(CoverageCriterion.ProtectedIdentity, service.AcceptsProtectedIdentity);
        }

        Check(CoverageCriterion.Capacity, service.Capacity == Capacity.Open);
        return new ServiceFit(service, matches, mismatches, notChecked);
    }

    /// <summary>
    /// Routing order: services that cover the need, municipality and group first; then open before
    /// waitlist before closed; then fewer mismatches; then by name.
    /// </summary>
    public static IEnumerable<ServiceFit> BestFirst(IEnumerable<ServiceFit> fits) =>
        fits.OrderBy(f => f.Covers ? 0 : 1).ThenBy(f => f.Service.Capacity).ThenBy(f => f.Mismatches.Count)
            .ThenBy(f => f.Service.Name, StringComparer.Ordinal).ThenBy(f => f.Service.Id);

    /// <summary>
    /// Whether a referral falls within one of its receiver's services (capacity aside: a full service still
    /// covers): the need, the case's municipality, the person's group (child or adult) and, for a person who
    /// needs another language than Swedish, that language group (<see cref="CoversOtherLanguage"/>). The
    /// mismatches of the receiver's best-fitting service, <see cref="CoverageMismatch.None"/> when one covers; a
    /// receiver that lists no service covers nothing (api.md: "no service covering its need, the case's
    /// municipality and the person's group").
    /// </summary>
    /// <param name="interpreterCoversMunicipality">
    /// Whether an interpreter service (of any agency) covers the municipality (<see cref="InterpreterCovers"/>);
    /// it matters only when <paramref name="otherLanguage"/>, so a sender need not look it up otherwise.
    /// </param>
    public static CoverageMismatch OfReferral(
        IEnumerable<Service> receiverServices, Need need, string municipalityCode, bool child, bool otherLanguage, bool interpreterCoversMunicipality)
    {
        var nothing = CoverageMismatch.Need | CoverageMismatch.Municipality | CoverageMismatch.Group | (otherLanguage ? CoverageMismatch.Language : CoverageMismatch.None);
        var best = nothing;
        foreach (var service in receiverServices.Where(s => s.WithdrawnAt is null))
        {
            var mismatch = (service.Needs.Contains(need) ? CoverageMismatch.None : CoverageMismatch.Need)
                | (CoversMunicipality(service, municipalityCode) ? CoverageMismatch.None : CoverageMismatch.Municipality)
                | (CoversGroup(service, child) ? CoverageMismatch.None : CoverageMismatch.Group);
            if (otherLanguage && !CoversOtherLanguage(service, interpreterCoversMunicipality))
            {
                mismatch |= CoverageMismatch.Language;
            }

            if (Rank(mismatch) < Rank(best))
            {
                best = mismatch;
            }
        }

        return best;
    }

    /// <summary>
    /// The other-language group is covered by a service that works in a language other than Swedish, or by
    /// any service together with an interpreter service for the municipality (api.md, "Groups in coverage").
    /// </summary>
    public static bool CoversOtherLanguage(Service service, bool interpreterCoversMunicipality) =>
        WorksInAnotherLanguageThanSwedish(service) || interpreterCoversMunicipality;

    /// <summary>Whether one of <paramref name="services"/> is an interpreter service covering the municipality (open ones only when <paramref name="openOnly"/>).</summary>
    public static bool InterpreterCovers(IEnumerable<Service> services, string municipalityCode, bool openOnly) =>
        services.Any(s => s.WithdrawnAt is null && (!openOnly || s.Capacity == Capacity.Open) && s.Needs.Contains(Need.Interpreter) && CoversMunicipality(s, municipalityCode));

    /// <summary>A service that does not meet the need at all fits worse than one in the wrong place or for the wrong group.</summary>
    private static int Rank(CoverageMismatch m) =>
        (m.HasFlag(CoverageMismatch.Need) ? 4 : 0) + (m.HasFlag(CoverageMismatch.Municipality) ? 1 : 0) + (m.HasFlag(CoverageMismatch.Group) ? 1 : 0)
        + (m.HasFlag(CoverageMismatch.Language) ? 1 : 0);

    /// <summary>The mismatches as criteria (for answers and the timeline).</summary>
    public static IReadOnlyList<CoverageCriterion> Criteria(CoverageMismatch m) =>
        [.. new[] { (CoverageMismatch.Need, CoverageCriterion.Need), (CoverageMismatch.Municipality, CoverageCriterion.Municipality), (CoverageMismatch.Group, CoverageCriterion.Group), (CoverageMismatch.Language, CoverageCriterion.Language) }
            .Where(p => m.HasFlag(p.Item1)).Select(p => p.Item2)];

    /// <summary>
    /// How many open services cover a municipality, a need and a group. The other-language group is
    /// covered by a service for the need that works in a language other than Swedish, or by any service
    /// for the need together with an open interpreter service for the municipality.
    /// </summary>
    public static int OpenServicesCovering(IReadOnlyCollection<Service> services, string municipalityCode, Need need, CoverageGroup group)
    {
        var forNeed = services.Where(s => s.WithdrawnAt is null && s.Capacity == Capacity.Open && s.Needs.Contains(need) && CoversMunicipality(s, municipalityCode)).ToList();
        var interpreter = group == CoverageGroup.OtherLanguage && InterpreterCovers(services, municipalityCode, openOnly: true);
        return group switch
        {
            CoverageGroup.Children => forNeed.Count(s => CoversGroup(s, child: true)),
            CoverageGroup.Adults => forNeed.Count(s => CoversGroup(s, child: false)),
            _ => forNeed.Count(s => CoversOtherLanguage(s, interpreter)),
        };
    }

    /// <summary>The coverage groups a case counts in: children or adults, and other language when the person's language is not Swedish or they need an interpreter.</summary>
    public static IReadOnlyList<CoverageGroup> GroupsOf(bool child, bool otherLanguage) =>
        otherLanguage ? [child ? CoverageGroup.Children : CoverageGroup.Adults, CoverageGroup.OtherLanguage] : [child ? CoverageGroup.Children : CoverageGroup.Adults];
}
