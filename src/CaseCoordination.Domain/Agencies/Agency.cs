using CaseCoordination.Domain.Common;

namespace CaseCoordination.Domain.Agencies;

public enum AgencyKind
{
    SocialServices = 1,
    Healthcare,
    Police,
    Ngo,
}

/// <summary>An agency that takes part in the cooperation: social services, healthcare, police or an NGO.</summary>
public sealed class Agency : AggregateRoot
{
    private List<Need> _needs = [];

    private Agency()
    {
        Name = string.Empty;
        RegionCode = string.Empty;
        MunicipalityCode = string.Empty;
    }

    public static Agency Create(Guid id, string name, AgencyKind kind, string regionCode, string municipalityCode, IEnumerable<Need> needs)
    {
        var agency = new Agency { Id = id };
        agency.Set(name, kind, regionCode, municipalityCode, needs);
        return agency;
    }

    public string Name { get; private set; }
    public AgencyKind Kind { get; private set; }

    /// <summary>The county code (län), e.g. <c>01</c> for Stockholm.</summary>
    public string RegionCode { get; private set; }

    /// <summary>The municipality code (kommun), e.g. <c>0184</c> for Solna.</summary>
    public string MunicipalityCode { get; private set; }

    /// <summary>Whether the agency still takes part in the cooperation.</summary>
    public bool Active { get; private set; } = true;

    public IReadOnlyList<Need> Needs => _needs;

    public void Change(string name, AgencyKind kind, string regionCode, string municipalityCode, IEnumerable<Need> needs)
    {
        Set(name, kind, regionCode, municipalityCode, needs);
        Changed();
    }

    /// <summary>The agency leaves (or rejoins) the cooperation. Cases it leads lose their lead (see <c>Case.LoseLead</c>).</summary>
    public void SetActive(bool active)
    {
        if (Active != active)
        {
            Active = active;
            Changed();
        }
    }

    private void Set(string name, AgencyKind kind, string regionCode, string municipalityCode, IEnumerable<Need> needs)
    {
        if (!municipalityCode.StartsWith(regionCode, StringComparison.Ordinal))
        {
            throw new DomainRuleViolationException(
                "municipality-outside-region",
                "The municipality code must belong to the region (its first two digits are the region code).");
        }

        Name = name;
        Kind = kind;
        RegionCode = regionCode;
        MunicipalityCode = municipalityCode;
        _needs = needs.Distinct().Order().ToList();
    }
}
