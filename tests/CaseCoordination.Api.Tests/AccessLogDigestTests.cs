using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Audit;
using CaseCoordination.Infrastructure.AccessLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Digests kept by several instances in one folder: two that name the same entry and agree are fine,
/// two that disagree make the log invalid naming the entry, and a line that is not a digest makes it
/// invalid with the place in the reason — never a 500.
/// </summary>
public sealed class AccessLogDigestTests
{
    private static async Task<(ApiFactory Factory, HttpClient Auditor, string File, long Published)> PublishedOnceAsync()
    {
        var factory = new ApiFactory();
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, "digest-lead");
        await lead.SendReferralAsync((await lead.OpenCaseAsync()).Id(), Agencies.HealthcareEkstad);
        var published = await factory.Services.GetRequiredService<AccessLogDigestPublisher>().PublishIfMovedAsync(-1, CancellationToken.None);
        Assert.True(published > 2);
        var folder = Path.GetFullPath(factory.Services.GetRequiredService<IOptions<AccessLogOptions>>().Value.DigestDirectory);
        return (factory, factory.As("digest-auditor", "auditor", null, "*"), Assert.Single(Directory.GetFiles(folder, "access-log-digests*.ndjson")), published);
    }

    private static async Task<VerifyResult> VerifyAsync(HttpClient auditor)
    {
        var response = await auditor.GetAsync("/api/v1/audit/verify");
        await response.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<VerifyResult>(ApiCalls.Json))!;
    }

    [Fact]
    public async Task Two_instances_that_published_the_same_head_verify_and_a_copy_that_disagrees_names_the_entry()
    {
        var (factory, auditor, file, published) = await PublishedOnceAsync();
        using var _f = factory;
        // Another instance published the same head (as the probe reproduced it: a copy under another instance's name).
        var other = Path.Combine(Path.GetDirectoryName(file)!, "access-log-digests-other-host-4242.ndjson");
        File.Copy(file, other);

        var agreeing = await VerifyAsync(auditor);
        Assert.True(agreeing.Valid, agreeing.Reason);
        Assert.Equal(2, agreeing.DigestsChecked);

        var line = (await File.ReadAllTextAsync(other)).TrimEnd('\n');
        var hash = System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("hash").GetString()!;
        var otherHash = new string(hash.Select(c => c == '0' ? '1' : '0').ToArray());
        await File.WriteAllTextAsync(other, line.Replace(hash, otherHash, StringComparison.Ordinal) + "\n");

        var disagreeing = await VerifyAsync(auditor);
        Assert.False(disagreeing.Valid);
        Assert.Equal(published, disagreeing.FirstInvalidEntryId);
        Assert.Contains($"entry {published}", disagreeing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clock_moved_past_many_intervals_wakes_the_publisher_for_one_round_not_one_per_interval()
    {
        using var factory = new ApiFactory();
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, "digest-lead");
        await lead.OpenCaseAsync(); // the chain's head moved
        var cancellation = TestContext.Current.CancellationToken;
        var interval = TimeSpan.FromMinutes(15);
        var time = new FakeTimeProvider(factory.Clock.GetUtcNow());
        var clock = new CountingClock(time);
        var scopes = new CountingScopes(factory.Services.GetRequiredService<IServiceScopeFactory>());
        using var publisher = new AccessLogDigestPublisher(
            scopes, Options.Create(new AccessLogOptions { DigestInterval = interval }), clock, NullLogger<AccessLogDigestPublisher>.Instance);
        await publisher.StartAsync(cancellation);
        try
        {
            await clock.TimerMadeAsync(cancellation); // the publisher waits for its first interval

            time.Advance(interval * 1000); // ten days and more at once

            // Woken once (a periodic timer fired a thousand times), for one round that published the head once.
            Assert.Equal(1, clock.Fired);
            await clock.TimerMadeAsync(cancellation); // the round is over: it waits for the next interval
            Assert.Equal(1, scopes.Made);
            var folder = Path.GetFullPath(factory.Services.GetRequiredService<IOptions<AccessLogOptions>>().Value.DigestDirectory);
            Assert.Single(await File.ReadAllLinesAsync(Assert.Single(Directory.GetFiles(folder, "access-log-digests*.ndjson")), cancellation));
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A fake clock's time that counts how often its timers fire and says when a timer is made.</summary>
    private sealed class CountingClock(FakeTimeProvider time) : TimeProvider
    {
        private readonly Channel<bool> _made = Channel.CreateUnbounded<bool>();
        private int _fired;

        public int Fired => Volatile.Read(ref _fired);

        public override DateTimeOffset GetUtcNow() => time.GetUtcNow();

        public override long GetTimestamp() => time.GetTimestamp();

        public override long TimestampFrequency => time.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = time.CreateTimer(s =>
            {
                Interlocked.Increment(ref _fired);
                callback(s);
            }, state, dueTime, period);
            _ = _made.Writer.TryWrite(true);
            return timer;
        }

        /// <summary>Waits until the next timer (in order) has been made.</summary>
        public async Task TimerMadeAsync(CancellationToken cancellationToken) => await _made.Reader.ReadAsync(cancellationToken);
    }

    /// <summary>Counts the scopes made: the publisher makes one per round.</summary>
    private sealed class CountingScopes(IServiceScopeFactory inner) : IServiceScopeFactory
    {
        private int _made;

        public int Made => Volatile.Read(ref _made);

        public IServiceScope CreateScope()
        {
            Interlocked.Increment(ref _made);
            return inner.CreateScope();
        }
    }

    public static TheoryData<string> NotDigests => new()
    {
        "not json at all",
        """{"lastEntryId":3,"hash":"ab""",
        "[]",
        "42",
        """{"hash":"abcd","at":"2026-03-02T09:00:00.0000000+00:00"}""",
        """{"lastEntryId":3,"at":"2026-03-02T09:00:00.0000000+00:00"}""",
        """{"lastEntryId":3,"hash":"abcd"}""",
        """{"lastEntryId":"3","hash":"abcd","at":"2026-03-02T09:00:00.0000000+00:00"}""",
        """{"lastEntryId":3.5,"hash":"abcd","at":"2026-03-02T09:00:00.0000000+00:00"}""",
        """{"lastEntryId":3,"hash":null,"at":"2026-03-02T09:00:00.0000000+00:00"}""",
        """{"lastEntryId":3,"hash":"abcd","at":"yesterday"}""",
    };

    [Theory]
    [MemberData(nameof(NotDigests))]
    public async Task A_line_that_is_not_a_digest_makes_the_log_invalid_with_its_place_as_the_reason(string line)
    {
        var (factory, auditor, file, _) = await PublishedOnceAsync();
        using var _f = factory;
        await File.AppendAllTextAsync(file, line + "\n");

        var result = await VerifyAsync(auditor);

        Assert.False(result.Valid);
        Assert.Null(result.FirstInvalidEntryId);
        Assert.Contains($"Line 2 of the digest file '{Path.GetFileName(file)}'", result.Reason, StringComparison.Ordinal);
    }
}
