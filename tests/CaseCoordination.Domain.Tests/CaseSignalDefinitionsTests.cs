using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Domain.Signals;
using Xunit;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// The signals of domain.md that look at more than one referral's own deadline — reroutes, the lead,
/// the child rule, support offered — pinned on the definitions themselves: when each applies, the
/// instant its window counts from, its window, and the agency that must act.
/// </summary>
public sealed class CaseSignalDefinitionsTests
{
    private static readonly DateTimeOffset Opened = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Opener = Guid.NewGuid();
    private static readonly Guid Lead = Guid.NewGuid();
    private static readonly Guid Proposed = Guid.NewGuid();
    private static readonly Guid SocialServices = Guid.NewGuid();
    private static readonly Guid Healthcare = Guid.NewGuid();

    private static readonly SignalWindows Windows = new(
        RerouteWithin: TimeSpan.FromDays(7),
        StalledAfter: TimeSpan.FromDays(30),
        LeadWithin: TimeSpan.FromDays(3),
        ChildProtectionReportWithin: TimeSpan.FromDays(2),
        SupportOfferedWithin: TimeSpan.FromDays(14),
        ChildSupportOfferedWithin: TimeSpan.FromDays(5));

    private static CaseFacts Case(bool child = false, Guid? lead = null, DateTimeOffset? withoutLeadSince = null, CaseStatus status = CaseStatus.Open,
        Guid? pendingHandover = null, DateTimeOffset? proposedAt = null, Guid? opener = null) =>
        new(Guid.NewGuid(), "99", "9901", IntakeChannel.Outreach, child, false, false, status, Opened, opener ?? Opener,
            lead, withoutLeadSince, pendingHandover, pendingHandover is null ? null : Proposed, proposedAt);

    private static ReferralFacts Referral(Need need, ReferralStatus status, DateTimeOffset requestedAt, DateTimeOffset? endedAt = null, Guid? to = null) =>
        new(Guid.NewGuid(), Guid.Empty, need, Opener, to ?? Healthcare, status, requestedAt, requestedAt.AddDays(1), requestedAt.AddDays(2), requestedAt.AddDays(3),
            requestedAt, endedAt, null, null, null);

    private static List<SignalOccurrence> Of(string code, CaseFacts c, params ReferralFacts[] referrals) =>
        SignalDefinitions.OccurrencesIn(new CaseState(c, referrals, new HashSet<Guid> { SocialServices }), Windows).Where(o => o.Code == code).ToList();

    [Theory]
    [InlineData(ReferralStatus.Rejected, "rejected-not-rerouted")]
    [InlineData(ReferralStatus.Failed, "failed-no-follow-up")]
    public void A_turned_down_referral_not_sent_again_for_its_need_waits_the_reroute_window_from_its_end_for_the_lead(ReferralStatus status, string code)
    {
        var ended = Opened.AddDays(4);
        var turnedDown = Referral(Need.Housing, status, Opened.AddDays(1), ended);

        var occurrence = Assert.Single(Of(code, Case(lead: Lead), turnedDown));
        Assert.Equal((turnedDown.Id, ended, ended.AddDays(7), Lead, Need.Housing), (occurrence.ReferralId, occurrence.Anchor, occurrence.DueAt, occurrence.AgencyToActId, occurrence.Need));

        // Sent again for the same need after the end: closed. For another need, or before the end: still open.
        Assert.Empty(Of(code, Case(lead: Lead), turnedDown, Referral(Need.Housing, ReferralStatus.Requested, ended.AddMinutes(1))));
        Assert.Single(Of(code, Case(lead: Lead), turnedDown, Referral(Need.Shelter, ReferralStatus.Requested, ended.AddMinutes(1))));
        Assert.Single(Of(code, Case(lead: Lead), turnedDown, Referral(Need.Housing, ReferralStatus.Requested, ended)));
        Assert.Single(Of(code, Case(lead: Lead), turnedDown, Referral(Need.Housing, ReferralStatus.Requested, Opened)));
    }

    [Fact]
    public void A_rejection_is_not_a_failure_and_a_failure_is_not_a_rejection()
    {
        var ended = Opened.AddDays(4);
        Assert.Empty(Of("failed-no-follow-up", Case(), Referral(Need.Housing, ReferralStatus.Rejected, Opened, ended)));
        Assert.Empty(Of("rejected-not-rerouted", Case(), Referral(Need.Housing, ReferralStatus.Failed, Opened, ended)));
        Assert.Empty(Of("rejected-not-rerouted", Case(), Referral(Need.Housing, ReferralStatus.Cancelled, Opened, ended)));
    }

    [Fact]
    public void A_case_without_a_lead_waits_the_lead_window_from_when_it_lost_its_lead_and_names_no_agency()
    {
        var since = Opened.AddDays(1);
        var occurrence = Assert.Single(Of("no-lead", Case(withoutLeadSince: since)));
        Assert.Equal((since, since.AddDays(3), (Guid?)null, (Guid?)null), (occurrence.Anchor, occurrence.DueAt, occurrence.AgencyToActId, occurrence.ReferralId));

        Assert.Empty(Of("no-lead", Case(lead: Lead, withoutLeadSince: since)));
        Assert.Empty(Of("no-lead", Case(lead: Lead)));
        Assert.Empty(Of("no-lead", Case()));
    }

    [Fact]
    public void A_pending_lead_handover_waits_the_lead_window_from_its_proposal_for_the_proposed_agency()
    {
        var proposedAt = Opened.AddDays(2);
        var occurrence = Assert.Single(Of("lead-handover-pending", Case(lead: Lead, pendingHandover: Guid.NewGuid(), proposedAt: proposedAt)));
        Assert.Equal((proposedAt, proposedAt.AddDays(3), (Guid?)Proposed, (Guid?)Lead, (Guid?)Proposed),
            (occurrence.Anchor, occurrence.DueAt, occurrence.AgencyToActId, occurrence.FromAgencyId, occurrence.ToAgencyId));

        Assert.Empty(Of("lead-handover-pending", Case(lead: Lead)));
        Assert.Empty(Of("lead-handover-pending", Case(lead: Lead, proposedAt: proposedAt)));
        Assert.Empty(Of("lead-handover-pending", Case(lead: Lead, pendingHandover: Guid.NewGuid())));
    }

    [Fact]
    public void A_child_without_social_services_waits_the_report_window_from_opening_until_social_services_take_part()
    {
        var occurrence = Assert.Single(Of("child-without-social-services", Case(child: true, lead: Lead)));
        Assert.Equal((Opened, Opened.AddDays(2), (Guid?)Lead), (occurrence.Anchor, occurrence.DueAt, occurrence.AgencyToActId));

        Assert.Empty(Of("child-without-social-services", Case(child: false, lead: Lead)));
        Assert.Empty(Of("child-without-social-services", Case(child: true, opener: SocialServices)));
        Assert.Empty(Of("child-without-social-services", Case(child: true, lead: SocialServices)));
        Assert.Empty(Of("child-without-social-services", Case(child: true, lead: Lead),
            Referral(Need.ChildProtectionReport, ReferralStatus.Requested, Opened, to: SocialServices)));

        // A report turned down, a report to an agency that is not social services, or another need to social services: still open.
        Assert.Single(Of("child-without-social-services", Case(child: true, lead: Lead),
            Referral(Need.ChildProtectionReport, ReferralStatus.Rejected, Opened, Opened.AddHours(1), SocialServices)));
        Assert.Single(Of("child-without-social-services", Case(child: true, lead: Lead),
            Referral(Need.ChildProtectionReport, ReferralStatus.Cancelled, Opened, Opened.AddHours(1), SocialServices)));
        Assert.Single(Of("child-without-social-services", Case(child: true, lead: Lead), Referral(Need.ChildProtectionReport, ReferralStatus.Accepted, Opened)));
        Assert.Single(Of("child-without-social-services", Case(child: true, lead: Lead), Referral(Need.Housing, ReferralStatus.Accepted, Opened, to: SocialServices)));
    }

    [Theory]
    [InlineData(false, 14)]
    [InlineData(true, 5)]
    public void Support_not_offered_waits_the_support_window_from_opening_shorter_for_a_child_for_the_lead(bool child, int days)
    {
        var occurrence = Assert.Single(Of("support-not-offered", Case(child: child, lead: Lead)));
        Assert.Equal((Opened, Opened.AddDays(days), (Guid?)Lead), (occurrence.Anchor, occurrence.DueAt, occurrence.AgencyToActId));
    }

    [Theory]
    [InlineData(Need.TraumaSupport, ReferralStatus.Accepted, false)]
    [InlineData(Need.Psychiatry, ReferralStatus.InProgress, false)]
    [InlineData(Need.TraumaSupport, ReferralStatus.Completed, false)]
    [InlineData(Need.Psychiatry, ReferralStatus.Failed, false)]
    [InlineData(Need.TraumaSupport, ReferralStatus.Requested, true)]
    [InlineData(Need.TraumaSupport, ReferralStatus.Received, true)]
    [InlineData(Need.Psychiatry, ReferralStatus.Rejected, true)]
    [InlineData(Need.TraumaSupport, ReferralStatus.Cancelled, true)]
    [InlineData(Need.Healthcare, ReferralStatus.Accepted, true)]
    public void Support_is_offered_once_a_trauma_support_or_psychiatry_referral_was_accepted(Need need, ReferralStatus status, bool stillOpen)
    {
        var referral = Referral(need, status, Opened.AddDays(1), status is ReferralStatus.Rejected or ReferralStatus.Cancelled or ReferralStatus.Failed ? Opened.AddDays(2) : null);
        Assert.Equal(stillOpen ? 1 : 0, Of("support-not-offered", Case(lead: Lead), referral).Count);
    }

    [Fact]
    public void A_closed_case_raises_no_signal_at_all()
    {
        var closed = Case(child: true, withoutLeadSince: Opened, status: CaseStatus.Closed);
        Assert.Empty(SignalDefinitions.OccurrencesIn(
            new CaseState(closed, [Referral(Need.Housing, ReferralStatus.Requested, Opened)], new HashSet<Guid>()), Windows));
        Assert.NotEmpty(SignalDefinitions.OccurrencesIn(
            new CaseState(closed with { Status = CaseStatus.Open }, [Referral(Need.Housing, ReferralStatus.Requested, Opened)], new HashSet<Guid>()), Windows));
    }

    [Fact]
    public void A_signal_is_open_from_its_due_instant_inclusive()
    {
        var state = new CaseState(Case(withoutLeadSince: Opened), [], new HashSet<Guid>());
        var due = Opened.AddDays(3);
        Assert.DoesNotContain(SignalDefinitions.OpenIn(state, Windows, due.AddTicks(-1)), o => o.Code == "no-lead");
        Assert.Contains(SignalDefinitions.OpenIn(state, Windows, due), o => o.Code == "no-lead");
    }
}
