using System.Diagnostics;
using System.Net;
using CaseCoordination.Api.Tests.Support;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// The harness for tests with several API processes (<see cref="ApiProcess"/>), checked on the
/// embedded SQLite file so that it runs on every machine: the built API serves as its own process,
/// a start that fails says why, and disposing ends the process.
/// </summary>
public sealed class ApiProcessTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casecoordination-tests", "process-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_built_api_serves_as_its_own_process_until_disposed()
    {
        var api = await ApiProcess.StartAsync("sqlite-instance", SqliteSettings(), TestContext.Current.CancellationToken);
        int pid;
        await using (api)
        {
            pid = api.ProcessId;
            Assert.NotEqual(Environment.ProcessId, pid);

            using var caseworker = api.Caseworker(Agencies.SocialServicesEkstad);
            var opened = await caseworker.OpenCaseAsync();
            var read = await (await caseworker.GetAsync($"/api/v1/cases/{opened.Id()}", TestContext.Current.CancellationToken)).ShouldBe(HttpStatusCode.OK);
            Assert.Equal(opened.Id(), read.Id());

            // A token the instance did not sign is refused there as in process: the keys are the test's own.
            using var stranger = new HttpClient { BaseAddress = api.BaseAddress };
            stranger.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
            await (await stranger.GetAsync("/api/v1/cases", TestContext.Current.CancellationToken)).ProblemShouldBe(HttpStatusCode.Unauthorized);
        }

        Assert.True(api.HasExited);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
        using var after = new HttpClient { BaseAddress = api.BaseAddress };
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync("/health/live", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_start_that_fails_says_why_with_the_process_output()
    {
        var settings = SqliteSettings();
        settings["Database:Provider"] = "NoSuchDatabase";

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ApiProcess.StartAsync("broken-instance", settings, TestContext.Current.CancellationToken));

        Assert.Contains("broken-instance", failure.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code", failure.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchDatabase", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private Dictionary<string, string?> SqliteSettings()
    {
        var settings = ApiProcess.CommonSettings(Path.Combine(_folder, "keys"));
        settings["Database:Provider"] = "Sqlite";
        settings["ConnectionStrings:CaseCoordination"] = $"Data Source={Path.Combine(_folder, "api.db")}";
        settings["AccessLog:DigestDirectory"] = Path.Combine(_folder, "digests");
        return settings;
    }
}
