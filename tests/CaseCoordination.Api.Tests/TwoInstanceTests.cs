using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Audit;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;
using CaseCoordination.Infrastructure.AccessLog;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>Two API processes over one PostgreSQL database (skipped, with the reason, where none is available).</summary>
public sealed class TwoInstanceTestsOnPostgreSql(TwoInstancesOnPostgreSql instances) : TwoInstanceTestsBase<TwoInstancesOnPostgreSql>(instances);

/// <summary>The same over one SQL Server database (skipped, with the reason, where none is available).</summary>
public sealed class TwoInstanceTestsOnSqlServer(TwoInstancesOnSqlServer instances) : TwoInstanceTestsBase<TwoInstancesOnSqlServer>(instances);

/// <summary>
/// Several API instances at once, as production runs them: two real processes (<see cref="ApiProcess"/>)
/// over one server database, each request sent to either. Under concurrent load from both, the access
/// log stays one chain (ids without a gap, each hash over its predecessor's: no fork), an
/// Idempotency-Key is honoured across instances, a raced lead change has one winner, no request is
/// answered with a 5xx, and the digests both publish agree with the chain.
/// </summary>
public abstract class TwoInstanceTestsBase<TInstances>(TInstances instances) : IClassFixture<TInstances>
    where TInstances : TwoInstances
{
    /// <summary>A guard against a run that hangs, not a measurement: how long a digest may take to appear at a one-second interval.</summary>
    private static readonly TimeSpan DigestGuard = TimeSpan.FromMinutes(2);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Under_load_from_both_instances_the_access_log_stays_one_chain_and_the_digests_agree()
    {
        instances.SkipWithoutServer();
        const int ClientsPerInstance = 6;
        const int Rounds = 3;
        var before = (await instances.ChainAsync()).Entries.Count;
        var answers = new ConcurrentBag<Answer>();

        // Each client works on its own instance and reads what it wrote on the other one: the other
        // process decrypts the identity the first encrypted (shared key ring) and sees the same rows.
        var clients = Enumerable.Range(0, ClientsPerInstance).SelectMany(i => new[] { (Home: instances.A, Other: instances.B, User: $"a-{i}"), (Home: instances.B, Other: instances.A, User: $"b-{i}") });
        await Task.WhenAll(clients.Select(c => Task.Run(() => WorkAsync(c.Home, c.Other, c.User, Rounds, answers), Cancel)));

        AssertNoServerErrors(answers);
        Assert.All(answers, a => Assert.True(a.Expected, $"{a}\n{instances.Outputs()}"));

        // Every request wrote exactly one entry, whichever instance served it: none lost, none doubled.
        var (entries, head) = await instances.ChainAsync();
        AssertOneChain(entries, head);
        Assert.Equal(before + answers.Count, entries.Count);

        // Both instances publish the head on their own; every digest either wrote names an entry of the
        // chain with that entry's hash. Each instance's verification reads its own digests.
        var newest = head.LastEntryId;
        var digestsA = await DigestsNamingAtLeastAsync(instances.DigestsOfA, newest);
        var digestsB = await DigestsNamingAtLeastAsync(instances.DigestsOfB, newest);
        (entries, head) = await instances.ChainAsync();
        AssertOneChain(entries, head);
        foreach (var (folder, digests) in new[] { (instances.DigestsOfA, digestsA), (instances.DigestsOfB, digestsB) })
        {
            Assert.NotEmpty(digests);
            Assert.All(digests, d => Assert.True(
                d.LastEntryId <= entries.Count && entries[(int)d.LastEntryId - 1].Hash == d.Hash,
                $"The digest in {folder} naming entry {d.LastEntryId} ({d.Hash}) does not match the chain."));
        }

        foreach (var instance in new[] { instances.A, instances.B })
        {
            using var auditor = instance.As("auditor-99", "auditor", null, "99");
            var verified = (await (await auditor.GetAsync("/api/v1/audit/verify", Cancel)).Content.ReadFromJsonAsync<VerifyResult>(ApiCalls.Json, Cancel))!;
            Assert.True(verified.Valid, instance.Describe($"verify: {verified.Reason} at {verified.FirstInvalidEntryId}"));
            Assert.True(verified.DigestsChecked > 0, instance.Describe("verify checked no digest"));
            Assert.True(verified.VerifiedEntries >= entries.Count);
        }
    }

    [Fact]
    public async Task An_idempotency_key_sent_to_one_instance_is_answered_from_the_store_by_the_other()
    {
        instances.SkipWithoutServer();
        var key = $"replay-{Guid.NewGuid():N}";
        var body = ApiCalls.NewCase(name: "Alias Replay");
        using var onA = instances.A.Caseworker(Agencies.SocialServicesEkstad, "idempotent-cw");
        using var onB = instances.B.Caseworker(Agencies.SocialServicesEkstad, "idempotent-cw");

        var first = await onA.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", body, idempotencyKey: key);
        var created = await first.ShouldBe(HttpStatusCode.Created);
        var cases = await CountCasesAsync();

        var replay = await onB.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", body, idempotencyKey: key);
        var replayed = await replay.ShouldBe(HttpStatusCode.Created);
        Assert.Equal("true", replay.Headers.TryGetValues("Idempotent-Replayed", out var values) ? values.Single() : null);
        Assert.Equal(created.ToJsonString(), replayed.ToJsonString());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal(first.Headers.ETag, replay.Headers.ETag);
        Assert.Equal(cases, await CountCasesAsync());

        // The same key with another body is refused on either instance, and creates nothing.
        await (await onB.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", ApiCalls.NewCase(name: "Alias Other"), idempotencyKey: key)).ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(cases, await CountCasesAsync());
        await AssertChainAsync();
    }

    [Fact]
    public async Task One_idempotency_key_raced_on_both_instances_creates_one_case()
    {
        instances.SkipWithoutServer();
        var key = $"race-{Guid.NewGuid():N}";
        var body = ApiCalls.NewCase(name: "Alias Race");
        var cases = await CountCasesAsync();
        var clients = Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? instances.A : instances.B).Caseworker(Agencies.SocialServicesEkstad, "racing-cw")).ToList();

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = clients.Select(async c =>
        {
            await gate.Task;
            var response = await c.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", body, idempotencyKey: key);
            return (Status: (int)response.StatusCode, Replayed: response.Headers.Contains("Idempotent-Replayed"), Body: await response.Content.ReadAsStringAsync(Cancel));
        }).ToList();
        gate.SetResult();
        var answers = await Task.WhenAll(racing);

        // One ran; the others got its answer or were told that it was running: never a second case.
        Assert.All(answers, a => Assert.True(a.Status is 201 or 409, $"{a.Status}: {a.Body}\n{instances.Outputs()}"));
        Assert.All(answers.Where(a => a.Status == 409), a => Assert.Contains("idempotency-key-in-progress", a.Body, StringComparison.Ordinal));
        var created = answers.Where(a => a.Status == 201).ToList();
        Assert.Single(created, a => !a.Replayed);
        Assert.Single(created.Select(a => JsonNode.Parse(a.Body)!["id"]!.GetValue<string>()).Distinct());
        Assert.Equal(cases + 1, await CountCasesAsync());

        // Afterwards both instances answer the stored answer.
        foreach (var client in clients.Take(2))
        {
            var again = await (await client.SendJsonAsync(HttpMethod.Post, "/api/v1/cases", body, idempotencyKey: key)).ShouldBe(HttpStatusCode.Created);
            Assert.Equal(JsonNode.Parse(created[0].Body)!["id"]!.GetValue<string>(), again.Id());
        }

        Assert.Equal(cases + 1, await CountCasesAsync());
        clients.ForEach(c => c.Dispose());
        await AssertChainAsync();
    }

    [Fact]
    public async Task A_lead_change_raced_from_both_instances_has_one_winner_and_no_server_error()
    {
        instances.SkipWithoutServer();
        using var lead = instances.A.Caseworker(Agencies.SocialServicesEkstad, "lead-cw");
        using var admin = instances.A.As("admin", "admin", null, null);

        // Case 1: its lead proposes a handover to healthcare; the proposal's accepts race on both
        // instances against coordinators proposing another lead with the ETag read before.
        var handed = await lead.OpenCaseAsync();
        await lead.GiveConsentAsync(handed.Id(), Agencies.HealthcareEkstad);
        await lead.GiveConsentAsync(handed.Id(), Agencies.NgoEkstad);
        var handedPath = $"/api/v1/cases/{handed.Id()}";
        var proposed = await (await lead.SendJsonAsync(HttpMethod.Post, $"{handedPath}/lead-handovers", new { toAgencyId = Agencies.HealthcareEkstad, reason = "Better placed." }, await lead.ETagOfAsync(handedPath)))
            .ShouldBe(HttpStatusCode.Created);
        var handedETag = await lead.ETagOfAsync(handedPath);

        // Case 2: its lead left the cooperation, so it has none; coordinators on both instances assign
        // one with the same If-Match.
        var leaving = await (await admin.SendJsonAsync(HttpMethod.Post, "/api/v1/agencies", new { name = "Tillfällig jour", kind = "ngo", regionCode = "99", municipalityCode = "9901", needs = new[] { "shelter" } }))
            .ShouldBe(HttpStatusCode.Created);
        using var temporary = instances.B.Caseworker(Guid.Parse(leaving.Id()), "temp-cw");
        var orphan = await temporary.OpenCaseAsync();
        await temporary.GiveConsentAsync(orphan.Id(), Agencies.SocialServicesEkstad);
        await temporary.GiveConsentAsync(orphan.Id(), Agencies.HealthcareEkstad);
        await (await admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/agencies/{leaving.Id()}", new { name = "Tillfällig jour", kind = "ngo", regionCode = "99", municipalityCode = "9901", needs = new[] { "shelter" }, active = false }))
            .ShouldBe(HttpStatusCode.OK);
        var orphanId = Guid.Parse(orphan.Id());
        var orphanVersion = await instances.Db(db => db.Cases.Where(c => c.Id == orphanId).Select(c => new { c.LeadAgencyId, c.Version }).SingleAsync(Cancel));
        Assert.Null(orphanVersion.LeadAgencyId);
        var orphanPath = $"/api/v1/cases/{orphan.Id()}";

        var acts = new List<(string What, Func<Task<HttpResponseMessage>> Send)>();
        foreach (var (instance, n) in new[] { (instances.A, "a"), (instances.B, "b") }.SelectMany(x => Enumerable.Range(0, 3).Select(i => (x.Item1, $"{x.Item2}{i}"))))
        {
            var next = instance.Caseworker(Agencies.HealthcareEkstad, $"next-cw-{n}");
            var coordinator = instance.As($"coord-{n}", "coordinator", null, "99");
            var assignTo = n.EndsWith('0') ? Agencies.SocialServicesEkstad : Agencies.HealthcareEkstad;
            acts.Add(($"accept on {instance.Name}", () => next.SendJsonAsync(HttpMethod.Post, $"/api/v1/lead-handovers/{proposed.Id()}/accept", null)));
            acts.Add(($"propose on {instance.Name}", () => coordinator.SendJsonAsync(HttpMethod.Post, $"{handedPath}/lead-handovers", new { toAgencyId = Agencies.NgoEkstad, reason = "Coordinator's choice." }, handedETag)));
            acts.Add(($"assign {assignTo} on {instance.Name}", () => coordinator.SendJsonAsync(HttpMethod.Put, $"{orphanPath}/lead", new { agencyId = assignTo }, $"\"{orphanVersion.Version}\"")));
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = acts.Select(async act =>
        {
            await gate.Task;
            using var response = await act.Send();
            return new Answer(act.What, (int)response.StatusCode, await response.Content.ReadAsStringAsync(Cancel), Expected: true);
        }).ToList();
        gate.SetResult();
        var answers = await Task.WhenAll(racing);

        AssertNoServerErrors(answers);
        var accepts = answers.Where(a => a.Call.StartsWith("accept", StringComparison.Ordinal)).ToList();
        var proposals = answers.Where(a => a.Call.StartsWith("propose", StringComparison.Ordinal)).ToList();
        var assignments = answers.Where(a => a.Call.StartsWith("assign", StringComparison.Ordinal)).ToList();
        var report = string.Join('\n', answers.Select(a => a.ToString()));

        // Case 1: one accept won; the other accepts and every competing proposal lost with 409 or 412.
        Assert.True(accepts.Count(a => a.Status == 200) == 1, report);
        Assert.True(proposals.All(a => a.Status is 409 or 412), report);
        Assert.True(accepts.Where(a => a.Status != 200).All(a => a.Status is 409 or 412), report);
        using var newLead = instances.B.Caseworker(Agencies.HealthcareEkstad, "next-cw-check");
        var handedNow = await (await newLead.GetAsync(handedPath, Cancel)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Agencies.HealthcareEkstad.ToString(), handedNow.Str("leadAgencyId"));

        // Case 2: one assignment won; the rest lost with 409 or 412; the lead is the winner's agency.
        var won = assignments.Where(a => a.Status == 200).ToList();
        Assert.True(won.Count == 1, report);
        Assert.True(assignments.Where(a => a.Status != 200).All(a => a.Status is 409 or 412), report);
        var orphanNow = await instances.Db(db => db.Cases.Where(c => c.Id == orphanId).Select(c => c.LeadAgencyId).SingleAsync(Cancel));
        Assert.Equal(JsonNode.Parse(won[0].Body)!["leadAgencyId"]!.GetValue<string>(), orphanNow?.ToString());

        // One lead change each on the timeline: the losers left nothing behind.
        foreach (var (caseId, kind) in new[] { (Guid.Parse(handed.Id()), "lead.accepted"), (orphanId, "lead.assigned") })
        {
            var changes = await instances.Db(db => db.Timeline.CountAsync(t => t.CaseId == caseId && t.Kind == kind, Cancel));
            Assert.Equal(1, changes);
        }

        await AssertChainAsync();
    }

    [Fact]
    public void The_chain_check_finds_a_gap_and_a_fork()
    {
        // The same check as the tests above use, on chains broken on purpose: it must be able to fail.
        var chain = Sealed(3, AccessLogEntry.GenesisHash);
        var head = new AccessLogChainHead { LastEntryId = 3, LastHash = chain[^1].Hash };
        Assert.Empty(ChainProblems(chain, head));

        var gap = new List<AccessLogEntry> { chain[0], chain[2] };
        Assert.Contains(ChainProblems(gap, head), p => p.Contains("entry 2", StringComparison.Ordinal));

        // A fork: the third entry hashed over the first entry's hash, as a second writer that read a stale head would.
        var fork = new List<AccessLogEntry> { chain[0], chain[1], Sealed(1, chain[0].Hash, firstId: 3)[0] };
        Assert.Contains(ChainProblems(fork, new AccessLogChainHead { LastEntryId = 3, LastHash = fork[^1].Hash }), p => p.Contains("fork", StringComparison.Ordinal));

        Assert.Contains(ChainProblems(chain, new AccessLogChainHead { LastEntryId = 2, LastHash = chain[1].Hash }), p => p.Contains("head", StringComparison.Ordinal));
    }

    /// <summary>What breaks the chain as stored: a missing or extra id, an entry whose hash is not over its predecessor's (a fork), a head that is not the last entry.</summary>
    internal static List<string> ChainProblems(IReadOnlyList<AccessLogEntry> entries, AccessLogChainHead head)
    {
        var problems = new List<string>();
        var previous = AccessLogEntry.GenesisHash;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Id != i + 1)
            {
                problems.Add($"Ids are not contiguous: entry {i + 1} is missing (found {entry.Id} in its place).");
                break;
            }

            if (entry.ComputeHash(previous) != entry.Hash)
            {
                problems.Add($"Entry {entry.Id} is not hashed over entry {entry.Id - 1}'s hash: a fork or a changed entry.");
            }

            previous = entry.Hash;
        }

        if (head.LastEntryId != entries.Count || head.LastHash != previous)
        {
            problems.Add($"The head names entry {head.LastEntryId} ({head.LastHash}), the chain ends at {entries.Count} ({previous}).");
        }

        return problems;
    }

    private static void AssertOneChain(IReadOnlyList<AccessLogEntry> entries, AccessLogChainHead head)
    {
        var problems = ChainProblems(entries, head);
        Assert.True(problems.Count == 0, string.Join('\n', problems.Take(10)));
    }

    private async Task AssertChainAsync()
    {
        var (entries, head) = await instances.ChainAsync();
        AssertOneChain(entries, head);
    }

    private static List<AccessLogEntry> Sealed(int count, string previousHash, int firstId = 1)
    {
        var entries = new List<AccessLogEntry>();
        for (var i = 0; i < count; i++)
        {
            var entry = new AccessLogEntry(new DateTimeOffset(2026, 3, 2, 9, 0, i, TimeSpan.Zero), "user", null, Role.Auditor, null, "audit.verify", "access-log", null, null, null, AccessOutcome.Allowed, null, null);
            entry.Seal(firstId + i, previousHash);
            previousHash = entry.Hash;
            entries.Add(entry);
        }

        return entries;
    }

    private static async Task WorkAsync(ApiProcess home, ApiProcess other, string user, int rounds, ConcurrentBag<Answer> answers)
    {
        using var here = home.Caseworker(Agencies.SocialServicesEkstad, user);
        using var there = other.Caseworker(Agencies.SocialServicesEkstad, user);
        using var receiver = other.Caseworker(Agencies.HealthcareEkstad, user + "-receiver");
        for (var round = 0; round < rounds; round++)
        {
            var name = $"Alias {user} {round}";
            var opened = await Call(answers, $"open on {home.Name}", 201, () => here.PostAsJsonAsync("/api/v1/cases", ApiCalls.NewCase(name: name), ApiCalls.Json, Cancel));
            if (opened?["id"]?.GetValue<string>() is not { } caseId)
            {
                continue;
            }

            var read = await Call(answers, $"read on {other.Name}", 200, () => there.GetAsync($"/api/v1/cases/{caseId}", Cancel));
            if (read?["person"]?["name"]?.GetValue<string>() != name)
            {
                answers.Add(new Answer($"read on {other.Name}", 200, $"the name read is not the name written: {read?.ToJsonString()}", Expected: false));
            }

            await Call(answers, $"consent on {home.Name}", 201, () => here.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new
            {
                recipientAgencyId = Agencies.HealthcareEkstad, categories = new[] { "coordination" }, purpose = "Coordinated support", method = "written", givenBy = "person",
            }, ApiCalls.Json, Cancel));
            var sent = await Call(answers, $"send on {other.Name}", 201, () => there.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new
            {
                toAgencyId = Agencies.HealthcareEkstad, need = "trauma-support", urgency = "urgent", sharedCategories = new[] { "coordination" }, message = "Please contact the person this week.",
            }, ApiCalls.Json, Cancel));
            if (sent?["id"]?.GetValue<string>() is { } referralId)
            {
                await Call(answers, $"receive on {other.Name}", 200, () => receiver.PostAsync($"/api/v1/referrals/{referralId}/receive", null, Cancel));
                await Call(answers, $"read referral on {home.Name}", 200, () => here.GetAsync($"/api/v1/referrals/{referralId}", Cancel));
            }
        }
    }

    private static async Task<JsonObject?> Call(ConcurrentBag<Answer> answers, string what, int expected, Func<Task<HttpResponseMessage>> send)
    {
        using var response = await send();
        var text = await response.Content.ReadAsStringAsync(Cancel);
        var status = (int)response.StatusCode;
        answers.Add(new Answer(what, status, text, status == expected));
        return status == expected && text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
    }

    private void AssertNoServerErrors(IEnumerable<Answer> answers)
    {
        var errors = answers.Where(a => a.Status >= 500).ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} answers were server errors:\n{string.Join('\n', errors.Take(10))}\n{instances.Outputs()}");
    }

    private Task<int> CountCasesAsync() => instances.Db(db => db.Cases.CountAsync(Cancel));

    /// <summary>Waits until the folder holds a digest naming at least entry <paramref name="entryId"/> (published every second), then returns them all.</summary>
    private async Task<List<(long LastEntryId, string Hash)>> DigestsNamingAtLeastAsync(string folder, long entryId)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        guard.CancelAfter(DigestGuard);
        while (true)
        {
            // Complete lines only: the publisher may be appending the next one while this reads.
            var digests = Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, "*.ndjson").SelectMany(f => File.ReadAllText(f).Split('\n').SkipLast(1)).Where(l => l.Length > 0)
                    .Select(l => JsonDocument.Parse(l).RootElement).Select(e => (e.GetProperty("lastEntryId").GetInt64(), e.GetProperty("hash").GetString()!)).ToList()
                : [];
            if (digests.Any(d => d.Item1 >= entryId))
            {
                return digests;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), guard.Token);
            }
            catch (OperationCanceledException) when (!Cancel.IsCancellationRequested)
            {
                Assert.Fail($"No digest naming entry {entryId} or later appeared in {folder} within {DigestGuard}.\n{instances.Outputs()}");
            }
        }
    }

    private sealed record Answer(string Call, int Status, string Body, bool Expected)
    {
        public override string ToString() => $"{Call}: {Status} {(Body.Length > 300 ? Body[..300] : Body)}";
    }
}
