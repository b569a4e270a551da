using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Webhooks;
using Npgsql;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Two API processes (two dispatchers) over one PostgreSQL database (<c>CASECOORDINATION_POSTGRES</c>),
/// a real receiver on loopback: each event is delivered exactly once when both run, and at least once
/// when the one holding deliveries is killed mid-delivery. Real clock: the waits are guards, not measurements.
/// </summary>
public sealed class WebhookTwoProcessTests(PostgreSqlFixture server) : IClassFixture<PostgreSqlFixture>, IAsyncLifetime
{
    private const int Events = 16;
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casecoordination-tests", "webhooks-2p-" + Guid.NewGuid().ToString("N"));
    private readonly List<ApiProcess> _processes = [];
    private string _database = null!;
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        _database = server.NewDatabase();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _receiver.DisposeAsync();
        await server.DropDatabaseAsync(_database);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<ApiProcess> StartAsync(string name)
    {
        var settings = ApiProcess.CommonSettings(Path.Combine(_folder, "keys"));
        settings["Database:Provider"] = "PostgreSql";
        settings["ConnectionStrings:CaseCoordination"] = _database;
        settings["AccessLog:DigestDirectory"] = Path.Combine(_folder, "digests-" + name);
        settings["Webhooks:AllowInsecureLoopback"] = "true";
        settings["Webhooks:PollInterval"] = "00:00:00.100";
        settings["Webhooks:BatchSize"] = "4";
        settings["Webhooks:Lease"] = "00:00:05";
        settings["Webhooks:Timeout"] = "00:01:00";
        settings["Webhooks:BackoffBase"] = "00:00:01";
        var process = await ApiProcess.StartAsync(name, settings, TestContext.Current.CancellationToken);
        _processes.Add(process);
        return process;
    }

    /// <summary>Subscribes the receiving agency through <paramref name="via"/> and sends <see cref="Events"/> referrals to it through <paramref name="senders"/> in turn.</summary>
    private async Task<List<string>> ReferralsAsync(ApiProcess via, params ApiProcess[] senders)
    {
        using var receiving = via.Caseworker(Agencies.HealthcareEkstad);
        await WebhookTests.SubscribeAsync(receiving, _receiver.UrlOf("/b"), WebhookEvents.ReferralRequested);
        var ids = new List<string>();
        for (var i = 0; i < Events; i++)
        {
            using var sender = senders[i % senders.Length].Caseworker(Agencies.SocialServicesEkstad);
            var opened = await sender.OpenCaseAsync();
            ids.Add((await sender.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad)).Id());
        }

        return ids;
    }

    private async Task<Dictionary<string, int>> DeliveryStatesAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Status", count(*) FROM "WebhookDeliveries" GROUP BY "Status" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var states = new Dictionary<string, int>();
        while (await reader.ReadAsync())
        {
            states[reader.GetString(0)] = (int)reader.GetInt64(1);
        }

        return states;
    }

    private async Task UntilAllDeliveredAsync()
    {
        using var guard = new CancellationTokenSource(Guard);
        while ((await DeliveryStatesAsync()).GetValueOrDefault("Delivered") < Events)
        {
            await Task.Delay(100, guard.Token);
        }
    }

    [Fact]
    public async Task Two_dispatchers_deliver_each_event_exactly_once()
    {
        var a = await StartAsync("instance-a");
        var b = await StartAsync("instance-b");
        var referrals = await ReferralsAsync(a, a, b);

        await UntilAllDeliveredAsync();
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // a few more rounds of both dispatchers

        var got = _receiver.Received.ToList();
        Assert.Equal(Events, got.Count);
        Assert.Equal(Events, got.Select(w => w.Id).Distinct().Count());
        Assert.All(referrals, r => Assert.Single(got, w => w.Body.Contains(r, StringComparison.Ordinal)));
        Assert.Equal(new Dictionary<string, int> { ["Delivered"] = Events }, await DeliveryStatesAsync());
    }

    [Fact]
    public async Task A_dispatcher_killed_mid_delivery_leaves_its_deliveries_to_the_other_at_least_once()
    {
        var hang = true;
        _receiver.Answer = _ => hang ? null : 200;
        var a = await StartAsync("instance-a");
        var referrals = await ReferralsAsync(a, a);
        await _receiver.NextAsync(); // instance A holds at least one delivery, its receiver hanging
        var b = await StartAsync("instance-b");
        await a.KillAsync();
        hang = false;
        _receiver.ReleaseHanging();

        await UntilAllDeliveredAsync();
        var got = _receiver.Received.ToList();
        Assert.All(referrals, r => Assert.Contains(got, w => w.Body.Contains(r, StringComparison.Ordinal)));
        Assert.True(got.Count >= Events, b.Describe($"{got.Count} requests for {Events} events"));
        // Every repeat carries the id of its delivery: a receiver deduplicates by webhook-id.
        Assert.All(got.GroupBy(w => w.Id), g => Assert.Single(g.Select(w => w.Body).Distinct()));
        Assert.Equal(new Dictionary<string, int> { ["Delivered"] = Events }, await DeliveryStatesAsync());
    }
}
