using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;

namespace CaseCoordination.Domain.Consents;

public enum ConsentMethod
{
    Written = 1,
    Verbal,
}

public enum ConsentGiver
{
    Person = 1,
    Guardian,
}

/// <summary>Where a consent stands at a given moment.</summary>
public enum ConsentState
{
    Active = 1,
    NotYetValid,
    Expired,
    Withdrawn,
}

/// <summary>
/// The person's (or a guardian's) consent that named data categories may reach named recipients —
/// one agency, or every agency of a kind — for a purpose, within a period. Withdrawal stops it
/// covering new access at once and deletes nothing.
/// </summary>
public sealed class Consent : AggregateRoot
{
    private List<DataCategory> _categories = [];

    private Consent()
    {
        Purpose = string.Empty;
        RecordedByUserId = string.Empty;
    }

    public static Consent Record(
        Guid id,
        Guid caseId,
        Guid? recipientAgencyId,
        AgencyKind? recipientKind,
        IEnumerable<DataCategory> categories,
        string purpose,
        ConsentMethod method,
        ConsentGiver givenBy,
        DateTimeOffset? validFrom,
        DateTimeOffset? validUntil,
        Actor actor,
        DateTimeOffset now)
    {
        if (actor.Role != Role.Caseworker || actor.AgencyId is null)
        {
            throw new ActNotPermittedException("caseworker-required", "Only a caseworker records a consent.");
        }

        if ((recipientAgencyId is null) == (recipientKind is null))
        {
            throw new DomainRuleViolationException("one-recipient", "A consent names exactly one of: a recipient agency, or a kind of agency.");
        }

        var list = categories.Distinct().Order().ToList();
        if (list.Count == 0)
        {
            throw new DomainRuleViolationException("categories-required", "A consent covers at least one data category.");
        }

        var from = validFrom ?? now;
        // No end (null) never compares as at or before the start.
        if (validUntil <= from)
        {
            throw new DomainRuleViolationException("empty-period", "'validUntil' must be after 'validFrom'.");
        }

        var consent = new Consent
        {
            Id = id,
            CaseId = caseId,
            RecipientAgencyId = recipientAgencyId,
            RecipientKind = recipientKind,
            _categories = list,
            Purpose = purpose,
            Method = method,
            GivenBy = givenBy,
            ValidFrom = from,
            ValidUntil = validUntil,
            RecordedAt = now,
            RecordedByUserId = actor.UserId,
            RecordedByAgencyId = actor.AgencyId.GetValueOrDefault(),
        };
        consent.Record(new TimelineEntry(caseId, null, "consent.given", now, actor, id.ToString()));
        return consent;
    }

    public Guid CaseId { get; private set; }
    public Guid? RecipientAgencyId { get; private set; }
    public AgencyKind? RecipientKind { get; private set; }
    public IReadOnlyList<DataCategory> Categories => _categories;
    public string Purpose { get; private set; }
    public ConsentMethod Method { get; private set; }
    public ConsentGiver GivenBy { get; private set; }
    public DateTimeOffset ValidFrom { get; private set; }
    public DateTimeOffset? ValidUntil { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public string RecordedByUserId { get; private set; }
    public Guid RecordedByAgencyId { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }
    public string? WithdrawnByUserId { get; private set; }

    public ConsentState StateAt(DateTimeOffset at) =>
        // An instant that is not set (null) never compares as reached.
        WithdrawnAt <= at ? ConsentState.Withdrawn
        : at < ValidFrom ? ConsentState.NotYetValid
        : at >= ValidUntil ? ConsentState.Expired
        : ConsentState.Active;

    public bool IsFor(Guid agencyId, AgencyKind agencyKind) =>
        RecipientAgencyId == agencyId || RecipientKind == agencyKind;

    /// <summary>
    /// Whether the consent lets <paramref name="category"/> reach the agency at <paramref name="at"/>.
    /// A consent for a recipient always covers <c>coordination</c>: consenting that an agency may see
    /// the person's data includes consenting that it may know the case exists.
    /// </summary>
    public bool Covers(Guid agencyId, AgencyKind agencyKind, DataCategory category, DateTimeOffset at) =>
        StateAt(at) == ConsentState.Active && IsFor(agencyId, agencyKind)
        && (category == DataCategory.Coordination || _categories.Contains(category));

    public void Withdraw(Actor actor, DateTimeOffset now)
    {
        if (WithdrawnAt is not null)
        {
            throw new StateConflictException("consent-withdrawn", "The consent is already withdrawn.", []);
        }

        WithdrawnAt = now;
        WithdrawnByUserId = actor.UserId;
        Changed();
        Record(new TimelineEntry(CaseId, null, "consent.withdrawn", now, actor, Id.ToString()));
    }
}
