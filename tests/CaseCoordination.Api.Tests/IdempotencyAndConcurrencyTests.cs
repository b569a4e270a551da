using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.LeadHandovers;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>Other agencies' systems retry and race: answers stay consistent and nothing is lost.</summary>
public sealed class IdempotencyAndConcurrencyTests(ApiFactory factory) : IdempotencyAndConcurrencyTestsBase<ApiFactory>(factory);

/// <summary>The same tests on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class IdempotencyAndConcurrencyTestsOnSqlServer(SqlServerSuiteFactory factory) : IdempotencyAndConcurrencyTestsBase<SqlServerSuiteFactory>(factory);

/// <summary>The same on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class IdempotencyAndConcurrencyTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : IdempotencyAndConcurrencyTestsBase<PostgreSqlSuiteFactory>(factory);

public abstract class IdempotencyAndConcurrencyTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _lead = factory.Caseworker(Agencies.SocialServicesEkstad, "idem-lead");
    private readonly HttpClient _receiver = factory.Caseworker(Agencies.HealthcareEkstad, "idem-receiver");

    private static string NewKey() => Guid.NewGuid().ToString();

    /// <summary>Sends the same request twice with one key; both answers must be identical, and returned.</summary>
    private static async Task<(HttpResponseMessage First, string Body)> Twice(HttpClient client, HttpMethod method, string path, object? body, string? ifMatch = null)
    {
        var key = NewKey();
        var first = await client.SendJsonAsync(method, path, body, ifMatch, key);
        var firstBody = await first.Content.ReadAsStringAsync();
        var second = await client.SendJsonAsync(method, path, body, ifMatch, key);
        var secondBody = await second.Content.ReadAsStringAsync();
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));

        // The same key with another body is refused.
        var other = await client.SendJsonAsync(method, path, new { different = true, reason = "other", outcome = "other" }, ifMatch, key);
        await other.ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        return (first, firstBody);
    }

    [Fact]
    public async Task Every_creating_post_replayed_with_the_same_key_creates_one_resource_and_answers_identically()
    {
        var casesBefore = await factory.Db(db => db.Cases.CountAsync());
        var (opened, openedBody) = await Twice(_lead, HttpMethod.Post, "/api/v1/cases", ApiCalls.NewCase());
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal(casesBefore + 1, await factory.Db(db => db.Cases.CountAsync()));
        var caseId = System.Text.Json.Nodes.JsonNode.Parse(openedBody)!["id"]!.GetValue<string>();
        var id = Guid.Parse(caseId);

        await _lead.GiveConsentAsync(caseId, Agencies.HealthcareEkstad);
        var (sent, sentBody) = await Twice(_lead, HttpMethod.Post, $"/api/v1/cases/{caseId}/referrals",
            new { toAgencyId = Agencies.HealthcareEkstad, need = "trauma-support", urgency = "urgent" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.Equal(1, await factory.Db(db => db.Referrals.CountAsync(r => r.CaseId == id)));
        var referralId = System.Text.Json.Nodes.JsonNode.Parse(sentBody)!["id"]!.GetValue<string>();

        foreach (var act in new[] { "receive", "accept", "start" })
        {
            var (answer, _) = await Twice(_receiver, HttpMethod.Post, $"/api/v1/referrals/{referralId}/{act}", null);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var (completed, _) = await Twice(_receiver, HttpMethod.Post, $"/api/v1/referrals/{referralId}/complete", new { outcome = "needs-met" });
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var events = await factory.Db(db => db.Timeline.CountAsync(e => e.CaseId == id));
        Assert.Equal(7, events);

        var etag = await _lead.ETagOfAsync($"/api/v1/cases/{caseId}");
        await _lead.GiveConsentAsync(caseId, Agencies.NgoEkstad); // a new lead needs a basis covering coordination
        var (proposed, _) = await Twice(_lead, HttpMethod.Post, $"/api/v1/cases/{caseId}/lead-handovers", new { toAgencyId = Agencies.NgoEkstad }, etag);
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        Assert.Equal(1, await factory.Db(db => db.LeadHandovers.CountAsync(h => h.CaseId == id)));

        var admin = factory.As("idem-admin", "admin", null, null);
        var agenciesBefore = await factory.Db(db => db.Agencies.CountAsync());
        var (created, _) = await Twice(admin, HttpMethod.Post, "/api/v1/agencies",
            new { name = "Idempotent jour", kind = "ngo", regionCode = "99", municipalityCode = "9902", needs = new[] { "shelter" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(agenciesBefore + 1, await factory.Db(db => db.Agencies.CountAsync()));
    }

    [Fact]
    public async Task A_refused_answer_is_replayed_too_and_keys_are_per_caller()
    {
        var opened = await _lead.OpenCaseAsync();
        var referral = await _lead.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad);
        var (illegal, _) = await Twice(_receiver, HttpMethod.Post, $"/api/v1/referrals/{referral.Id()}/accept", null);
        Assert.Equal(HttpStatusCode.Conflict, illegal.StatusCode);

        // Another caller's use of the same key is its own.
        var key = NewKey();
        await (await _lead.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", ApiCalls.NewCase(), idempotencyKey: key)).ShouldBe(HttpStatusCode.Created);
        await (await _receiver.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", ApiCalls.NewCase(), idempotencyKey: key)).ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>
    /// A replayed answer may carry personal data, so its access-log entry names what the original act
    /// touched — resource, case, person, region and basis — and the region's auditors and the person's
    /// access report see it (it used to name no case and no person; a replayed referral send was a
    /// <c>referral</c> with the case's id).
    /// </summary>
    [Fact]
    public async Task An_allowed_replay_is_logged_as_a_read_of_what_the_act_touched_and_found_by_region_and_person()
    {
        const string user = "replay-lead";
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, user);
        var receiver = factory.Caseworker(Agencies.HealthcareEkstad, "replay-receiver");
        var replays = new List<AccessLogEntry>();

        async Task<JsonObject> ActAndReplayAsync(HttpClient client, string userId, string path, object? body, HttpStatusCode status = HttpStatusCode.Created)
        {
            var key = NewKey();
            var answer = await (await client.SendJsonAsync(HttpMethod.Post, path, body, idempotencyKey: key)).ShouldBe(status);
            var act = await LastEntryOf(userId);
            var replay = await client.SendJsonAsync(HttpMethod.Post, path, body, idempotencyKey: key);
            Assert.True(replay.Headers.Contains("Idempotent-Replayed"), path);
            var replayed = await LastEntryOf(userId);
            ReplayAssert.NamesTheAct(act, replayed);
            replays.Add(replayed);
            return answer;
        }

        var opened = await ActAndReplayAsync(lead, user, "/api/v1/cases", ApiCalls.NewCase(name: "Alias Replayed"));
        var caseId = Guid.Parse(opened.Id());
        var subjectId = Guid.Parse(opened.Str("subjectId"));
        Assert.Equal("case", replays[0].ResourceType);
        Assert.Equal(caseId, replays[0].ResourceId);
        Assert.Equal("recording-agency", replays[0].Basis);

        await ActAndReplayAsync(lead, user, $"/api/v1/cases/{caseId}/consents", new
        {
            recipientAgencyId = Agencies.HealthcareEkstad, categories = new[] { "coordination" }, purpose = "Coordinated support", method = "written", givenBy = "person",
        });
        var sent = await ActAndReplayAsync(lead, user, $"/api/v1/cases/{caseId}/referrals",
            new { toAgencyId = Agencies.HealthcareEkstad, need = "trauma-support", urgency = "urgent" });
        Assert.Equal("referral", replays[2].ResourceType);
        Assert.Equal(Guid.Parse(sent.Id()), replays[2].ResourceId);
        await ActAndReplayAsync(receiver, "replay-receiver", $"/api/v1/referrals/{sent.Id()}/receive", null, HttpStatusCode.OK);

        Assert.All(replays, r =>
        {
            Assert.Equal(caseId, r.CaseId);
            Assert.Equal(subjectId, r.SubjectId);
            Assert.Equal("99", r.RegionCode);
        });

        // The region's auditor finds the replays by case, another region's does not, and the person's report lists them.
        var auditor = factory.As("replay-auditor-99", "auditor", null, "99");
        var found = await (await auditor.GetAsync($"/api/v1/audit/entries?caseId={caseId}&action=request.replay&limit=50")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(replays.Select(r => r.Id).OrderDescending(), found["items"]!.AsArray().Select(e => e!["id"]!.GetValue<long>()));
        var otherRegion = await (await factory.As("replay-auditor-01", "auditor", null, "01").GetAsync($"/api/v1/audit/entries?caseId={caseId}&action=request.replay")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(otherRegion["items"]!.AsArray());
        var report = await (await auditor.GetAsync($"/api/v1/audit/subjects/{subjectId}/access-report")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(replays.Select(r => r.Id), report["accesses"]!.AsArray()
            .Where(e => e!["action"]!.GetValue<string>() == "request.replay").Select(e => e!["id"]!.GetValue<long>()));

        // A replayed refusal is a problem, which names no one: its entry names no case, so the person's
        // report does not count the refused agency among those that saw the person's data.
        var outsider = factory.Caseworker(Agencies.PoliceEkstad, "replay-outsider");
        var key = NewKey();
        var close = new { outcome = "moved-away", justification = "Probe." };
        await (await outsider.SendJsonAsync(HttpMethod.Post, $"/api/v1/cases/{caseId}/close", close, idempotencyKey: key)).ProblemShouldBe(HttpStatusCode.NotFound);
        await (await outsider.SendJsonAsync(HttpMethod.Post, $"/api/v1/cases/{caseId}/close", close, idempotencyKey: key)).ProblemShouldBe(HttpStatusCode.NotFound);
        var refusalReplayed = await LastEntryOf("replay-outsider");
        Assert.Equal(("request.replay", AccessOutcome.Allowed), (refusalReplayed.Action, refusalReplayed.Outcome));
        Assert.Null(refusalReplayed.CaseId);
        Assert.Null(refusalReplayed.SubjectId);
        var after = await (await auditor.GetAsync($"/api/v1/audit/subjects/{subjectId}/access-report")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(after["agencies"]!.AsArray(), a => a!["agencyId"]!.GetValue<string>() == Agencies.PoliceEkstad.ToString());
        Assert.Contains(after["refused"]!.AsArray(), e => e!["userId"]!.GetValue<string>() == "replay-outsider");
    }

    /// <summary>
    /// A replay refused because the caller's agency has left since names the case and the person the
    /// stored answer is about, so the region's auditors and the person's access report see the attempt.
    /// </summary>
    [Fact]
    public async Task A_refused_replay_names_the_case_and_person_of_the_act()
    {
        var admin = factory.As("replay-admin", "admin", null, null);
        var agency = new { name = "Replay leaver", kind = "ngo", regionCode = "99", municipalityCode = "9901", needs = new[] { "shelter" } };
        var created = await (await admin.PostAsJsonAsync("/api/v1/agencies", agency, ApiCalls.Json)).ShouldBe(HttpStatusCode.Created);
        var caller = factory.Caseworker(Guid.Parse(created.Id()), "replay-leaver");
        var key = NewKey();
        var body = ApiCalls.NewCase(name: "Alias Left Behind");
        var opened = await (await caller.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", body, idempotencyKey: key)).ShouldBe(HttpStatusCode.Created);
        var act = await LastEntryOf("replay-leaver");

        await (await admin.PutAsJsonAsync($"/api/v1/agencies/{created.Id()}", new { agency.name, agency.kind, agency.regionCode, agency.municipalityCode, agency.needs, active = false }, ApiCalls.Json))
            .ShouldBe(HttpStatusCode.OK);
        await (await caller.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", body, idempotencyKey: key)).ProblemShouldBe(HttpStatusCode.Forbidden, "agency-not-active");

        var refused = await LastEntryOf("replay-leaver");
        Assert.Equal(("request.replay", AccessOutcome.Refused, "agency-not-active"), (refused.Action, refused.Outcome, refused.RefusalCode));
        Assert.Equal(("case", Guid.Parse(opened.Id())), (refused.ResourceType, refused.ResourceId));
        Assert.Equal((act.CaseId, act.SubjectId, act.RegionCode), (refused.CaseId, refused.SubjectId, refused.RegionCode));
        Assert.Equal(Guid.Parse(opened.Str("subjectId")), refused.SubjectId);
        Assert.Equal("99", refused.RegionCode);

        var auditor = factory.As("replay-auditor-99", "auditor", null, "99");
        var found = await (await auditor.GetAsync($"/api/v1/audit/entries?caseId={opened.Id()}&outcome=refused")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(refused.Id, Assert.Single(found["items"]!.AsArray())!["id"]!.GetValue<long>());
        var report = await (await auditor.GetAsync($"/api/v1/audit/subjects/{opened.Str("subjectId")}/access-report")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(refused.Id, Assert.Single(report["refused"]!.AsArray())!["id"]!.GetValue<long>());
    }

    private Task<AccessLogEntry> LastEntryOf(string userId) => ReplayAssert.LastEntryOf(factory, userId);

    [Fact]
    public async Task Concurrent_requests_with_one_key_run_once()
    {
        var key = NewKey();
        var before = await factory.Db(db => db.Cases.CountAsync());
        var body = ApiCalls.NewCase(name: "Concurrent idempotent");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _lead.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", body, idempotencyKey: key)));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(before + 1, await factory.Db(db => db.Cases.CountAsync()));
    }

    [Fact]
    public async Task A_lost_update_is_impossible_two_clients_with_one_etag_one_gets_412()
    {
        var opened = await _lead.OpenCaseAsync();
        await ConsentToLeadsAsync(opened.Id());
        var path = $"/api/v1/cases/{opened.Id()}";
        var coordinatorA = factory.As("coord-a", "coordinator", null, "99");
        var coordinatorB = factory.As("coord-b", "coordinator", null, "99");
        var etag = await _lead.ETagOfAsync(path);

        var first = await coordinatorA.SendJsonAsync(HttpMethod.Post, $"{path}/lead-handovers", new { toAgencyId = Agencies.HealthcareEkstad }, etag);
        var second = await coordinatorB.SendJsonAsync(HttpMethod.Post, $"{path}/lead-handovers", new { toAgencyId = Agencies.NgoEkstad }, etag);
        await first.ShouldBe(HttpStatusCode.Created);
        await second.ProblemShouldBe(HttpStatusCode.PreconditionFailed);

        var after = await (await _lead.GetAsync(path)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Agencies.HealthcareEkstad.ToString(), after["pendingLeadHandover"]!["toAgencyId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Thirty_two_concurrent_accepts_assignments_and_proposals_leave_exactly_one_lead()
    {
        var opened = await _lead.OpenCaseAsync();
        await ConsentToLeadsAsync(opened.Id());
        var path = $"/api/v1/cases/{opened.Id()}";
        var handover = await (await _lead.SendJsonAsync(HttpMethod.Post, $"{path}/lead-handovers", new { toAgencyId = Agencies.HealthcareEkstad }, await _lead.ETagOfAsync(path)))
            .ShouldBe(HttpStatusCode.Created);
        var etag = await _lead.ETagOfAsync(path);

        var requests = new List<Func<Task<HttpResponseMessage>>>();
        for (var i = 0; i < 12; i++)
        {
            var receiver = factory.Caseworker(Agencies.HealthcareEkstad, $"racer-accept-{i}");
            requests.Add(() => receiver.SendJsonAsync(HttpMethod.Post, $"/api/v1/lead-handovers/{handover.Id()}/accept", null));
        }

        for (var i = 0; i < 10; i++)
        {
            var coordinator = factory.As($"racer-assign-{i}", "coordinator", null, "99");
            requests.Add(() => coordinator.SendJsonAsync(HttpMethod.Put, $"{path}/lead", new { agencyId = Agencies.NgoEkstad }, etag));
        }

        for (var i = 0; i < 10; i++)
        {
            var proposer = factory.Caseworker(Agencies.SocialServicesEkstad, $"racer-propose-{i}");
            requests.Add(() => proposer.SendJsonAsync(HttpMethod.Post, $"{path}/lead-handovers", new { toAgencyId = Agencies.PoliceEkstad }, etag));
        }

        var responses = await Task.WhenAll(requests.Select(r => Task.Run(r)));
        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.True(s is (>= 200 and < 300) or 409 or 412, $"unexpected {s}: {string.Join(",", statuses)}"));
        Assert.Equal(1, statuses.Count(s => s is >= 200 and < 300));

        var caseId = Guid.Parse(opened.Id());
        var @case = await factory.Db(db => db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId));
        Assert.Equal(Agencies.HealthcareEkstad, @case.LeadAgencyId);
        Assert.Null(@case.PendingLeadHandoverId);
        var handovers = await factory.Db(db => db.LeadHandovers.AsNoTracking().Where(h => h.CaseId == caseId).ToListAsync());
        Assert.Equal(LeadHandoverStatus.Accepted, Assert.Single(handovers).Status);

        var kinds = await factory.Db(db => db.Timeline.Where(e => e.CaseId == caseId).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        Assert.Equal(["case.opened", "consent.given", "consent.given", "consent.given", "lead.proposed", "lead.accepted"], kinds);
    }

    [Fact]
    public async Task An_accept_and_an_assignment_racing_on_a_case_without_lead_never_both_commit()
    {
        // A lead proposes healthcare on six cases and leaves the cooperation: each case has no lead and an open proposal.
        var leaving = await TemporaryAgency.CreateAsync(factory, "Jour som lämnar under kapplöpning");
        var lead = factory.Caseworker(leaving.Id, "race-leaving-lead");
        var cases = new List<(Guid Id, string Path, string HandoverId)>();
        for (var n = 0; n < 6; n++)
        {
            var opened = await lead.OpenCaseAsync();
            foreach (var agency in new[] { Agencies.HealthcareEkstad, Agencies.NgoEkstad })
            {
                await lead.GiveConsentAsync(opened.Id(), agency);
            }

            var path = $"/api/v1/cases/{opened.Id()}";
            var proposed = await (await lead.SendJsonAsync(HttpMethod.Post, $"{path}/lead-handovers", new { toAgencyId = Agencies.HealthcareEkstad }, await lead.ETagOfAsync(path)))
                .ShouldBe(HttpStatusCode.Created);
            cases.Add((Guid.Parse(opened.Id()), path, proposed.Id()));
        }

        await leaving.LeaveAsync();

        foreach (var (caseId, path, handoverId) in cases)
        {
            // Coordinators assign the NGO (If-Match of the case as it stands) while healthcare accepts.
            var etag = $"\"{await factory.Db(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.Version).SingleAsync())}\"";
            var requests = new List<Func<Task<HttpResponseMessage>>>();
            for (var i = 0; i < 6; i++)
            {
                var coordinator = factory.As($"race-assign-{i}", "coordinator", null, "99");
                requests.Add(() => coordinator.SendJsonAsync(HttpMethod.Put, $"{path}/lead", new { agencyId = Agencies.NgoEkstad }, etag));
                var receiver = factory.Caseworker(Agencies.HealthcareEkstad, $"race-accept-{i}");
                requests.Add(() => receiver.SendJsonAsync(HttpMethod.Post, $"/api/v1/lead-handovers/{handoverId}/accept", null));
            }

            var responses = await Task.WhenAll(requests.Select(r => Task.Run(r)));
            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.All(statuses, s => Assert.True(s is (>= 200 and < 300) or 409 or 412, $"unexpected {s}: {string.Join(",", statuses)}"));
            Assert.True(statuses.Count(s => s is >= 200 and < 300) == 1, $"exactly one act commits: {string.Join(",", statuses)}");

            // Whichever won, the case and the proposal agree, and the timeline holds only the winner.
            var @case = await factory.Db(db => db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId));
            var handover = await factory.Db(db => db.LeadHandovers.AsNoTracking().SingleAsync(h => h.CaseId == caseId));
            var kinds = await factory.Db(db => db.Timeline.Where(e => e.CaseId == caseId).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
            Assert.Null(@case.PendingLeadHandoverId);
            if (@case.LeadAgencyId == Agencies.HealthcareEkstad)
            {
                Assert.Equal(LeadHandoverStatus.Accepted, handover.Status);
                Assert.Equal(["lead.proposed", "lead.lost", "lead.accepted"], kinds.Skip(3));
            }
            else
            {
                Assert.Equal(Agencies.NgoEkstad, @case.LeadAgencyId);
                Assert.Equal(LeadHandoverStatus.Superseded, handover.Status);
                Assert.Equal(["lead.proposed", "lead.lost", "lead.assigned", "lead.superseded"], kinds.Skip(3));
            }
        }
    }

    /// <summary>The person consents to every agency these races make lead: a new lead needs a basis covering coordination (domain.md).</summary>
    private async Task ConsentToLeadsAsync(string caseId)
    {
        foreach (var agency in new[] { Agencies.HealthcareEkstad, Agencies.NgoEkstad, Agencies.PoliceEkstad })
        {
            await _lead.GiveConsentAsync(caseId, agency);
        }
    }
}

/// <summary>What the access-log entry of an idempotent replay must name.</summary>
public static class ReplayAssert
{
    /// <summary>The newest access-log entry of a user.</summary>
    public static Task<AccessLogEntry> LastEntryOf(ApiFactory factory, string userId) =>
        factory.Db(db => db.AccessLog.AsNoTracking().Where(e => e.UserId == userId).OrderByDescending(e => e.Id).FirstAsync());

    /// <summary>An allowed replay is a read of what the act touched: the same resource, case, person, region and basis.</summary>
    public static void NamesTheAct(AccessLogEntry act, AccessLogEntry replay)
    {
        Assert.Equal(("request.replay", AccessOutcome.Allowed), (replay.Action, replay.Outcome));
        Assert.True(replay.Id > act.Id);
        Assert.Equal((act.ResourceType, act.ResourceId, act.CaseId, act.SubjectId, act.RegionCode, act.Basis),
            (replay.ResourceType, replay.ResourceId, replay.CaseId, replay.SubjectId, replay.RegionCode, replay.Basis));
        Assert.Equal((act.UserId, act.AgencyId), (replay.UserId, replay.AgencyId));
    }
}
