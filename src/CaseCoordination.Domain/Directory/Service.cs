using CaseCoordination.Domain.Common;

namespace CaseCoordination.Domain.Directory;

/// <summary>Who a service is for (HSDS eligibility, simplified to the groups the survey names).</summary>
public enum ServiceGroup
{
    Children = 1,
    Adults,
}

/// <summary>Whether a service can take anyone now.</summary>
public enum Capacity
{
    Open = 1,
    Waitlist,
    Closed,
}

/// <summary>How a service reaches people who do not come to it.</summary>
public enum Outreach
{
    Street = 1,
    Digital,
    Venues,
    Phone,
}

/// <summary>What a service offers and to whom: everything the directory records, as one value (a create and a change send all of it).</summary>
public sealed record ServiceOffer(
    string Name,
    string? Description,
    IReadOnlyCollection<Need> Needs,
    ServiceArea Area,
    IReadOnlyCollection<ServiceGroup> Groups,
    bool AcceptsWithoutPersonalIdentityNumber,
    bool AcceptsProtectedIdentity,
    IReadOnlyCollection<string> Languages,
    IReadOnlyCollection<Outreach> Outreach,
    string? ContactHours,
    Capacity Capacity);

/// <summary>
/// A service an agency offers, in the responsibility directory (HSDS 3.0's <c>service</c>): the needs
/// it meets, where, for whom, in which languages, and whether it can take anyone now. Admins and the
/// agency's own caseworkers maintain it (<see cref="EnsureMayMaintain"/>); every change bumps its
/// version. A withdrawn service leaves the directory but its row stays (its versions were logged).
/// </summary>
public sealed class Service : AggregateRoot
{
    private List<Need> _needs = [];
    private List<string> _municipalities = [];
    private List<ServiceGroup> _groups = [];
    private List<string> _languages = [];
    private List<Outreach> _outreach = [];

    private Service()
    {
        Name = string.Empty;
        RegionCode = string.Empty;
        CapacityConfirmedBy = string.Empty;
    }

    /// <summary>An agency offers a new service.</summary>
    /// <param name="agencyRegionCode">The offering agency's region (a region-wide service covers it).</param>
    public static Service Offer(Guid id, Guid agencyId, string agencyRegionCode, ServiceOffer offer, Actor actor, DateTimeOffset now)
    {
        EnsureMayMaintain(actor, agencyId);
        var service = new Service { Id = id, AgencyId = agencyId, RegionCode = agencyRegionCode };
        service.Set(offer, actor, now);
        return service;
    }

    public Guid AgencyId { get; private set; }

    /// <summary>The offering agency's region.</summary>
    public string RegionCode { get; private set; }

    public string Name { get; private set; }
    public string? Description { get; private set; }
    public IReadOnlyList<Need> Needs => _needs;

    /// <summary>The municipalities served, when the service names them (else it is region-wide or national).</summary>
    public IReadOnlyList<string> Municipalities => _municipalities;

    public bool RegionWide { get; private set; }
    public bool National { get; private set; }
    public IReadOnlyList<ServiceGroup> Groups => _groups;
    public bool AcceptsWithoutPersonalIdentityNumber { get; private set; }
    public bool AcceptsProtectedIdentity { get; private set; }

    /// <summary>ISO 639-1 codes of the languages the service works in.</summary>
    public IReadOnlyList<string> Languages => _languages;

    public IReadOnlyList<Outreach> Outreach => _outreach;
    public string? ContactHours { get; private set; }
    public Capacity Capacity { get; private set; }

    /// <summary>When the capacity status was last confirmed, and by whom (a user id).</summary>
    public DateTimeOffset CapacityConfirmedAt { get; private set; }

    public string CapacityConfirmedBy { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }

    public ServiceArea Area => new(_municipalities, RegionWide, National);

    /// <summary>Replaces what the service offers. Sending the capacity confirms it as of now, changed or not.</summary>
    public void Revise(ServiceOffer offer, Actor actor, DateTimeOffset now)
    {
        EnsureMayMaintain(actor, AgencyId);
        EnsureNotWithdrawn();
        Set(offer, actor, now);
        Changed();
    }

    /// <summary>The service leaves the directory.</summary>
    public void Withdraw(Actor actor, DateTimeOffset now)
    {
        EnsureMayMaintain(actor, AgencyId);
        EnsureNotWithdrawn();
        WithdrawnAt = now;
        ChangedAt = now;
        Changed();
    }

    /// <summary>An admin maintains any agency's services; a caseworker only its own agency's (all fields, capacity included).</summary>
    public static void EnsureMayMaintain(Actor actor, Guid agencyId)
    {
        if (actor.Role != Role.Admin && !actor.IsCaseworkerOf(agencyId))
        {
            throw new ActNotPermittedException("wrong-agency", "Only an admin or a caseworker of the offering agency may change its services.");
        }
    }

    private void EnsureNotWithdrawn()
    {
        if (WithdrawnAt is not null)
        {
            throw new StateConflictException("service-withdrawn", "The service has been withdrawn from the directory.", []);
        }
    }

    private void Set(ServiceOffer offer, Actor actor, DateTimeOffset now)
    {
        offer.Area.EnsureOne();
        if (offer.Needs.Count == 0)
        {
            throw new DomainRuleViolationException("needs-required", "A service meets at least one need.");
        }

        if (offer.Groups.Count == 0)
        {
            throw new DomainRuleViolationException("groups-required", "A service is for children, adults or both.");
        }

        if (offer.Languages.Count == 0)
        {
            throw new DomainRuleViolationException("languages-required", "A service works in at least one language.");
        }

        Name = offer.Name;
        Description = offer.Description;
        _needs = offer.Needs.Distinct().Order().ToList();
        _municipalities = offer.Area.Municipalities.Distinct().Order(StringComparer.Ordinal).ToList();
        RegionWide = offer.Area.RegionWide;
        National = offer.Area.National;
        _groups = offer.Groups.Distinct().Order().ToList();
        AcceptsWithoutPersonalIdentityNumber = offer.AcceptsWithoutPersonalIdentityNumber;
        AcceptsProtectedIdentity = offer.AcceptsProtectedIdentity;
        _languages = offer.Languages.Select(l => l.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        _outreach = offer.Outreach.Distinct().Order().ToList();
        ContactHours = offer.ContactHours;
        Capacity = offer.Capacity;
        CapacityConfirmedAt = now;
        CapacityConfirmedBy = actor.UserId;
        ChangedAt = now;
    }
}

/// <summary>Where a service works: named municipalities, its agency's whole region, or the whole country (exactly one).</summary>
public sealed record ServiceArea(IReadOnlyCollection<string> Municipalities, bool RegionWide, bool National)
{
    public void EnsureOne()
    {
        if ((Municipalities.Count > 0 ? 1 : 0) + (RegionWide ? 1 : 0) + (National ? 1 : 0) != 1)
        {
            throw new DomainRuleViolationException(
                "one-service-area", "A service names its municipalities, or is region-wide, or is national: exactly one of them.");
        }
    }
}
