using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>Every window is set through its configuration key, small and distinct, so each signal's deadline is known.</summary>
public sealed class SignalWindowsFactory : ApiFactory
{
    public static readonly TimeSpan Receive = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan Answer = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan FirstContact = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan Reroute = TimeSpan.FromHours(1);
    public static readonly TimeSpan Stalled = TimeSpan.FromHours(2);
    public static readonly TimeSpan Lead = TimeSpan.FromHours(3);
    public static readonly TimeSpan Child = TimeSpan.FromHours(4);
    public static readonly TimeSpan Support = TimeSpan.FromHours(6);
    public static readonly TimeSpan ChildSupport = TimeSpan.FromHours(5);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Referrals:ServiceLevels:Urgent:ReceiveWithin"] = Receive.ToString(),
        ["Referrals:ServiceLevels:Urgent:AnswerWithin"] = Answer.ToString(),
        ["Referrals:ServiceLevels:Urgent:FirstContactWithin"] = FirstContact.ToString(),
        ["Referrals:RerouteWithin"] = Reroute.ToString(),
        ["Referrals:StalledAfter"] = Stalled.ToString(),
        ["Cases:LeadWithin"] = Lead.ToString(),
        ["Cases:ChildProtectionReportWithin"] = Child.ToString(),
        ["Cases:SupportOfferedWithin"] = Support.ToString(),
        ["Cases:ChildSupportOfferedWithin"] = ChildSupport.ToString(),
    };
}

/// <summary>
/// With a fake clock: each signal is absent one tick before its deadline, present at it (on the case,
/// the referral and the coordinator's follow-up list), and gone once its condition ends.
/// </summary>
public sealed class SignalTests(SignalWindowsFactory factory) : IClassFixture<SignalWindowsFactory>
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private readonly HttpClient _lead = factory.Caseworker(Agencies.SocialServicesEkstad, "signal-lead");
    private readonly HttpClient _receiver = factory.Caseworker(Agencies.HealthcareEkstad, "signal-receiver");
    private readonly HttpClient _coordinator = factory.As("signal-coordinator", "coordinator", null, "99");

    /// <param name="caseReader">Who reads the case; null when no agency can (the lead left): then the follow-up list alone tells.</param>
    private async Task<bool> IsOpenAsync(string code, string caseId, string? referralId, HttpClient? caseReader = null, bool readCase = true)
    {
        var list = await (await _coordinator.GetAsync($"/api/v1/dashboards/99/signals?signal={code}&limit=500")).ShouldBe(HttpStatusCode.OK);
        var inList = list["items"]!.AsArray().Any(i => i!["caseId"]!.GetValue<string>() == caseId);
        var onCase = !readCase ? inList : (await (await (caseReader ?? _lead).GetAsync($"/api/v1/cases/{caseId}")).ShouldBe(HttpStatusCode.OK))["signals"]!.AsArray()
            .Any(s => s!.GetValue<string>() == code);
        Assert.Equal(onCase, inList);
        if (referralId is not null)
        {
            var onReferral = (await (await _lead.GetAsync($"/api/v1/referrals/{referralId}")).ShouldBe(HttpStatusCode.OK))["signals"]!.AsArray()
                .Any(s => s!.GetValue<string>() == code);
            Assert.Equal(onCase, onReferral);

            // The list computes the referral's signals its own way (in memory, and from the catalogue
            // only for ended referrals): it must show the same.
            var listed = (await (await _lead.GetAsync("/api/v1/referrals?direction=outgoing&limit=500")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray()
                .Single(i => i!["id"]!.GetValue<string>() == referralId)!;
            Assert.Equal(onCase, listed["signals"]!.AsArray().Any(s => s!.GetValue<string>() == code));
        }

        return onCase;
    }

    private async Task AssertOpensAtAsync(string code, TimeSpan after, string caseId, string? referralId, HttpClient? caseReader = null, bool readCase = true)
    {
        factory.Clock.Advance(after - Tick);
        Assert.False(await IsOpenAsync(code, caseId, referralId, caseReader, readCase), $"{code} open one tick before its deadline");
        factory.Clock.Advance(Tick);
        Assert.True(await IsOpenAsync(code, caseId, referralId, caseReader, readCase), $"{code} not open at its deadline");
    }

    private Task<HttpResponseMessage> Act(string referralId, string act, object? body = null) =>
        _receiver.PostAsJsonAsync($"/api/v1/referrals/{referralId}/{act}", body ?? new { }, ApiCalls.Json);

    private async Task<(string CaseId, string ReferralId)> NewReferralAsync(string need = "trauma-support")
    {
        var opened = await _lead.OpenCaseAsync(ApiCalls.NewCase(birthDate: "1990-01-01"));
        var referral = await _lead.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad, need: need, urgency: "urgent");
        return (opened.Id(), referral.Id());
    }

    [Fact]
    public async Task Not_received_not_answered_and_no_first_contact_follow_the_service_levels()
    {
        var (caseId, referralId) = await NewReferralAsync();
        await AssertOpensAtAsync("not-received", SignalWindowsFactory.Receive, caseId, referralId);
        await (await Act(referralId, "receive")).ShouldBe(HttpStatusCode.OK);
        Assert.False(await IsOpenAsync("not-received", caseId, referralId));

        await AssertOpensAtAsync("not-answered", SignalWindowsFactory.Answer - SignalWindowsFactory.Receive, caseId, referralId);
        await (await Act(referralId, "accept")).ShouldBe(HttpStatusCode.OK);
        Assert.False(await IsOpenAsync("not-answered", caseId, referralId));

        await AssertOpensAtAsync("no-first-contact", SignalWindowsFactory.FirstContact - SignalWindowsFactory.Answer, caseId, referralId);
        await (await Act(referralId, "start")).ShouldBe(HttpStatusCode.OK);
        Assert.False(await IsOpenAsync("no-first-contact", caseId, referralId));

        await AssertOpensAtAsync("stalled", SignalWindowsFactory.Stalled, caseId, referralId);
        await (await Act(referralId, "complete", new { outcome = "needs-met" })).ShouldBe(HttpStatusCode.OK);
        Assert.False(await IsOpenAsync("stalled", caseId, referralId));
    }

    [Fact]
    public async Task A_rejected_referral_not_rerouted_in_time_is_a_signal_for_the_lead_until_a_new_one_is_sent()
    {
        var (caseId, referralId) = await NewReferralAsync(need: "housing");
        await (await Act(referralId, "receive")).ShouldBe(HttpStatusCode.OK);
        await (await Act(referralId, "reject", new { reason = "Full." })).ShouldBe(HttpStatusCode.OK);
        await AssertOpensAtAsync("rejected-not-rerouted", SignalWindowsFactory.Reroute, caseId, referralId);

        var item = (await (await _coordinator.GetAsync("/api/v1/dashboards/99/signals?signal=rejected-not-rerouted&limit=500")).ShouldBe(HttpStatusCode.OK))["items"]!
            .AsArray().Single(i => i!["caseId"]!.GetValue<string>() == caseId)!;
        Assert.Equal(Agencies.SocialServicesEkstad.ToString(), item["agencyToActId"]!.GetValue<string>());

        await _lead.SendReferralAsync(caseId, Agencies.NgoEkstad, need: "housing");
        Assert.False(await IsOpenAsync("rejected-not-rerouted", caseId, referralId));
    }

    [Fact]
    public async Task A_failed_referral_without_follow_up_is_a_signal_until_a_new_one_is_sent()
    {
        var (caseId, referralId) = await NewReferralAsync(need: "shelter");
        foreach (var act in new[] { "receive", "accept" })
        {
            await (await Act(referralId, act)).ShouldBe(HttpStatusCode.OK);
        }

        await (await Act(referralId, "fail", new { reason = "lost-contact" })).ShouldBe(HttpStatusCode.OK);
        await AssertOpensAtAsync("failed-no-follow-up", SignalWindowsFactory.Reroute, caseId, referralId);
        await _lead.SendReferralAsync(caseId, Agencies.NgoEkstad, need: "shelter");
        Assert.False(await IsOpenAsync("failed-no-follow-up", caseId, referralId));
    }

    [Fact]
    public async Task A_case_without_lead_and_an_unanswered_lead_proposal_are_signals_within_the_lead_window()
    {
        var admin = factory.As("signal-admin", "admin", null, null);
        var body = new { name = "Jour som slutar", kind = "ngo", regionCode = "99", municipalityCode = "9903", needs = new[] { "shelter" } };
        var created = await (await admin.PostAsJsonAsync("/api/v1/agencies", body, ApiCalls.Json)).ShouldBe(HttpStatusCode.Created);
        var leaving = factory.Caseworker(Guid.Parse(created.Id()), "leaving-cw");
        var opened = await leaving.OpenCaseAsync(ApiCalls.NewCase(birthDate: "1990-01-01"));

        // The person consents to the agencies made lead below (a new lead needs a basis covering coordination).
        await leaving.GiveConsentAsync(opened.Id(), Agencies.SocialServicesEkstad);
        await leaving.GiveConsentAsync(opened.Id(), Agencies.HealthcareEkstad);
        await (await admin.PutAsJsonAsync($"/api/v1/agencies/{created.Id()}", new { body.name, body.kind, body.regionCode, body.municipalityCode, body.needs, active = false }, ApiCalls.Json))
            .ShouldBe(HttpStatusCode.OK);

        // The agency that left may no longer call at all; the coordinator's list shows the signal.
        await (await leaving.GetAsync($"/api/v1/cases/{opened.Id()}")).ProblemShouldBe(HttpStatusCode.Forbidden, "agency-not-active");
        await AssertOpensAtAsync("no-lead", SignalWindowsFactory.Lead, opened.Id(), null, readCase: false);
        var etag = "\"2\"";
        await (await _coordinator.SendJsonAsync(HttpMethod.Put, $"/api/v1/cases/{opened.Id()}/lead", new { agencyId = Agencies.SocialServicesEkstad }, etag)).ShouldBe(HttpStatusCode.OK);
        Assert.False(await IsOpenAsync("no-lead", opened.Id(), null));

        etag = await _lead.ETagOfAsync($"/api/v1/cases/{opened.Id()}");
        var handover = await (await _lead.SendJsonAsync(HttpMethod.Post, $"/api/v1/cases/{opened.Id()}/lead-handovers", new { toAgencyId = Agencies.HealthcareEkstad }, etag))
            .ShouldBe(HttpStatusCode.Created);
        await AssertOpensAtAsync("lead-handover-pending", SignalWindowsFactory.Lead, opened.Id(), null);
        await (await _receiver.PostAsJsonAsync($"/api/v1/lead-handovers/{handover.Id()}/accept", new { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        Assert.False(await IsOpenAsync("lead-handover-pending", opened.Id(), null, _receiver));
    }

    [Fact]
    public async Task A_childs_case_without_a_report_to_social_services_is_a_signal_within_the_child_window()
    {
        var healthcare = _receiver;
        var opened = await healthcare.OpenCaseAsync(ApiCalls.NewCase(birthDate: "2012-01-01"));
        await AssertOpensAtAsync("child-without-social-services", SignalWindowsFactory.Child, opened.Id(), null, healthcare);
        await healthcare.SendReferralAsync(opened.Id(), Agencies.SocialServicesEkstad, need: "child-protection-report", urgency: "immediate");
        Assert.False(await IsOpenAsync("child-without-social-services", opened.Id(), null, healthcare));
    }

    [Fact]
    public async Task A_case_where_no_support_was_accepted_is_a_signal_for_the_lead_within_the_support_window_shorter_for_a_child()
    {
        const string code = "support-not-offered";
        var adult = (await _lead.OpenCaseAsync(ApiCalls.NewCase(birthDate: "1990-01-01"))).Id();
        var child = (await _lead.OpenCaseAsync(ApiCalls.NewCase(birthDate: "2012-01-01"))).Id();

        // A trauma-support referral that is only sent, or one that is rejected, offers nothing yet.
        var rejected = (await _lead.SendReferralAsync(adult, Agencies.HealthcareEkstad, need: "trauma-support", urgency: "routine")).Id();
        await (await Act(rejected, "receive")).ShouldBe(HttpStatusCode.OK);
        await (await Act(rejected, "reject", new { reason = "Full." })).ShouldBe(HttpStatusCode.OK);
        var offered = (await _lead.SendReferralAsync(adult, Agencies.HealthcareEkstad, need: "trauma-support", urgency: "routine")).Id();

        await AssertOpensAtAsync(code, SignalWindowsFactory.ChildSupport, child, null);
        Assert.False(await IsOpenAsync(code, adult, null), "the adult's window is longer than the child's");
        await AssertOpensAtAsync(code, SignalWindowsFactory.Support - SignalWindowsFactory.ChildSupport, adult, null);

        var item = (await (await _coordinator.GetAsync($"/api/v1/dashboards/99/signals?signal={code}&limit=500")).ShouldBe(HttpStatusCode.OK))["items"]!
            .AsArray().Single(i => i!["caseId"]!.GetValue<string>() == adult)!;
        Assert.Equal(Agencies.SocialServicesEkstad.ToString(), item["agencyToActId"]!.GetValue<string>());
        async Task<int> OnDashboardAsync() =>
            (await (await _coordinator.GetAsync("/api/v1/dashboards/99")).ShouldBe(HttpStatusCode.OK))["openSignals"]![code]!.GetValue<int>();
        var before = await OnDashboardAsync();

        // Accepting the trauma-support referral closes it; so does an accepted psychiatry referral for the child.
        await (await Act(offered, "receive")).ShouldBe(HttpStatusCode.OK);
        Assert.True(await IsOpenAsync(code, adult, null));
        await (await Act(offered, "accept")).ShouldBe(HttpStatusCode.OK);
        Assert.False(await IsOpenAsync(code, adult, null));
        Assert.Equal(before - 1, await OnDashboardAsync());

        var psychiatry = (await _lead.SendReferralAsync(child, Agencies.HealthcareEkstad, need: "psychiatry", urgency: "routine")).Id();
        foreach (var act in new[] { "receive", "accept" })
        {
            await (await Act(psychiatry, act)).ShouldBe(HttpStatusCode.OK);
        }

        Assert.False(await IsOpenAsync(code, child, null));
        Assert.Equal(before - 2, await OnDashboardAsync());
    }

    [Fact]
    public async Task The_follow_up_list_is_pseudonymous_oldest_first_paged_and_closed_to_other_regions()
    {
        var opened = await _lead.OpenCaseAsync(ApiCalls.NewCase(name: "Signalfri Persona", situation: "Hemlig situationstext"));
        for (var i = 0; i < 3; i++)
        {
            await _lead.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad, urgency: "urgent");
            factory.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        factory.Clock.Advance(SignalWindowsFactory.Receive);
        var seen = new List<DateTimeOffset>();
        string? cursor = null;
        do
        {
            var response = await _coordinator.GetAsync($"/api/v1/dashboards/99/signals?signal=not-received&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Signalfri", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Hemlig", text, StringComparison.Ordinal);
            var page = await response.ShouldBe(HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["since"]!.GetValue<DateTimeOffset>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.True(seen.Count >= 3);
        Assert.Equal(seen.Order(), seen);

        await (await factory.As("c-01", "coordinator", null, "01").GetAsync("/api/v1/dashboards/99/signals")).ProblemShouldBe(HttpStatusCode.Forbidden, "region-not-covered");
        await (await factory.As("c-01", "coordinator", null, "01").GetAsync("/api/v1/dashboards/*/signals")).ProblemShouldBe(HttpStatusCode.Forbidden);
        await (await _lead.GetAsync("/api/v1/dashboards/99/signals")).ProblemShouldBe(HttpStatusCode.Forbidden);
        var national = await (await factory.As("c-se", "coordinator", null, "*").GetAsync("/api/v1/dashboards/*/signals?signal=not-received")).ShouldBe(HttpStatusCode.OK);
        Assert.NotEmpty(national["items"]!.AsArray());
    }
}
