using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>Service levels come from configuration; this factory shrinks them so the test can tell them apart.</summary>
public sealed class ShortServiceLevelsFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Referrals:ServiceLevels:Urgent:ReceiveWithin"] = "00:10:00",
        ["Referrals:ServiceLevels:Urgent:AnswerWithin"] = "00:20:00",
        ["Referrals:ServiceLevels:Urgent:FirstContactWithin"] = "00:30:00",
        ["Referrals:StalledAfter"] = "01:00:00",
    };
}

public sealed class DeadlineTests(ShortServiceLevelsFactory factory) : IClassFixture<ShortServiceLevelsFactory>
{
    private readonly HttpClient _sender = factory.Caseworker(Agencies.SocialServicesEkstad);
    private readonly HttpClient _receiver = factory.Caseworker(Agencies.HealthcareEkstad);

    [Fact]
    public async Task Deadlines_follow_the_configured_service_levels_of_the_urgency()
    {
        var opened = await _sender.OpenCaseAsync();
        var sentAt = factory.Clock.GetUtcNow();
        var urgent = await _sender.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad, urgency: "urgent");
        Assert.Equal(sentAt.AddMinutes(10), DateTimeOffset.Parse(urgent["deadlines"]!["receiveBy"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(sentAt.AddMinutes(20), DateTimeOffset.Parse(urgent["deadlines"]!["answerBy"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(sentAt.AddMinutes(30), DateTimeOffset.Parse(urgent["deadlines"]!["firstContactBy"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));

        // Routine is not overridden here, so it keeps api.md's defaults: 3d / 7d / 14d.
        var routine = await _sender.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad, urgency: "routine");
        Assert.Equal(sentAt.AddDays(3), DateTimeOffset.Parse(routine["deadlines"]!["receiveBy"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(sentAt.AddDays(14), DateTimeOffset.Parse(routine["deadlines"]!["firstContactBy"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_referral_shows_not_received_from_its_receive_by_deadline_until_it_is_received()
    {
        var opened = await _sender.OpenCaseAsync();
        var referral = await _sender.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad, urgency: "urgent");
        var path = $"/api/v1/referrals/{referral.Id()}";

        factory.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.Empty((await (await _sender.GetAsync(path)).ShouldBe(HttpStatusCode.OK))["signals"]!.AsArray());

        factory.Clock.Advance(TimeSpan.FromTicks(1));
        var late = await (await _sender.GetAsync(path)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["not-received"], late["signals"]!.AsArray().Select(s => s!.GetValue<string>()));

        await (await _receiver.PostAsJsonAsync($"{path}/receive", new { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        var received = await (await _sender.GetAsync(path)).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(received["signals"]!.AsArray());
    }
}

public sealed class SharingTests(ApiFactory factory) : SharingTestsBase<ApiFactory>(factory);

/// <summary>The same tests on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class SharingTestsOnSqlServer(SqlServerSuiteFactory factory) : SharingTestsBase<SqlServerSuiteFactory>(factory);

/// <summary>The same on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class SharingTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : SharingTestsBase<PostgreSqlSuiteFactory>(factory);

public abstract class SharingTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _sender = factory.Caseworker(Agencies.SocialServicesEkstad);

    private async Task<int> ReferralCount(string caseId)
    {
        var id = Guid.Parse(caseId);
        return await factory.Db(db => db.Referrals.CountAsync(r => r.CaseId == id));
    }

    [Fact]
    public async Task Sharing_more_than_the_consent_covers_is_refused_with_422_naming_each_uncovered_category()
    {
        var opened = await _sender.OpenCaseAsync();
        await _sender.GiveConsentAsync(opened.Id(), Agencies.HealthcareEkstad);
        var response = await _sender.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", new
        {
            toAgencyId = Agencies.HealthcareEkstad,
            need = "trauma-support",
            urgency = "urgent",
            sharedCategories = new[] { "coordination", "situation", "health" },
        }, ApiCalls.Json);
        var problem = await response.ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "categories-not-covered");
        Assert.Equal(["health", "situation"], problem["uncoveredCategories"]!.AsArray().Select(x => x!.GetValue<string>()).Order());
        Assert.Contains("situation", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await ReferralCount(opened.Id()));

        var withoutConsent = await _sender.OpenCaseAsync();
        var none = await (await _sender.PostAsJsonAsync($"/api/v1/cases/{withoutConsent.Id()}/referrals", new { toAgencyId = Agencies.HealthcareEkstad, need = "trauma-support", urgency = "urgent" }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "categories-not-covered");
        Assert.Equal(["coordination"], none["uncoveredCategories"]!.AsArray().Select(x => x!.GetValue<string>()));

        var id = Guid.Parse(opened.Id());
        var refusal = await factory.Db(db => db.AccessLog.Where(e => e.CaseId == id && e.Action == "referral.send").Select(e => e.RefusalCode).ToListAsync());
        Assert.Equal(["categories-not-covered"], refusal);
    }

    [Fact]
    public async Task A_consent_basis_that_does_not_exist_is_refused()
    {
        var opened = await _sender.OpenCaseAsync();
        var response = await _sender.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", new
        {
            toAgencyId = Agencies.HealthcareEkstad,
            need = "trauma-support",
            urgency = "urgent",
            basis = new { kind = "consent", consentId = Guid.NewGuid() },
        }, ApiCalls.Json);
        await response.ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "consent-not-found");
        Assert.Equal(0, await ReferralCount(opened.Id()));
    }

    [Fact]
    public async Task A_mandatory_child_report_goes_only_to_social_services_and_is_recorded_for_audit_review()
    {
        var healthcare = factory.Caseworker(Agencies.HealthcareEkstad);
        var opened = await healthcare.OpenCaseAsync();
        object Body(Guid to) => new
        {
            toAgencyId = to,
            need = "child-protection-report",
            urgency = "immediate",
            basis = new { kind = "mandatory-child-report", justification = "The person is 16 and is being exploited." },
        };

        await (await healthcare.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", Body(Agencies.NgoEkstad), ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "basis-not-applicable");

        var sent = await (await healthcare.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", Body(Agencies.SocialServicesEkstad), ApiCalls.Json))
            .ShouldBe(HttpStatusCode.Created);
        Assert.Equal("mandatory-child-report", sent["basis"]!["kind"]!.GetValue<string>());
        Assert.True(sent["basis"]!["needsAuditReview"]!.GetValue<bool>());

        var id = Guid.Parse(sent.Id());
        var basis = await factory.Db(db => db.AccessLog.Where(e => e.ResourceId == id).Select(e => e.Basis).SingleAsync());
        Assert.Equal("mandatory-child-report", basis);
    }

    [Fact]
    public async Task A_mandatory_child_report_about_a_known_adult_is_refused_and_one_about_an_unknown_age_is_sent()
    {
        var healthcare = factory.Caseworker(Agencies.HealthcareEkstad);
        var adult = await healthcare.OpenCaseAsync(ApiCalls.NewCase(birthDate: "1990-01-01"));
        var unknownAge = await healthcare.OpenCaseAsync(ApiCalls.NewCase(birthDate: null));
        object Body() => new
        {
            toAgencyId = Agencies.SocialServicesEkstad,
            need = "child-protection-report",
            urgency = "immediate",
            basis = new { kind = "mandatory-child-report", justification = "Exploited; age not confirmed." },
        };

        await (await healthcare.PostAsJsonAsync($"/api/v1/cases/{adult.Id()}/referrals", Body(), ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "basis-not-applicable");
        Assert.Equal(0, await ReferralCount(adult.Id()));

        // The child perspective errs on the side of protection: a person who may be a child may be reported.
        await (await healthcare.PostAsJsonAsync($"/api/v1/cases/{unknownAge.Id()}/referrals", Body(), ApiCalls.Json))
            .ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_legal_basis_without_justification_is_a_400()
    {
        var opened = await _sender.OpenCaseAsync();
        var response = await _sender.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", new
        {
            toAgencyId = Agencies.PoliceEkstad,
            need = "police-report",
            urgency = "urgent",
            basis = new { kind = "serious-crime" },
        }, ApiCalls.Json);
        var problem = await response.ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(problem["errors"]!["basis.justification"]);
    }

    [Fact]
    public async Task A_referral_to_an_unknown_agency_or_to_ones_own_agency_is_refused()
    {
        var opened = await _sender.OpenCaseAsync();
        await (await _sender.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", new { toAgencyId = Guid.NewGuid(), need = "housing", urgency = "routine" }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "unknown-agency");
        await (await _sender.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", new { toAgencyId = Agencies.SocialServicesEkstad, need = "housing", urgency = "routine" }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "referral-to-self");
        Assert.Equal(0, await ReferralCount(opened.Id()));
    }
}
