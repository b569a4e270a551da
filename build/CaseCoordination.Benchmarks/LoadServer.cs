using System.Net.Http.Headers;
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
    public static async Task RunAsync(string folder, int transitionReferrals, int maxMinutes)
    {
        Directory.CreateDirectory(folder);
        await using var host = await BenchmarkHost.StartAsync(configureApp: MapFloor);
        var sender = DevTokens.Mint(BenchmarkHost.DevKey, "load-sender", "caseworker", DemoData.Id(1), null, TimeSpan.FromHours(3), DateTimeOffset.UtcNow);
        var receiver = DevTokens.Mint(BenchmarkHost.DevKey, "load-receiver", "caseworker", DemoData.Id(2), null, TimeSpan.FromHours(3), DateTimeOffset.UtcNow);
        using var client = new HttpClient { BaseAddress = host.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sender);
        var opened = JsonNode.Parse(await (await client.PostAsJsonAsync("/api/v1/cases", new { person = new { name = "Load" }, municipalityCode = "9901", intakeChannel = "outreach" })).Content.ReadAsStringAsync())!;
        var caseId = opened["id"]!.GetValue<string>();
        (await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new { recipientAgencyId = DemoData.Id(2), categories = new[] { "coordination" }, purpose = "load", method = "written", givenBy = "person" }))
            .EnsureSuccessStatusCode();

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
                var r = Referral.Send(Guid.NewGuid(), Guid.Parse(caseId), DemoData.Id(1), DemoData.Id(2), Need.Healthcare, Urgency.Routine, [DataCategory.Coordination],
                    new SharingBasis(SharingBasisKind.Consent, null, null), null, levels, actor, now.AddTicks(i));
                r.ClearRecordedEvents();
                db.Referrals.Add(r);
                ids.Add(r.Id);
                if (i % 5000 == 4999)
                {
                    await db.SaveChangesAsync();
                    db.ChangeTracker.Clear();
                }
            }

            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("""
                CREATE TABLE IF NOT EXISTS FloorReferrals (Id TEXT PRIMARY KEY, CaseId TEXT, ToAgencyId TEXT, Need TEXT, Status TEXT, RequestedAt TEXT);
                CREATE TABLE IF NOT EXISTS FloorAccessLog (Id INTEGER PRIMARY KEY AUTOINCREMENT, At TEXT, UserId TEXT, ResourceId TEXT);
                INSERT INTO FloorReferrals SELECT Id, CaseId, ToAgencyId, Need, Status, RequestedAt FROM Referrals;
                """);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "address"), host.Address.ToString().TrimEnd('/'));
        await File.WriteAllTextAsync(Path.Combine(folder, "token-sender"), sender);
        await File.WriteAllTextAsync(Path.Combine(folder, "token-receiver"), receiver);
        await File.WriteAllTextAsync(Path.Combine(folder, "case-id"), caseId);
        await File.WriteAllLinesAsync(Path.Combine(folder, "referral-ids"), ids.Select(i => i.ToString()));
        await File.WriteAllTextAsync(Path.Combine(folder, "ready"), "yes");
        Console.WriteLine($"Serving {host.Address} for at most {maxMinutes} min; files in {folder}.");
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(maxMinutes), ProcessExit.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The floor: the same work as the hot paths, hand-written.</summary>
    private static void MapFloor(WebApplication app)
    {
        var connectionString = app.Configuration["ConnectionStrings:CaseCoordination"]!;
        static string Text(Guid id) => id.ToString().ToUpperInvariant();

        app.MapGet("/floor/cases/{id:guid}", async (Guid id) =>
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT Id, CaseNumber, Status, MunicipalityCode, LeadAgencyId, Version FROM Cases WHERE Id = $id";
            read.Parameters.AddWithValue("$id", Text(id));
            await using var reader = await read.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return Results.NotFound();
            }

            var body = new { id = reader.GetString(0), caseNumber = reader.GetString(1), status = reader.GetString(2), municipalityCode = reader.GetString(3), leadAgencyId = reader.IsDBNull(4) ? null : reader.GetString(4), version = reader.GetInt32(5) };
            await reader.CloseAsync();
            await using var log = connection.CreateCommand();
            log.CommandText = "INSERT INTO FloorAccessLog (At, UserId, ResourceId) VALUES ($at, 'floor', $id)";
            log.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("O"));
            log.Parameters.AddWithValue("$id", Text(id));
            await log.ExecuteNonQueryAsync();
            return Results.Ok(body);
        }).AllowAnonymous();

        app.MapGet("/floor/referrals", async (Guid agency) =>
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT Id, Status, Need, RequestedAt FROM Referrals WHERE ToAgencyId = $a ORDER BY RequestedAt DESC, Id DESC LIMIT 50";
            read.Parameters.AddWithValue("$a", Text(agency));
            var items = new List<object>();
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                items.Add(new { id = reader.GetString(0), status = reader.GetString(1), need = reader.GetString(2), requestedAt = reader.GetString(3) });
            }

            return Results.Ok(new { items });
        }).AllowAnonymous();

        app.MapPost("/floor/cases/{id:guid}/referrals", async (Guid id) =>
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            var referralId = Guid.NewGuid();
            insert.CommandText = "INSERT INTO FloorReferrals (Id, CaseId, ToAgencyId, Need, Status, RequestedAt) VALUES ($id, $case, $to, 'Healthcare', 'Requested', $at)";
            insert.Parameters.AddWithValue("$id", Text(referralId));
            insert.Parameters.AddWithValue("$case", Text(id));
            insert.Parameters.AddWithValue("$to", Text(DemoData.Id(2)));
            insert.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("O"));
            await insert.ExecuteNonQueryAsync();
            return Results.Created($"/floor/referrals/{referralId}", new { id = referralId, status = "requested" });
        }).AllowAnonymous();

        app.MapPost("/floor/referrals/{id:guid}/receive", async (Guid id) =>
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE FloorReferrals SET Status = 'Received' WHERE Id = $id AND Status = 'Requested'";
            update.Parameters.AddWithValue("$id", Text(id));
            return await update.ExecuteNonQueryAsync() == 1 ? Results.Ok(new { id, status = "received" }) : Results.Conflict();
        }).AllowAnonymous();
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
