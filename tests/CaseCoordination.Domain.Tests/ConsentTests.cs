using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
using Xunit;
using static CaseCoordination.Domain.Tests.Support.ReferralFixture;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// Consent (domain.md, "Sharing and consent"): recorded by a caseworker for one recipient, named categories and
/// a period; it covers access only while active, and withdrawal stops it at once.
/// </summary>
public sealed class ConsentTests
{
    private static readonly DateTimeOffset RecordedAt = SentAt;
    private static readonly DateTimeOffset From = SentAt.AddDays(1);
    private static readonly DateTimeOffset Until = SentAt.AddDays(30);

    private static Consent Record(
        Guid? agency = null,
        AgencyKind? kind = null,
        IEnumerable<DataCategory>? categories = null,
        DateTimeOffset? validFrom = null,
        DateTimeOffset? validUntil = null,
        Actor? actor = null,
        bool noAgencyNoKind = false) =>
        Consent.Record(ConsentId, CaseId, noAgencyNoKind ? null : agency ?? (kind is null ? ReceivingAgencyId : null), kind,
            categories ?? [DataCategory.Health], "Support after the shelter stay.", ConsentMethod.Verbal, ConsentGiver.Guardian,
            validFrom, validUntil, actor ?? Sender, RecordedAt);

    private static void AssertRefused<TException>(string code, Func<object> act)
        where TException : RefusalException
    {
        var refused = Assert.Throws<TException>(act);
        Assert.Equal(code, refused.Code);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message), "A refusal explains itself in the problem's detail.");
    }

    [Fact]
    public void Recording_keeps_what_was_given_and_records_consent_given_on_the_timeline()
    {
        var consent = Record(validFrom: From, validUntil: Until);

        Assert.Equal(ConsentId, consent.Id);
        Assert.Equal(CaseId, consent.CaseId);
        Assert.Equal(ReceivingAgencyId, consent.RecipientAgencyId);
        Assert.Null(consent.RecipientKind);
        Assert.Equal("Support after the shelter stay.", consent.Purpose);
        Assert.Equal(ConsentMethod.Verbal, consent.Method);
        Assert.Equal(ConsentGiver.Guardian, consent.GivenBy);
        Assert.Equal(From, consent.ValidFrom);
        Assert.Equal(Until, consent.ValidUntil);
        Assert.Equal(RecordedAt, consent.RecordedAt);
        Assert.Equal(Sender.UserId, consent.RecordedByUserId);
        Assert.Equal(SendingAgencyId, consent.RecordedByAgencyId);
        Assert.Null(consent.WithdrawnAt);
        Assert.Equal(1, consent.Version);

        var given = Assert.Single(consent.RecordedEvents);
        Assert.Equal("consent.given", given.Kind);
        Assert.Equal(CaseId, given.CaseId);
        Assert.Null(given.ReferralId);
        Assert.Equal(ConsentId.ToString(), given.Detail);
        Assert.Equal(RecordedAt, given.At);
    }

    [Fact]
    public void A_consent_without_a_start_is_valid_from_when_it_was_recorded()
    {
        Assert.Equal(RecordedAt, Record().ValidFrom);
    }

    [Fact]
    public void The_categories_are_kept_once_each()
    {
        var consent = Record(categories: [DataCategory.Health, DataCategory.Identity, DataCategory.Health]);

        Assert.Equal([DataCategory.Health, DataCategory.Identity], consent.Categories.OrderBy(c => c.ToString(), StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Auditor)]
    [InlineData(Role.Admin)]
    public void Only_a_caseworker_records_a_consent(Role role)
    {
        AssertRefused<ActNotPermittedException>("caseworker-required", () => Record(actor: new Actor("someone", role, SendingAgencyId)));
    }

    [Fact]
    public void A_caseworker_without_an_agency_cannot_record_a_consent()
    {
        AssertRefused<ActNotPermittedException>("caseworker-required", () => Record(actor: new Actor("someone", Role.Caseworker, null)));
    }

    [Fact]
    public void A_consent_names_exactly_one_recipient_not_none()
    {
        AssertRefused<DomainRuleViolationException>("one-recipient", () => Record(noAgencyNoKind: true));
    }

    [Fact]
    public void A_consent_names_exactly_one_recipient_not_both_an_agency_and_a_kind()
    {
        AssertRefused<DomainRuleViolationException>("one-recipient", () => Record(agency: ReceivingAgencyId, kind: AgencyKind.Ngo));
    }

    [Fact]
    public void A_consent_for_a_kind_of_agency_is_accepted()
    {
        var consent = Record(kind: AgencyKind.Healthcare);

        Assert.Null(consent.RecipientAgencyId);
        Assert.Equal(AgencyKind.Healthcare, consent.RecipientKind);
    }

    [Fact]
    public void A_consent_covers_at_least_one_category()
    {
        AssertRefused<DomainRuleViolationException>("categories-required", () => Record(categories: []));
    }

    [Fact]
    public void The_period_must_not_be_empty_an_end_at_the_start_is_refused()
    {
        AssertRefused<DomainRuleViolationException>("empty-period", () => Record(validFrom: From, validUntil: From));
        AssertRefused<DomainRuleViolationException>("empty-period", () => Record(validFrom: From, validUntil: From.AddTicks(-1)));
        Assert.Equal(From.AddTicks(1), Record(validFrom: From, validUntil: From.AddTicks(1)).ValidUntil);
    }

    [Fact]
    public void Without_a_start_the_end_is_checked_against_the_recording_time()
    {
        AssertRefused<DomainRuleViolationException>("empty-period", () => Record(validUntil: RecordedAt));
    }

    [Fact]
    public void A_consent_is_not_yet_valid_before_its_start_active_from_its_start_and_expired_from_its_end()
    {
        var consent = Record(validFrom: From, validUntil: Until);

        Assert.Equal(ConsentState.NotYetValid, consent.StateAt(From.AddTicks(-1)));
        Assert.Equal(ConsentState.Active, consent.StateAt(From));
        Assert.Equal(ConsentState.Active, consent.StateAt(Until.AddTicks(-1)));
        Assert.Equal(ConsentState.Expired, consent.StateAt(Until));
    }

    [Fact]
    public void A_consent_without_an_end_never_expires()
    {
        Assert.Equal(ConsentState.Active, Record().StateAt(RecordedAt.AddYears(50)));
    }

    [Fact]
    public void A_withdrawn_consent_is_withdrawn_from_the_moment_of_withdrawal_not_before()
    {
        var consent = Record(validFrom: From, validUntil: Until);
        var withdrawnAt = From.AddDays(2);
        consent.Withdraw(Receiver, withdrawnAt);

        Assert.Equal(ConsentState.Active, consent.StateAt(withdrawnAt.AddTicks(-1)));
        Assert.Equal(ConsentState.Withdrawn, consent.StateAt(withdrawnAt));
        Assert.Equal(ConsentState.Withdrawn, consent.StateAt(Until.AddDays(1)));
    }

    [Fact]
    public void Withdrawal_is_stamped_versioned_and_recorded_and_deletes_nothing()
    {
        var consent = Record();
        consent.ClearRecordedEvents();
        var at = RecordedAt.AddDays(3);

        consent.Withdraw(Receiver, at);

        Assert.Equal(at, consent.WithdrawnAt);
        Assert.Equal(Receiver.UserId, consent.WithdrawnByUserId);
        Assert.Equal(2, consent.Version);
        Assert.Equal([DataCategory.Health], consent.Categories);
        var withdrawn = Assert.Single(consent.RecordedEvents);
        Assert.Equal("consent.withdrawn", withdrawn.Kind);
        Assert.Equal(ConsentId.ToString(), withdrawn.Detail);
        Assert.Equal(at, withdrawn.At);
    }

    [Fact]
    public void A_consent_is_withdrawn_once_and_a_second_withdrawal_changes_nothing()
    {
        var consent = Record();
        var first = RecordedAt.AddDays(3);
        consent.Withdraw(Receiver, first);
        consent.ClearRecordedEvents();

        AssertRefused<StateConflictException>("consent-withdrawn", () => { consent.Withdraw(Sender, first.AddDays(1)); return consent; });

        Assert.Equal(first, consent.WithdrawnAt);
        Assert.Equal(Receiver.UserId, consent.WithdrawnByUserId);
        Assert.Equal(2, consent.Version);
        Assert.Empty(consent.RecordedEvents);
    }

    [Fact]
    public void A_consent_is_for_its_named_agency_or_for_every_agency_of_its_kind()
    {
        var forAgency = Record(agency: ReceivingAgencyId);
        var forKind = Record(kind: AgencyKind.Ngo);

        Assert.True(forAgency.IsFor(ReceivingAgencyId, AgencyKind.Police));
        Assert.False(forAgency.IsFor(UnrelatedAgencyId, AgencyKind.Ngo));
        Assert.True(forKind.IsFor(UnrelatedAgencyId, AgencyKind.Ngo));
        Assert.False(forKind.IsFor(UnrelatedAgencyId, AgencyKind.Police));
    }

    [Fact]
    public void An_active_consent_covers_its_categories_and_coordination_for_its_recipient_only()
    {
        var consent = Record(categories: [DataCategory.Health]);
        var at = RecordedAt.AddDays(1);

        Assert.True(consent.Covers(ReceivingAgencyId, AgencyKind.Ngo, DataCategory.Health, at));
        Assert.True(consent.Covers(ReceivingAgencyId, AgencyKind.Ngo, DataCategory.Coordination, at));
        Assert.False(consent.Covers(ReceivingAgencyId, AgencyKind.Ngo, DataCategory.Identity, at));
        Assert.False(consent.Covers(UnrelatedAgencyId, AgencyKind.Ngo, DataCategory.Health, at));
        Assert.False(consent.Covers(UnrelatedAgencyId, AgencyKind.Ngo, DataCategory.Coordination, at));
    }

    [Fact]
    public void A_consent_covers_nothing_before_its_start_after_its_end_or_after_withdrawal()
    {
        var consent = Record(validFrom: From, validUntil: Until);

        Assert.False(consent.Covers(ReceivingAgencyId, AgencyKind.Ngo, DataCategory.Health, From.AddTicks(-1)));
        Assert.False(consent.Covers(ReceivingAgencyId, AgencyKind.Ngo, DataCategory.Coordination, Until));
        Assert.True(consent.Covers(ReceivingAgencyId, AgencyKind.Ngo, DataCategory.Health, From));

        consent.Withdraw(Receiver, From.AddDays(1));
        Assert.False(consent.Covers(ReceivingAgencyId, AgencyKind.Ngo, DataCategory.Health, From.AddDays(1)));
    }
}
