using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Audit;
using CaseCoordination.Infrastructure.AccessLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
