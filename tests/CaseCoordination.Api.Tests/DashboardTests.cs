using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Infrastructure.Persistence;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Each dashboard figure checked against a scenario computed by hand, including the suppression of
/// counts 1–4 and the group breakdowns.
/// </summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();
    private JsonObject _dashboard = [];
    private string _raw = string.Empty;

    private static object Case(string name, string birthDate, string nationality, string[] complexNeeds, string intake, string municipality) => new
    {
        person = new { name, birthDate, nationality, complexNeeds },
        municipalityCode = municipality,
        intakeChannel = intake,
        situation = "Dashboardhemlighet",
    };

    private async Task Walk(HttpClient receiver, string referralId, params (string Act, int AfterMinutes, object? Body)[] steps)
    {
        foreach (var (act, after, body) in steps)
        {
            _factory.Clock.Advance(TimeSpan.FromMinutes(after));
            await (await receiver.PostAsJsonAsync($"/api/v1/referrals/{referralId}/{act}", body ?? new { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        }
    }

    public async ValueTask InitializeAsync()
    {
        var ekstad = _factory.Caseworker(Agencies.SocialServicesEkstad, "dash-ekstad");
        var lindholm = _factory.Caseworker(Agencies.SocialServicesLindholm, "dash-lindholm");
        var healthcare = _factory.Caseworker(Agencies.HealthcareEkstad, "dash-healthcare");
        var psychiatry = _factory.Caseworker(DemoData.Id(6), "dash-psychiatry");

        // A: a child, Swedish, no complex needs, met through outreach, in Ekstad: five referrals.
        var a = (await ekstad.OpenCaseAsync(Case("Dashbarn Alfa", "2012-01-01", "SE", [], "outreach", "9901"))).Id();
        var r1 = (await ekstad.SendReferralAsync(a, Agencies.HealthcareEkstad, need: "trauma-support")).Id();
        await Walk(healthcare, r1, ("receive", 60, null), ("accept", 120, null), ("start", 180, null), ("complete", 10, new { outcome = "needs-met" }));
        var r2 = (await ekstad.SendReferralAsync(a, Agencies.HealthcareEkstad, need: "healthcare")).Id();
        await Walk(healthcare, r2, ("receive", 60, null), ("reject", 30, new { reason = "Wrong clinic." }));
        var r3 = (await ekstad.SendReferralAsync(a, Agencies.HealthcareEkstad, need: "healthcare")).Id();
        await Walk(healthcare, r3, ("receive", 120, null), ("accept", 30, null), ("fail", 10, new { reason = "lost-contact" }));
        await ekstad.SendReferralAsync(a, Agencies.HealthcareEkstad, need: "sexual-health");
        var r5 = (await ekstad.SendReferralAsync(a, Agencies.HealthcareEkstad, need: "healthcare")).Id();
        await Walk(healthcare, r5, ("receive", 30, null), ("accept", 30, null));

        // B: an adult of another nationality with complex needs, self-referred, in Ekstad: two referrals.
        var b = (await ekstad.OpenCaseAsync(Case("Dashvuxen Beta", "1990-01-01", "SY", ["substance-use"], "self-referral", "9901"))).Id();
        var r6 = (await ekstad.SendReferralAsync(b, Agencies.HealthcareEkstad, need: "healthcare")).Id();
        await Walk(healthcare, r6, ("receive", 240, null), ("accept", 30, null));
        await ekstad.SendReferralAsync(b, Agencies.HealthcareEkstad, need: "healthcare");

        // C: an adult, Swedish, came through the police, in Lindholm: one psychiatry referral.
        var c = (await lindholm.OpenCaseAsync(Case("Dashvuxen Gamma", "1985-06-01", "SE", [], "police", "9902"))).Id();
        var r8 = (await lindholm.SendReferralAsync(c, DemoData.Id(6), need: "psychiatry")).Id();
        await Walk(psychiatry, r8, ("receive", 60, null), ("accept", 30, null));

        var coordinator = _factory.As("dash-coordinator", "coordinator", null, "99");
        var response = await coordinator.GetAsync("/api/v1/dashboards/99");
        _raw = await response.Content.ReadAsStringAsync();
        _dashboard = await response.ShouldBe(HttpStatusCode.OK);
    }

    public ValueTask DisposeAsync()
    {
        _factory.Dispose();
        return ValueTask.CompletedTask;
    }

    private static JsonNode Slice(JsonNode breakdown, string key) =>
        breakdown.AsArray().Single(s => s!["key"]!.GetValue<string>() == key)!;

    private static void AssertCell(JsonNode cell, int? value)
    {
        if (value is null)
        {
            Assert.True(cell["suppressed"]!.GetValue<bool>());
            Assert.Null(cell["value"]);
        }
        else
        {
            Assert.False(cell["suppressed"]!.GetValue<bool>());
            Assert.Equal(value, cell["value"]!.GetValue<int>());
        }
    }

    [Fact]
    public void Totals_rates_and_durations_match_the_hand_computed_scenario()
    {
        Assert.Equal(8, _dashboard["referrals"]!.GetValue<int>());
        // Status × need is a breakdown: every count here is between 1 and 4, so every cell is suppressed.
        var cells = _dashboard["referralsByStatusAndNeed"]!.AsArray();
        Assert.Equal(["accepted/healthcare", "accepted/psychiatry", "completed/trauma-support", "failed/healthcare", "rejected/healthcare", "requested/healthcare", "requested/sexual-health"],
            cells.Select(x => $"{x!["status"]}/{x["need"]}").Order());
        Assert.All(cells, x => AssertCell(x!["count"]!, null));

        // Accepted at some point: r1, r3, r5, r6, r8 of six answered; completed one of two ended.
        Assert.Equal(0.833, _dashboard["acceptanceRate"]!.GetValue<double>());
        Assert.Equal(0.5, _dashboard["completionRate"]!.GetValue<double>());

        // Requested → received: 30, 60, 60, 60, 120, 240 minutes.
        var received = _dashboard["durations"]!["requestedToReceived"]!;
        Assert.Equal(6, received["count"]!.GetValue<int>());
        Assert.Equal(1.0, received["medianHours"]!.GetValue<double>());
        Assert.Equal(4.0, received["p90Hours"]!.GetValue<double>());

        // Received → answered: 120, 30, 30, 30, 30, 30 minutes.
        var answered = _dashboard["durations"]!["receivedToAnswered"]!;
        Assert.Equal(6, answered["count"]!.GetValue<int>());
        Assert.Equal(0.5, answered["medianHours"]!.GetValue<double>());
        Assert.Equal(2.0, answered["p90Hours"]!.GetValue<double>());
    }

    [Fact]
    public void Breakdowns_suppress_counts_from_one_to_four()
    {
        AssertCell(Slice(_dashboard["byMunicipality"]!, "9901")["referrals"]!, 7);
        AssertCell(Slice(_dashboard["byMunicipality"]!, "9902")["referrals"]!, null);
        Assert.Null(Slice(_dashboard["byMunicipality"]!, "9902")["acceptanceRate"]);

        AssertCell(Slice(_dashboard["byAgency"]!, Agencies.HealthcareEkstad.ToString())["referrals"]!, 7);
        AssertCell(Slice(_dashboard["byAgency"]!, DemoData.Id(6).ToString())["referrals"]!, null);

        AssertCell(Slice(_dashboard["byIntakeChannel"]!, "outreach")["referrals"]!, 5);
        AssertCell(Slice(_dashboard["byIntakeChannel"]!, "self-referral")["referrals"]!, null);
        AssertCell(Slice(_dashboard["byIntakeChannel"]!, "police")["referrals"]!, null);

        // Inside a shown slice, small counts are suppressed too (one rejected, one completed of five).
        var outreach = Slice(_dashboard["byIntakeChannel"]!, "outreach");
        AssertCell(outreach["rejected"]!, null);
        AssertCell(outreach["completed"]!, null);
    }

    [Fact]
    public void Children_people_of_other_nationality_and_complex_needs_are_broken_down_apart()
    {
        var children = Slice(_dashboard["byGroup"]!, "children");
        AssertCell(children["referrals"]!, 5);
        // Three accepted of four answered: a rate over fewer than five is suppressed like the count.
        Assert.Null(children["acceptanceRate"]);
        // Four of the child's referrals were received: too few to show a median.
        Assert.Null(children["durations"]!["requestedToReceived"]!["medianHours"]);
        Assert.Null(children["durations"]!["requestedToReceived"]!["count"]);
        Assert.Null(children["durations"]!["receivedToAnswered"]!["count"]);
        AssertCell(Slice(_dashboard["byGroup"]!, "other-nationality")["referrals"]!, null);
        AssertCell(Slice(_dashboard["byGroup"]!, "complex-needs")["referrals"]!, null);
        AssertCell(Slice(_dashboard["byGroup"]!, "everyone-else")["referrals"]!, null);
        Assert.Null(Slice(_dashboard["byGroup"]!, "other-nationality")["durations"]!["requestedToReceived"]!["medianHours"]);
    }

    [Fact]
    public void Journey_figures_show_handovers_per_person_and_who_was_offered_professional_help()
    {
        var journeys = _dashboard["journeys"]!;
        Assert.Equal(3, journeys["people"]!.GetValue<int>());
        Assert.Equal(2, journeys["medianHandoversPerPerson"]!.GetValue<double>());
        Assert.Equal(5, journeys["p90HandoversPerPerson"]!.GetValue<double>());
        AssertCell(journeys["peopleWithRejectionChains"]!, 0);
        Assert.Equal(0.667, journeys["shareOfferedProfessionalHelp"]!.GetValue<double>());
        Assert.Equal(1, _dashboard["outreachIntakes"]!.GetValue<int>());
    }

    [Fact]
    public async Task No_personal_data_reaches_the_dashboard_and_other_regions_get_no_numbers()
    {
        foreach (var secret in new[] { "Dashbarn", "Dashvuxen", "Dashboardhemlighet", "2012-01-01" })
        {
            Assert.DoesNotContain(secret, _raw, StringComparison.Ordinal);
        }

        var other = _factory.As("dash-01", "coordinator", null, "01");
        var refused = await (await other.GetAsync("/api/v1/dashboards/99")).ProblemShouldBe(HttpStatusCode.Forbidden, "region-not-covered");
        Assert.Null(refused["referrals"]);
        await (await other.GetAsync("/api/v1/dashboards/*")).ProblemShouldBe(HttpStatusCode.Forbidden);
        await (await _factory.Caseworker(Agencies.SocialServicesEkstad).GetAsync("/api/v1/dashboards/99")).ProblemShouldBe(HttpStatusCode.Forbidden);
        var national = await (await _factory.As("dash-se", "coordinator", null, "*").GetAsync("/api/v1/dashboards/*")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(8, national["referrals"]!.GetValue<int>());
    }
}
