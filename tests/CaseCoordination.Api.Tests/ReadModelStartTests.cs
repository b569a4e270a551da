using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// The read models are rebuilt at start when they were computed with other windows or another revision of
/// their definitions (an upgrade that changes a definition), and only then: hosts one after the other on
/// one SQLite file.
/// </summary>
public sealed class ReadModelStartTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casecoordination-tests", "start-" + Guid.NewGuid().ToString("N"));

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>The stored non-zero tallies as sorted lines.</summary>
    private static Task<List<string>> TalliesAsync(ApiFactory api) => api.Db(async db =>
        (await db.DashboardTallies.AsNoTracking().Where(t => t.Amount != 0).ToListAsync())
            .Select(t => $"{t.RegionCode} {t.Grain} {t.Period} {t.Figure} {t.Dimension} {t.Key} {t.Status} {t.Value} = {t.Amount}")
            .Order(StringComparer.Ordinal).ToList());

    [Fact]
    public async Task Stored_read_models_of_another_definitions_revision_are_rebuilt_at_start_and_current_ones_are_not()
    {
        List<string> tallies;
        await using (var first = new WebhookFactory(_folder))
        {
            var sender = first.Caseworker(Agencies.SocialServicesEkstad);
            await sender.SendReferralAsync((await sender.OpenCaseAsync()).Id(), Agencies.HealthcareEkstad);
            tallies = await TalliesAsync(first);
            Assert.NotEmpty(tallies);
            Assert.Equal(await first.Db(db => Task.FromResult(CaseReadModels.FingerprintOf(db))), await first.Db(db => CaseReadModels.StoredWindowsAsync(db, default)));
            Assert.EndsWith($"definitions {CaseReadModels.DefinitionsRevision}", await first.Db(db => CaseReadModels.StoredWindowsAsync(db, default)));

            // Stored by the same build: emptied by hand, and the record says they are current.
            await first.Db(db => db.DashboardTallies.ExecuteDeleteAsync());
        }

        await using (var same = new WebhookFactory(_folder))
        {
            Assert.Empty(await TalliesAsync(same));

            // As an earlier build would have left them: the same windows, an older revision of the definitions.
            await same.Db(db => db.Database.ExecuteSqlRawAsync(
                "UPDATE ReadModelWindows SET Fingerprint = {0}", CaseReadModels.FingerprintOf(db).Replace($"definitions {CaseReadModels.DefinitionsRevision}", "definitions 1", StringComparison.Ordinal)));
        }

        await using var upgraded = new WebhookFactory(_folder);
        Assert.Equal(tallies, await TalliesAsync(upgraded));
        Assert.Equal(await upgraded.Db(db => Task.FromResult(CaseReadModels.FingerprintOf(db))), await upgraded.Db(db => CaseReadModels.StoredWindowsAsync(db, default)));
    }
}
