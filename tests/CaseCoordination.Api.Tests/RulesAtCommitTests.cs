using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Domain.AccessLog;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Rules that read one aggregate to decide about another hold at commit, not at the read that
/// checked them (ADR 0020). Each race is run many times and judged in commit order: the access log's
/// entry ids are given out in the order the acts commit (under the chain's lock), so an allowed entry
/// with a higher id committed later — never by timestamps taken before the commit.
/// </summary>
public sealed class RulesAtCommitTests(ApiFactory factory) : RulesAtCommitTestsBase<ApiFactory>(factory);

/// <summary>The same races on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class RulesAtCommitTestsOnSqlServer(SqlServerSuiteFactory factory) : RulesAtCommitTestsBase<SqlServerSuiteFactory>(factory);

/// <summary>The same on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class RulesAtCommitTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : RulesAtCommitTestsBase<PostgreSqlSuiteFactory>(factory);

public abstract class RulesAtCommitTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const int Trials = 10;
    private const int Senders = 8;

    private readonly HttpClient _lead = factory.Caseworker(Agencies.SocialServicesEkstad, "commit-lead");
    private readonly HttpClient _admin = factory.As("commit-admin", "admin", null, null);

    [Fact]
    public async Task A_send_never_commits_on_a_consent_withdrawn_before_it()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            var caseId = (await _lead.OpenCaseAsync()).Id();
            var consent = await _lead.GiveConsentAsync(caseId, Agencies.HealthcareEkstad);

            var sends = Enumerable.Range(0, Senders).Select(_ => SendAsync(caseId, Agencies.HealthcareEkstad));
            var withdrawal = _lead.PostAsync($"/api/v1/cases/{caseId}/consents/{consent.Id()}/withdraw", null);
            var answers = await Task.WhenAll(sends.Append(withdrawal));
            AssertNoServerError(answers);

            var log = await EntriesOfCaseAsync(caseId);
            var withdrawn = log.Single(e => e.Action == "consent.withdraw" && e.Outcome == AccessOutcome.Allowed).Id;
            var sentAfter = log.Where(e => e.Action == "referral.send" && e.Outcome == AccessOutcome.Allowed && e.Id > withdrawn).ToList();
            Assert.True(sentAfter.Count == 0, $"Trial {trial}: {sentAfter.Count} referral(s) committed after the consent they crossed on was withdrawn.");

            // What the log says was sent is what the case holds.
            var id = Guid.Parse(caseId);
            Assert.Equal(log.Count(e => e.Action == "referral.send" && e.Outcome == AccessOutcome.Allowed), await factory.Db(db => db.Referrals.CountAsync(r => r.CaseId == id)));
        }
    }

    [Fact]
    public async Task A_case_never_closes_quietly_over_a_referral_sent_while_it_closed()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            var caseId = (await _lead.OpenCaseAsync()).Id();
            await _lead.GiveConsentAsync(caseId, Agencies.HealthcareEkstad);

            var sends = Enumerable.Range(0, Senders).Select(_ => SendAsync(caseId, Agencies.HealthcareEkstad));
            var close = _lead.PostAsJsonAsync($"/api/v1/cases/{caseId}/close", new { outcome = "needs-met" }, ApiCalls.Json);
            var answers = await Task.WhenAll(sends.Append(close));
            AssertNoServerError(answers);

            var log = await EntriesOfCaseAsync(caseId);
            var sent = log.Where(e => e.Action == "referral.send" && e.Outcome == AccessOutcome.Allowed).ToList();
            var closed = log.SingleOrDefault(e => e.Action == "case.close" && e.Outcome == AccessOutcome.Allowed);
            if (closed is null)
            {
                continue;
            }

            // Closed without a justification: no referral may have been open then (sent before it), and
            // none may reach the closed case (sent after it).
            Assert.True(sent.Count == 0, $"Trial {trial}: the case closed without a justification, yet {sent.Count} referral(s) committed around it (close at entry {closed.Id}, sends at {string.Join(", ", sent.Select(s => s.Id))}).");
            var id = Guid.Parse(caseId);
            Assert.Equal(0, await factory.Db(db => db.Referrals.CountAsync(r => r.CaseId == id)));
        }

    }

    [Fact]
    public async Task A_send_never_commits_to_an_agency_after_it_left_the_cooperation()
    {
        for (var trial = 0; trial < Trials / 2; trial++)
        {
            var leaving = await CreateAgencyAsync($"Jouren som lämnar {trial}");
            var caseId = (await _lead.OpenCaseAsync()).Id();
            await _lead.GiveConsentAsync(caseId, leaving);

            var sends = Enumerable.Range(0, Senders).Select(_ => SendAsync(caseId, leaving));
            var leave = _admin.PutAsJsonAsync($"/api/v1/agencies/{leaving}", AgencyBody($"Jouren som lämnar {trial}", active: false), ApiCalls.Json);
            var answers = await Task.WhenAll(sends.Append(leave));
            AssertNoServerError(answers);

            var left = await factory.Db(db => db.AccessLog.AsNoTracking()
                .SingleAsync(e => e.Action == "agency.change" && e.ResourceId == leaving && e.Outcome == AccessOutcome.Allowed));
            var log = await EntriesOfCaseAsync(caseId);
            var sentAfter = log.Where(e => e.Action == "referral.send" && e.Outcome == AccessOutcome.Allowed && e.Id > left.Id).ToList();
            Assert.True(sentAfter.Count == 0, $"Trial {trial}: {sentAfter.Count} referral(s) committed to the agency after it left the cooperation.");
        }
    }

    [Fact]
    public async Task An_agency_that_leaves_never_keeps_a_case_it_was_made_lead_of_while_leaving()
    {
        for (var trial = 0; trial < Trials / 2; trial++)
        {
            var leaving = await CreateAgencyAsync($"Mottagningen som lämnar {trial}");
            var next = factory.Caseworker(leaving, "commit-next-lead");
            var handovers = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                var caseId = (await _lead.OpenCaseAsync()).Id();
                await _lead.GiveConsentAsync(caseId, leaving);
                var etag = await _lead.ETagOfAsync($"/api/v1/cases/{caseId}");
                var proposed = await (await _lead.SendJsonAsync(HttpMethod.Post, $"/api/v1/cases/{caseId}/lead-handovers", new { toAgencyId = leaving }, etag)).ShouldBe(HttpStatusCode.Created);
                handovers.Add(proposed.Id());
            }

            var accepts = handovers.Select(h => next.PostAsync($"/api/v1/lead-handovers/{h}/accept", null));
            var leave = _admin.PutAsJsonAsync($"/api/v1/agencies/{leaving}", AgencyBody($"Mottagningen som lämnar {trial}", active: false), ApiCalls.Json);
            var answers = await Task.WhenAll(accepts.Append(leave));
            AssertNoServerError(answers);

            if (answers[^1].StatusCode == HttpStatusCode.OK)
            {
                var led = await factory.Db(db => db.Cases.CountAsync(c => c.LeadAgencyId == leaving && c.Status == Domain.Cases.CaseStatus.Open));
                Assert.True(led == 0, $"Trial {trial}: the agency left the cooperation but still leads {led} open case(s).");
            }
        }
    }

    [Fact]
    public async Task An_agency_that_leaves_never_keeps_a_lead_proposal_made_to_it_while_leaving()
    {
        for (var trial = 0; trial < Trials / 2; trial++)
        {
            var leaving = await CreateAgencyAsync($"Jouren som föreslås och lämnar {trial}");
            var proposals = new List<Task<HttpResponseMessage>>();
            var cases = new List<(string Id, string ETag)>();
            for (var i = 0; i < 4; i++)
            {
                var caseId = (await _lead.OpenCaseAsync()).Id();
                await _lead.GiveConsentAsync(caseId, leaving);
                cases.Add((caseId, await _lead.ETagOfAsync($"/api/v1/cases/{caseId}")));
            }

            proposals.AddRange(cases.Select(c => _lead.SendJsonAsync(HttpMethod.Post, $"/api/v1/cases/{c.Id}/lead-handovers", new { toAgencyId = leaving }, c.ETag)));
            var leave = _admin.PutAsJsonAsync($"/api/v1/agencies/{leaving}", AgencyBody($"Jouren som föreslås och lämnar {trial}", active: false), ApiCalls.Json);
            var answers = await Task.WhenAll(proposals.Append(leave));
            AssertNoServerError(answers);

            if (answers[^1].StatusCode == HttpStatusCode.OK)
            {
                var proposed = await factory.Db(db => db.Cases.CountAsync(c => c.ProposedLeadAgencyId == leaving && c.Status == Domain.Cases.CaseStatus.Open));
                Assert.True(proposed == 0, $"Trial {trial}: the agency left the cooperation but {proposed} open case(s) still propose it as lead.");
            }
        }
    }

    [Fact]
    public async Task A_lead_proposal_or_assignment_needs_a_basis_covering_coordination_for_the_new_lead()
    {
        var caseId = (await _lead.OpenCaseAsync()).Id();
        var police = factory.Caseworker(Agencies.PoliceEkstad, "commit-police");
        var etag = await _lead.ETagOfAsync($"/api/v1/cases/{caseId}");

        // Nothing was ever shared with the police: proposing them would make them a party without a basis.
        var refused = await (await _lead.SendJsonAsync(HttpMethod.Post, $"/api/v1/cases/{caseId}/lead-handovers", new { toAgencyId = Agencies.PoliceEkstad }, etag))
            .ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "categories-not-covered");
        Assert.Equal(["coordination"], refused["uncoveredCategories"]!.AsArray().Select(c => c!.GetValue<string>()));
        await (await police.GetAsync($"/api/v1/cases/{caseId}")).ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        var id = Guid.Parse(caseId);
        Assert.Equal(0, await factory.Db(db => db.LeadHandovers.CountAsync(h => h.CaseId == id)));
        Assert.Equal(etag, await _lead.ETagOfAsync($"/api/v1/cases/{caseId}"));
        var log = await EntriesOfCaseAsync(caseId);
        Assert.Contains(log, e => e.Action == "lead-handover.propose" && e.Outcome == AccessOutcome.Refused && e.RefusalCode == "categories-not-covered");

        // With the person's consent covering coordination for the police, the proposal goes through.
        await _lead.GiveConsentAsync(caseId, Agencies.PoliceEkstad);
        await (await _lead.SendJsonAsync(HttpMethod.Post, $"/api/v1/cases/{caseId}/lead-handovers", new { toAgencyId = Agencies.PoliceEkstad }, etag))
            .ShouldBe(HttpStatusCode.Created);
        await (await police.GetAsync($"/api/v1/cases/{caseId}")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_coordinator_assigns_a_lead_with_the_case_version_from_the_follow_up_list()
    {
        var leaving = await CreateAgencyAsync("Socialjouren som stänger");
        var opener = factory.Caseworker(leaving, "commit-opener");
        var caseId = (await opener.OpenCaseAsync(ApiCalls.NewCase(birthDate: "1990-01-01"))).Id();
        await opener.GiveConsentAsync(caseId, Agencies.HealthcareEkstad);
        await (await _admin.PutAsJsonAsync($"/api/v1/agencies/{leaving}", AgencyBody("Socialjouren som stänger", active: false), ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromDays(2));

        var coordinator = factory.As("commit-coordinator", "coordinator", null, "99");
        var list = await (await coordinator.GetAsync("/api/v1/dashboards/99/signals?signal=no-lead&limit=500")).ShouldBe(HttpStatusCode.OK);
        var row = list["items"]!.AsArray().Single(i => i!["caseId"]!.GetValue<string>() == caseId)!;
        var version = row["caseVersion"]!.GetValue<int>();

        // A stale version is refused; the listed one assigns the lead.
        await (await coordinator.SendJsonAsync(HttpMethod.Put, $"/api/v1/cases/{caseId}/lead", new { agencyId = Agencies.HealthcareEkstad }, $"\"{version - 1}\""))
            .ProblemShouldBe(HttpStatusCode.PreconditionFailed, "precondition-failed");
        var assigned = await (await coordinator.SendJsonAsync(HttpMethod.Put, $"/api/v1/cases/{caseId}/lead", new { agencyId = Agencies.HealthcareEkstad }, $"\"{version}\""))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Agencies.HealthcareEkstad.ToString(), assigned["leadAgencyId"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> SendAsync(string caseId, Guid to) =>
        _lead.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new { toAgencyId = to, need = "trauma-support", urgency = "urgent", sharedCategories = new[] { "coordination" } }, ApiCalls.Json);

    private async Task<Guid> CreateAgencyAsync(string name)
    {
        var created = await (await _admin.PostAsJsonAsync("/api/v1/agencies", AgencyBody(name, active: null), ApiCalls.Json)).ShouldBe(HttpStatusCode.Created);
        return Guid.Parse(created.Id());
    }

    private static object AgencyBody(string name, bool? active) =>
        new { name, kind = "ngo", regionCode = "99", municipalityCode = "9901", needs = new[] { "trauma-support", "shelter" }, active };

    private Task<List<AccessLogEntry>> EntriesOfCaseAsync(string caseId)
    {
        var id = Guid.Parse(caseId);
        return factory.Db(db => db.AccessLog.AsNoTracking().Where(e => e.CaseId == id).OrderBy(e => e.Id).ToListAsync());
    }

    private static void AssertNoServerError(IEnumerable<HttpResponseMessage> answers)
    {
        var statuses = answers.Select(a => (int)a.StatusCode).ToList();
        Assert.True(statuses.All(s => s < 500), "A race answered a server error: " + string.Join(", ", statuses));
    }
}
