using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Idempotency;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>A factory of its own: these tests move the clock past leases.</summary>
public sealed class IdempotencyLeaseFactory : ApiFactory
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Idempotency:LeaseFor"] = "00:00:30" };
}

/// <summary>
/// An Idempotency-Key in flight when its process stopped (issue 13, item 7; ADR 0018): once its lease has
/// run out, a retry with the same key and body either gets the committed act's answer or runs the act —
/// never both, never twice.
/// </summary>
public sealed class IdempotencyLeaseTests(IdempotencyLeaseFactory factory) : IClassFixture<IdempotencyLeaseFactory>
{
    private const string User = "lease-caseworker";
    private readonly HttpClient _client = factory.Caseworker(Agencies.SocialServicesEkstad, User);

    private static byte[] Json(object body) => JsonSerializer.SerializeToUtf8Bytes(body, ApiCalls.Json);

    private Task<HttpResponseMessage> Post(string path, byte[] body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return _client.SendAsync(request);
    }

    /// <summary>
    /// A request that claimed the key and then died with its process, before its act committed: the key
    /// is claimed exactly as the middleware claims it (scoped to the caller, hash of method, path and body).
    /// </summary>
    private async Task<IdempotencyBegin> ClaimAsIfCrashed(string path, byte[] body, string key)
    {
        var hash = Hex([.. Encoding.UTF8.GetBytes($"POST {path}\n"), .. body]);
        var begin = await factory.Services.GetRequiredService<IIdempotencyStore>().BeginAsync(Scoped(key), hash, CancellationToken.None);
        Assert.Equal(IdempotencyStart.Started, begin.Outcome);
        return begin;
    }

    /// <summary>The key as the middleware stores it: scoped to the caller's user and agency.</summary>
    private static string Scoped(string key) => Hex(Encoding.UTF8.GetBytes($"{User}\n{Agencies.SocialServicesEkstad}\n{key}"));

    private static string Hex(byte[] value) => Convert.ToHexStringLower(SHA256.HashData(value));

    /// <summary>The process stopped after the act committed and before its answer was stored.</summary>
    private Task<int> ForgetAnswer(string key) => factory.Db(db => db.IdempotencyKeys.Where(r => r.Key == Scoped(key))
        .ExecuteUpdateAsync(s => s.SetProperty(r => r.Completed, false).SetProperty(r => r.StatusCode, 0).SetProperty(r => r.Body, (byte[]?)null)
            .SetProperty(r => r.Location, (string?)null).SetProperty(r => r.ETag, (string?)null)));

    private Task<int> Cases() => factory.Db(db => db.Cases.CountAsync());

    [Fact]
    public async Task A_key_whose_request_died_before_its_commit_is_in_progress_for_the_lease_then_the_retry_runs_the_act_once()
    {
        var key = Guid.NewGuid().ToString();
        var body = Json(ApiCalls.NewCase(name: "Lease crashed before commit"));
        await ClaimAsIfCrashed("/api/v1/cases", body, key);
        var before = await Cases();

        await (await Post("/api/v1/cases", body, key)).ProblemShouldBe(HttpStatusCode.Conflict, "idempotency-key-in-progress");
        factory.Clock.Advance(IdempotencyLeaseFactory.Lease - TimeSpan.FromSeconds(1));
        await (await Post("/api/v1/cases", body, key)).ProblemShouldBe(HttpStatusCode.Conflict, "idempotency-key-in-progress");
        Assert.Equal(before, await Cases());

        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var retried = await Post("/api/v1/cases", body, key);
        var opened = await retried.ShouldBe(HttpStatusCode.Created);
        Assert.Equal(before + 1, await Cases());

        // From now on the key answers as any answered key: the same answer, nothing run again.
        var again = await Post("/api/v1/cases", body, key);
        Assert.Equal(opened.ToJsonString(), (await again.ShouldBe(HttpStatusCode.Created)).ToJsonString());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(before + 1, await Cases());
    }

    [Fact]
    public async Task An_act_that_committed_but_whose_answer_was_lost_is_not_run_again_the_retry_gets_its_answer()
    {
        var opened = await _client.OpenCaseAsync();
        await _client.GiveConsentAsync(opened.Id(), Agencies.HealthcareEkstad);
        var acts = new (string Path, object Body)[]
        {
            ("/api/v1/cases", ApiCalls.NewCase(name: "Lease answer lost")),
            ($"/api/v1/cases/{opened.Id()}/referrals", new { toAgencyId = Agencies.HealthcareEkstad, need = "trauma-support", urgency = "urgent" }),
            ($"/api/v1/cases/{opened.Id()}/close", new { outcome = "moved-away", justification = "Moved abroad with open referrals, lead informed." }),
        };

        foreach (var (path, request) in acts)
        {
            var key = Guid.NewGuid().ToString();
            var body = Json(request);
            var first = await Post(path, body, key);
            Assert.True(first.IsSuccessStatusCode, $"{path}: {(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
            var firstBody = await first.Content.ReadAsStringAsync();
            var counts = await Counts();
            var act = await LastEntry();

            Assert.Equal(1, await ForgetAnswer(key));

            await (await Post(path, body, key)).ProblemShouldBe(HttpStatusCode.Conflict, "idempotency-key-in-progress");
            factory.Clock.Advance(IdempotencyLeaseFactory.Lease + TimeSpan.FromSeconds(1));

            var retried = await Post(path, body, key);
            Assert.Equal(first.StatusCode, retried.StatusCode);
            Assert.Equal(firstBody, await retried.Content.ReadAsStringAsync());
            Assert.Equal(first.Headers.Location, retried.Headers.Location);
            Assert.Equal(first.Headers.ETag, retried.Headers.ETag);
            Assert.True(retried.Headers.Contains("Idempotent-Replayed"), path);
            Assert.Equal(counts, await Counts());

            // The recovered answer is logged as a read of what the act touched, like any replay.
            ReplayAssert.NamesTheAct(act, await LastEntry());
            Assert.NotNull(act.CaseId);

            // The recovered answer is stored: the next retry is a plain replay.
            var again = await Post(path, body, key);
            Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
            Assert.Equal(counts, await Counts());
        }
    }

    private Task<AccessLogEntry> LastEntry() => ReplayAssert.LastEntryOf(factory, User);

    /// <summary>Cases, referrals and timeline events: what an act that ran twice would have doubled.</summary>
    private Task<(int, int, int)> Counts() => factory.Db(async db => (await db.Cases.CountAsync(), await db.Referrals.CountAsync(), await db.Timeline.CountAsync()));

    [Fact]
    public async Task Retries_at_once_after_the_lease_run_the_act_once()
    {
        var key = Guid.NewGuid().ToString();
        var body = Json(ApiCalls.NewCase(name: "Lease concurrent retries"));
        await ClaimAsIfCrashed("/api/v1/cases", body, key);
        var before = await Cases();
        factory.Clock.Advance(IdempotencyLeaseFactory.Lease + TimeSpan.FromSeconds(1));

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Post("/api/v1/cases", body, key))));
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        Assert.Single(created.Select(a => a.Headers.Location).Distinct());
        Assert.Equal(before + 1, await Cases());
    }

    [Fact]
    public async Task Retries_at_once_after_the_lease_of_a_committed_act_run_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var body = Json(ApiCalls.NewCase(name: "Lease concurrent recoveries"));
        var first = await Post("/api/v1/cases", body, key);
        await first.ShouldBe(HttpStatusCode.Created);
        Assert.Equal(1, await ForgetAnswer(key));
        var before = await Cases();
        factory.Clock.Advance(IdempotencyLeaseFactory.Lease + TimeSpan.FromSeconds(1));

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Post("/api/v1/cases", body, key))));
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.Created), a => Assert.Equal(first.Headers.Location, a.Headers.Location));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Equal(before, await Cases());
    }

    /// <summary>
    /// A request merely slower than its lease, whose key another request took over and used: when it
    /// reaches its commit, the mark under its old lease fails and its act is rolled back whole.
    /// </summary>
    [Fact]
    public async Task A_request_that_outlived_its_lease_cannot_commit_once_another_took_its_key_over()
    {
        var key = Guid.NewGuid().ToString();
        var body = Json(ApiCalls.NewCase(name: "Lease slow request"));
        var slow = await ClaimAsIfCrashed("/api/v1/cases", body, key);
        factory.Clock.Advance(IdempotencyLeaseFactory.Lease + TimeSpan.FromSeconds(1));
        await (await Post("/api/v1/cases", body, key)).ShouldBe(HttpStatusCode.Created);

        // The slow request's act reaches its commit now, under the lease it claimed the key with.
        var committed = await CommitProbeAsync(Scoped(key), slow.LeaseToken, "lease.slow-probe");
        Assert.IsType<ConcurrencyConflictException>(committed);
        Assert.Equal(0, await factory.Db(db => db.AccessLog.CountAsync(e => e.Action == "lease.slow-probe")));

        // Under a lease it still holds, the same commit writes the act and marks the key, with the result encrypted.
        var other = Guid.NewGuid().ToString();
        var held = await ClaimAsIfCrashed("/api/v1/cases", Json(ApiCalls.NewCase(name: "Lease held")), other);
        Assert.Null(await CommitProbeAsync(Scoped(other), held.LeaseToken, "lease.held-probe"));
        Assert.Equal(1, await factory.Db(db => db.AccessLog.CountAsync(e => e.Action == "lease.held-probe")));
        var row = await factory.Db(db => db.IdempotencyKeys.AsNoTracking().SingleAsync(r => r.Key == Scoped(other)));
        Assert.True(row.Committed);
        Assert.DoesNotContain("Secret probe name", Encoding.UTF8.GetString(row.Result!), StringComparison.Ordinal);
    }

    /// <summary>An act (one access-log entry) saved by a request that holds <paramref name="scopedKey"/> under <paramref name="lease"/>; the exception it failed with, or null.</summary>
    private async Task<Exception?> CommitProbeAsync(string scopedKey, Guid lease, string action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var idempotency = scope.ServiceProvider.GetRequiredService<IdempotencyContext>();
        idempotency.Hold(scopedKey, lease);
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        unitOfWork.AppendToAccessLog([new AccessLogEntry(factory.Clock.GetUtcNow(), User, Agencies.SocialServicesEkstad, Role.Caseworker, null, action, "case", Guid.NewGuid(), null, null, AccessOutcome.Allowed, null, null)]);
        idempotency.ActSucceeded(new { name = "Secret probe name" });
        return await Record.ExceptionAsync(() => unitOfWork.CommitAsync(CancellationToken.None));
    }
}
