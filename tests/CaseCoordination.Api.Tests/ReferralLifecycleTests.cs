using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Domain.AccessLog;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>Walks referrals through every path of the lifecycle over HTTP, on a real SQLite file.</summary>
public sealed class ReferralLifecycleTests(ApiFactory factory) : ReferralLifecycleTestsBase<ApiFactory>(factory);

/// <summary>The same tests on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class ReferralLifecycleTestsOnSqlServer(SqlServerSuiteFactory factory) : ReferralLifecycleTestsBase<SqlServerSuiteFactory>(factory);

/// <summary>The same on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class ReferralLifecycleTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : ReferralLifecycleTestsBase<PostgreSqlSuiteFactory>(factory);

public abstract class ReferralLifecycleTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _sender = factory.Caseworker(Agencies.SocialServicesEkstad, "sender-1");
    private readonly HttpClient _receiver = factory.Caseworker(Agencies.HealthcareEkstad, "receiver-1");
    private readonly HttpClient _outsider = factory.Caseworker(Agencies.PoliceEkstad, "outsider-1");

    private async Task<string> NewReferralAsync()
    {
        var opened = await _sender.OpenCaseAsync();
        var referral = await _sender.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad);
        return referral.Id();
    }

    private static async Task<JsonObject> ActAsync(HttpClient client, string referralId, string act, object? body, HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/referrals/{referralId}/{act}", body ?? new { }, ApiCalls.Json);
        return await response.ShouldBe(expected);
    }

    [Fact]
    public async Task A_referral_walks_from_requested_to_completed_and_every_step_is_on_the_timeline()
    {
        var opened = await _sender.OpenCaseAsync();
        var sent = await _sender.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad);
        Assert.Equal("requested", sent.Str("status"));
        var id = sent.Id();

        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("received", (await ActAsync(_receiver, id, "receive", null, HttpStatusCode.OK)).Str("status"));
        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("accepted", (await ActAsync(_receiver, id, "accept", null, HttpStatusCode.OK)).Str("status"));
        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var started = await ActAsync(_receiver, id, "start", null, HttpStatusCode.OK);
        Assert.Equal("in-progress", started.Str("status"));
        Assert.NotNull(started["firstContactAt"]);
        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var completed = await ActAsync(_receiver, id, "complete", new { outcome = "needs-met" }, HttpStatusCode.OK);
        Assert.Equal("completed", completed.Str("status"));
        Assert.Equal("needs-met", completed.Str("outcome"));
        Assert.Empty(completed["allowedActions"]!.AsArray());

        var timeline = await (await _sender.GetAsync($"/api/v1/cases/{opened.Id()}/timeline")).ShouldBe(HttpStatusCode.OK);
        var kinds = timeline["items"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(
            ["case.opened", "consent.given", "referral.requested", "referral.received", "referral.accepted", "referral.in-progress", "referral.completed"],
            kinds);
    }

    [Fact]
    public async Task A_received_referral_can_be_rejected_with_a_reason_and_a_suggested_agency()
    {
        var id = await NewReferralAsync();
        await ActAsync(_receiver, id, "receive", null, HttpStatusCode.OK);
        var rejected = await ActAsync(_receiver, id, "reject", new { reason = "No capacity this month.", suggestedAgencyId = Agencies.NgoEkstad }, HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.Str("status"));
        Assert.Equal(Agencies.NgoEkstad.ToString(), rejected.Str("suggestedAgencyId"));

        var asSeenBySender = await (await _sender.GetAsync($"/api/v1/referrals/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("No capacity this month.", asSeenBySender.Str("rejectionReason"));
    }

    [Fact]
    public async Task Rejecting_without_a_reason_is_a_400_and_changes_nothing()
    {
        var id = await NewReferralAsync();
        await ActAsync(_receiver, id, "receive", null, HttpStatusCode.OK);
        var response = await _receiver.PostAsJsonAsync($"/api/v1/referrals/{id}/reject", new { reason = "" }, ApiCalls.Json);
        var problem = await response.ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(problem["errors"]!["reason"]);
        var after = await (await _receiver.GetAsync($"/api/v1/referrals/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("received", after.Str("status"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("receive")]
    public async Task The_sender_can_cancel_a_referral_that_is_not_yet_answered(string before)
    {
        var id = await NewReferralAsync();
        foreach (var act in before.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            await ActAsync(_receiver, id, act, null, HttpStatusCode.OK);
        }

        var cancelled = await ActAsync(_sender, id, "cancel", new { reason = "The person moved." }, HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.Str("status"));
    }

    [Theory]
    [InlineData("receive,accept")]
    [InlineData("receive,accept,start")]
    public async Task An_accepted_or_started_referral_can_fail_with_a_reason(string before)
    {
        var id = await NewReferralAsync();
        foreach (var act in before.Split(','))
        {
            await ActAsync(_receiver, id, act, null, HttpStatusCode.OK);
        }

        var failed = await ActAsync(_receiver, id, "fail", new { reason = "lost-contact" }, HttpStatusCode.OK);
        Assert.Equal("failed", failed.Str("status"));
        Assert.Equal("lost-contact", failed.Str("failureReason"));
    }

    [Fact]
    public async Task An_illegal_transition_is_a_409_that_names_the_allowed_transitions_and_changes_nothing()
    {
        var id = await NewReferralAsync();
        var problem = await (await _receiver.PostAsJsonAsync($"/api/v1/referrals/{id}/accept", new { }, ApiCalls.Json))
            .ProblemShouldBe(HttpStatusCode.Conflict, "illegal-transition");
        Assert.Equal(["cancel", "receive"], problem["allowedTransitions"]!.AsArray().Select(x => x!.GetValue<string>()).Order());
        var after = await (await _receiver.GetAsync($"/api/v1/referrals/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("requested", after.Str("status"));
        Assert.Equal(1, after["version"]!.GetValue<int>());
    }

    public static TheoryData<string, string, object?> ReceiversActs => new()
    {
        { "receive", "requested", null },
        { "accept", "received", null },
        { "reject", "received", new { reason = "Not ours." } },
        { "start", "accepted", null },
        { "fail", "accepted", new { reason = "no-capacity" } },
        { "complete", "in-progress", new { outcome = "partly-met" } },
    };

    [Theory]
    [MemberData(nameof(ReceiversActs))]
    public async Task Only_the_receiving_agency_may_answer_and_a_refused_step_changes_nothing_but_the_access_log(string act, string reachedStatus, object? body)
    {
        var id = await NewReferralAsync();
        var path = new[] { "receive", "accept", "start" };
        foreach (var step in path.TakeWhile(_ => true))
        {
            var current = await (await _receiver.GetAsync($"/api/v1/referrals/{id}")).ShouldBe(HttpStatusCode.OK);
            if (current.Str("status") == reachedStatus)
            {
                break;
            }

            await ActAsync(_receiver, id, step, null, HttpStatusCode.OK);
        }

        var before = await (await _receiver.GetAsync($"/api/v1/referrals/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(reachedStatus, before.Str("status"));

        // The sending agency is party to the referral but may not answer it: 403.
        await (await _sender.PostAsJsonAsync($"/api/v1/referrals/{id}/{act}", body ?? new { }, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.Forbidden, "wrong-agency");

        // An agency that is not party to it does not learn that it exists: 404.
        await (await _outsider.PostAsJsonAsync($"/api/v1/referrals/{id}/{act}", body ?? new { }, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.NotFound, "not-found");

        var after = await (await _receiver.GetAsync($"/api/v1/referrals/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(before.Str("status"), after.Str("status"));
        Assert.Equal(before["version"]!.GetValue<int>(), after["version"]!.GetValue<int>());

        var referralId = Guid.Parse(id);
        var refused = await factory.Db(db => db.AccessLog.Where(e => e.ResourceId == referralId && e.Outcome == AccessOutcome.Refused && e.Action == "referral." + act)
            .Select(e => new { e.UserId, e.RefusalCode }).ToListAsync());
        Assert.Contains(refused, e => e.UserId == "sender-1" && e.RefusalCode == "wrong-agency");
        Assert.Contains(refused, e => e.UserId == "outsider-1" && e.RefusalCode == "not-found");

        // The legal actor still can: the refusals left the referral as it was.
        await ActAsync(_receiver, id, act, body, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_the_sending_agency_may_cancel()
    {
        var id = await NewReferralAsync();
        await (await _receiver.PostAsJsonAsync($"/api/v1/referrals/{id}/cancel", new { }, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.Forbidden, "wrong-agency");
        await (await _outsider.PostAsJsonAsync($"/api/v1/referrals/{id}/cancel", new { }, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.NotFound);
        var after = await (await _sender.GetAsync($"/api/v1/referrals/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("requested", after.Str("status"));
    }

    [Fact]
    public async Task A_stale_if_match_is_a_412_and_a_current_one_is_accepted()
    {
        var id = await NewReferralAsync();
        var first = await _receiver.GetAsync($"/api/v1/referrals/{id}");
        var etag = first.Headers.ETag!.Tag;
        Assert.Equal("\"1\"", etag);

        await ActAsync(_receiver, id, "receive", null, HttpStatusCode.OK);

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/referrals/{id}/accept") { Content = JsonContent.Create(new { }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await (await _receiver.SendAsync(stale)).ProblemShouldBe(HttpStatusCode.PreconditionFailed, "precondition-failed");

        using var current = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/referrals/{id}/accept") { Content = JsonContent.Create(new { }) };
        current.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        var accepted = await (await _receiver.SendAsync(current)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("accepted", accepted.Str("status"));
    }

    [Fact]
    public async Task Inbox_and_outbox_page_by_cursor_newest_first()
    {
        var lindholm = factory.Caseworker(Agencies.SocialServicesLindholm, "inbox-owner");
        var opened = await _sender.OpenCaseAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await _sender.SendReferralAsync(opened.Id(), Agencies.SocialServicesLindholm, need: "housing")).Id());
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await lindholm.GetAsync($"/api/v1/referrals?direction=incoming&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).ShouldBe(HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);

        var outbox = await (await lindholm.GetAsync("/api/v1/referrals?direction=outgoing")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(outbox["items"]!.AsArray());
    }
}
