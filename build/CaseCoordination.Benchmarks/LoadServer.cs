using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Application.Common.Options;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Benchmarks;

/// <summary>
/// Serves the real API on loopback for an external load generator (wrk), beside "floor" endpoints
/// that do the same hot-path work with hand-written SQL and no layers (no authentication, no
/// Mediator, no EF, no validation) — the fastest this machine can answer the same questions.
/// Writes the address, tokens and ids to a folder for the load scripts, then serves until stopped
/// (at most <c>maxMinutes</c>).
/// </summary>
public static class LoadServer
{
    /// <summary>
    /// The referrals for the transition runs are spread over this many cases: 2,000 by default (100
    /// each at 200,000), or LOAD_CASES (build/throughput.sh passes it on) to measure how the writes
    /// depend on the number of referrals per case.
    /// </summary>
    private static readonly int CaseCount = int.TryParse(Environment.GetEnvironmentVariable("LOAD_CASES"), out var n) && n > 0 ? n : 2_000;

    /// <summary>
    /// LOAD_TEXT=N (build/throughput.sh passes it on) gives every case a situation and every seeded
    /// referral a message of N characters (send-referral.lua sends one too), so that the runs pay for
    /// free text as real data does (ADR 0019); without it the data has no free text but the consents' purpose.
    /// </summary>
    private static readonly string? Text = int.TryParse(Environment.GetEnvironmentVariable("LOAD_TEXT"), out var t) && t > 0
        ? string.Concat(Enumerable.Repeat("Personen berättar om utnyttjande och vill ha stöd. ", (t / 50) + 1))[..t]
        : null;

    /// <summary>
    /// LOAD_POSTGRES: a connection string to a PostgreSQL database (created by the first migration when
    /// missing) — the API and its floor then run on PostgreSQL instead of a fresh SQLite file.
    /// </summary>
    private static readonly string? PostgreSqlConnection = Environment.GetEnvironmentVariable("LOAD_POSTGRES") is { Length: > 0 } pg ? pg : null;

    private static bool PostgreSql => PostgreSqlConnection is not null;

    /// <summary>The settings every instance over one folder shares: the database and the keys that encrypt its free text.</summary>
    private static Dictionary<string, string?> Settings(string folder)
    {
        var settings = new Dictionary<string, string?> { ["PersonalData:KeysDirectory"] = Path.Combine(folder, "keys") };
        if (PostgreSqlConnection is not null)
        {
            settings["Database:Provider"] = "PostgreSql";
            settings["ConnectionStrings:CaseCoordination"] = PostgreSqlConnection;
        }

        return settings;
    }

    private static void MapFloor(WebApplication app)
    {
        if (PostgreSql)
        {
            PostgreSqlFloor.Map(app);
        }
        else
        {
            SqliteFloor.Map(app);
        }
    }

    /// <summary>
    /// A further instance of the API over the database that <see cref="RunAsync"/> filled (PostgreSQL
    /// only: a SQLite file has one writer process): writes its address as <c>address-N</c> beside the
    /// first, for the open-loop run across instances.
    /// </summary>
    public static async Task JoinAsync(string folder, int instance, int maxMinutes)
    {
        if (!PostgreSql)
        {
            throw new InvalidOperationException("A second instance needs LOAD_POSTGRES: a SQLite file is one process's.");
        }

        await using var host = await BenchmarkHost.StartAsync(Settings(folder));
        await File.WriteAllTextAsync(Path.Combine(folder, $"address-{instance}"), host.Address.ToString().TrimEnd('/'));
        Console.WriteLine($"Instance {instance} serving {host.Address}.");
        await ServeAsync(host, maxMinutes);
    }

    public static async Task RunAsync(string folder, int transitionReferrals, int maxMinutes)
    {
        Directory.CreateDirectory(folder);
        await using var host = await BenchmarkHost.StartAsync(Settings(folder), configureApp: MapFloor);
        var sender = DevTokens.Mint(BenchmarkHost.DevKey, "load-sender", "caseworker", DemoData.Id(1), null, TimeSpan.FromHours(3), DateTimeOffset.UtcNow);
        var receiver = DevTokens.Mint(BenchmarkHost.DevKey, "load-receiver", "caseworker", DemoData.Id(2), null, TimeSpan.FromHours(3), DateTimeOffset.UtcNow);
        using var client = new HttpClient { BaseAddress = host.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sender);
        // People with a plausible number of referrals each (a case is one person): CaseCount cases,
        // opened and given consent through the API, 16 at a time.
        var caseIds = new List<string>();
        foreach (var batch in Enumerable.Range(0, CaseCount).Chunk(16))
        {
            caseIds.AddRange(await Task.WhenAll(batch.Select(async n =>
            {
                var opened = JsonNode.Parse(await (await client.PostAsJsonAsync("/api/v1/cases", new { person = new { name = $"Load {n}" }, municipalityCode = "9901", intakeChannel = "outreach", situation = Text })).Content.ReadAsStringAsync())!;
                var id = opened["id"]!.GetValue<string>();
                (await client.PostAsJsonAsync($"/api/v1/cases/{id}/consents", new { recipientAgencyId = DemoData.Id(2), categories = new[] { "coordination" }, purpose = "load", method = "written", givenBy = "person" }))
                    .EnsureSuccessStatusCode();
                return id;
            })));
        }

        var caseId = caseIds[0];

        // Referrals for the transition runs, written through the domain but straight to the database.
        var ids = new List<Guid>();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
            var levels = scope.ServiceProvider.GetRequiredService<IOptions<ReferralOptions>>().Value.ToServiceLevels();
            var actor = new Actor("load-sender", Role.Caseworker, DemoData.Id(1));
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < transitionReferrals; i++)
            {
                var r = Referral.Send(Guid.NewGuid(), Guid.Parse(caseIds[i % caseIds.Count]), DemoData.Id(1), DemoData.Id(2), Need.Healthcare, Urgency.Routine, [DataCategory.Coordination],
                    new SharingBasis(SharingBasisKind.Consent, null, null), Text, levels, actor, now.AddTicks(i));
                r.ClearRecordedEvents();
                db.Referrals.Add(r);
                ids.Add(r.Id);
                if (i % 5000 == 4999)
                {
                    await UnitOfWork.SaveActAsync(db);
                    db.ChangeTracker.Clear();
                }
            }

            await UnitOfWork.SaveActAsync(db);
            await (PostgreSql ? PostgreSqlFloor.PrepareAsync(db) : SqliteFloor.PrepareAsync(db));
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "address"), host.Address.ToString().TrimEnd('/'));
        await File.WriteAllTextAsync(Path.Combine(folder, "token-sender"), sender);
        await File.WriteAllTextAsync(Path.Combine(folder, "token-receiver"), receiver);
        await File.WriteAllTextAsync(Path.Combine(folder, "case-id"), caseId);
        await File.WriteAllLinesAsync(Path.Combine(folder, "case-ids"), caseIds);
        await File.WriteAllLinesAsync(Path.Combine(folder, "referral-ids"), ids.Select(i => i.ToString()));
        await File.WriteAllTextAsync(Path.Combine(folder, "ready"), "yes");
        Console.WriteLine($"Serving {host.Address} for at most {maxMinutes} min; files in {folder}.");
        await ServeAsync(host, maxMinutes);
    }

    private static async Task ServeAsync(BenchmarkHost host, int maxMinutes)
    {
        // SIGTERM (what build/throughput.sh sends) is taken by the host, which stops the app but does
        // not end the process: wait for the host's stopping signal too, or the server outlives the run.
        var stopping = host.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ProcessExit.Token, stopping);
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(maxMinutes), stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>Cancelled when the process is asked to stop (Ctrl+C or SIGTERM).</summary>
public static class ProcessExit
{
    private static readonly CancellationTokenSource Source = Create();

    public static CancellationToken Token => Source.Token;

    private static CancellationTokenSource Create()
    {
        var source = new CancellationTokenSource();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => source.Cancel();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            source.Cancel();
        };
        return source;
    }
}
