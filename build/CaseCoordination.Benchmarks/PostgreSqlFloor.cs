using System.Security.Cryptography;
using System.Text;
using CaseCoordination.Application.Common.Options;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseCoordination.Benchmarks;

/// <summary>
/// The floor on PostgreSQL: what <see cref="SqliteFloor"/> does, in PostgreSQL's SQL, on the same
/// server and database as the API — plain Npgsql commands on a pooled connection, no layers. The
/// one difference follows the product: writers do not take turns in the process; the chain head's
/// row lock (<c>FOR UPDATE</c>) orders them in the database, as it orders the API's instances.
/// </summary>
internal static class PostgreSqlFloor
{
    /// <summary>
    /// The floor's own copies of what the hot paths write, with the product's columns, types and
    /// indexes (<c>LIKE … INCLUDING ALL</c>; triggers are not copied), and its own chain head.
    /// </summary>
    public static Task PrepareAsync(CaseCoordinationDbContext db) => db.Database.ExecuteSqlRawAsync("""
        CREATE TABLE "FloorReferrals" (LIKE "Referrals" INCLUDING ALL);
        INSERT INTO "FloorReferrals" SELECT * FROM "Referrals";
        CREATE TABLE "FloorTimeline" (LIKE "TimelineEntries" INCLUDING ALL);
        CREATE TABLE "FloorAccessLog" (LIKE "AccessLog" INCLUDING ALL);
        CREATE TABLE "FloorAccessLogChain" (LIKE "AccessLogChain" INCLUDING ALL);
        INSERT INTO "FloorAccessLogChain" SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000', NULL;
        ANALYZE "FloorReferrals";
        """);

    private const string Visible = """
        (c."OpenedByAgencyId" = @a OR c."LeadAgencyId" = @a OR c."ProposedLeadAgencyId" = @a OR EXISTS (
            SELECT 1 FROM "Referrals" v WHERE v."CaseId" = c."Id" AND (v."FromAgencyId" = @a OR (v."ToAgencyId" = @a AND v."Status" NOT IN ('Rejected', 'Cancelled')))))
        """;

    private const string SignalsOfCase = """
        SELECT 'not-received' FROM "Referrals" WHERE "CaseId" = @id AND "Status" = 'Requested' AND "ReceiveBy" <= @now AND @open
        UNION ALL SELECT 'not-answered' FROM "Referrals" WHERE "CaseId" = @id AND "Status" = 'Received' AND "AnswerBy" <= @now AND @open
        UNION ALL SELECT 'no-first-contact' FROM "Referrals" WHERE "CaseId" = @id AND "Status" = 'Accepted' AND "FirstContactBy" <= @now AND @open
        UNION ALL SELECT 'stalled' FROM "Referrals" WHERE "CaseId" = @id AND "Status" = 'InProgress' AND "LastEventAt" <= @stalled AND @open
        UNION ALL SELECT 'rejected-not-rerouted' FROM "Referrals" r WHERE r."CaseId" = @id AND r."Status" = 'Rejected' AND r."EndedAt" <= @reroute AND @open
            AND NOT EXISTS (SELECT 1 FROM "Referrals" n WHERE n."CaseId" = r."CaseId" AND n."Need" = r."Need" AND n."RequestedAt" > r."EndedAt")
        UNION ALL SELECT 'failed-no-follow-up' FROM "Referrals" r WHERE r."CaseId" = @id AND r."Status" = 'Failed' AND r."EndedAt" <= @reroute AND @open
            AND NOT EXISTS (SELECT 1 FROM "Referrals" n WHERE n."CaseId" = r."CaseId" AND n."Need" = r."Need" AND n."RequestedAt" > r."EndedAt")
        UNION ALL SELECT 'no-lead' FROM "Cases" WHERE "Id" = @id AND "LeadAgencyId" IS NULL AND "WithoutLeadSince" <= @lead AND @open
        UNION ALL SELECT 'lead-handover-pending' FROM "Cases" WHERE "Id" = @id AND "PendingLeadHandoverId" IS NOT NULL AND "LeadHandoverProposedAt" <= @lead AND @open
        UNION ALL SELECT 'child-without-social-services' FROM "Cases" c WHERE c."Id" = @id AND c."ChildAtOpening" AND c."OpenedAt" <= @child AND @open
            AND c."OpenedByAgencyId" NOT IN (SELECT "Id" FROM "Agencies" WHERE "Kind" = 'SocialServices')
            AND (c."LeadAgencyId" IS NULL OR c."LeadAgencyId" NOT IN (SELECT "Id" FROM "Agencies" WHERE "Kind" = 'SocialServices'))
            AND NOT EXISTS (SELECT 1 FROM "Referrals" r WHERE r."CaseId" = c."Id" AND r."Need" = 'ChildProtectionReport' AND r."Status" NOT IN ('Rejected', 'Cancelled')
                AND r."ToAgencyId" IN (SELECT "Id" FROM "Agencies" WHERE "Kind" = 'SocialServices'))
        """;

    private const string Covered = """
        SELECT 'covered' WHERE EXISTS (SELECT 1 FROM "Cases" c WHERE c."Id" = @id AND (c."OpenedByAgencyId" IN (SELECT "Id" FROM "Agencies" WHERE "Kind" = 'SocialServices')
            OR c."LeadAgencyId" IN (SELECT "Id" FROM "Agencies" WHERE "Kind" = 'SocialServices')
            OR EXISTS (SELECT 1 FROM "Referrals" r WHERE r."CaseId" = c."Id" AND r."Need" = 'ChildProtectionReport' AND r."Status" NOT IN ('Rejected', 'Cancelled')
                AND r."ToAgencyId" IN (SELECT "Id" FROM "Agencies" WHERE "Kind" = 'SocialServices'))))
        UNION ALL
        """;

    private sealed record Entry(string Action, string ResourceType, Guid? ResourceId, Guid? CaseId, Guid? SubjectId, string? Region, string UserId, Guid Agency, string Basis);

    public static void Map(WebApplication app)
    {
        var dataSource = NpgsqlDataSource.Create(app.Configuration["ConnectionStrings:CaseCoordination"]!);
        var referralOptions = app.Services.GetRequiredService<IOptions<ReferralOptions>>().Value;
        var caseOptions = app.Services.GetRequiredService<IOptions<CaseOptions>>().Value;
        var levels = referralOptions.ToServiceLevels();
        var sender = DemoData.Id(1);
        var receiver = DemoData.Id(2);

        static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
        {
            var command = new NpgsqlCommand(sql, connection);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            return command;
        }

        static async Task<bool> ActiveAsync(NpgsqlConnection connection, Guid agency)
        {
            await using var command = Command(connection, """SELECT EXISTS (SELECT 1 FROM "Agencies" WHERE "Id" = @a AND "Active")""", ("a", agency));
            return (bool)(await command.ExecuteScalarAsync())!;
        }

        static async Task<Dictionary<string, object?>?> OneRowAsync(NpgsqlCommand command)
        {
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }

            var row = new Dictionary<string, object?>(reader.FieldCount);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            return row;
        }

        // One transaction: the act's statements, then the sealed entries under the locked chain head.
        static async Task WriteAsync(NpgsqlConnection connection, IEnumerable<NpgsqlCommand> statements, IReadOnlyList<Entry> entries)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var statement in statements)
            {
                await using (statement)
                {
                    statement.Transaction = transaction;
                    await statement.ExecuteNonQueryAsync();
                }
            }

            long lastId;
            string lastHash;
            await using (var head = Command(connection, """SELECT "LastEntryId", "LastHash" FROM "FloorAccessLogChain" WHERE "Id" = 1 FOR UPDATE"""))
            {
                head.Transaction = transaction;
                await using var reader = await head.ExecuteReaderAsync();
                await reader.ReadAsync();
                lastId = reader.GetInt64(0);
                lastHash = reader.GetString(1);
            }

            var at = DateTimeOffset.UtcNow;
            await using var insert = new NpgsqlCommand { Connection = connection, Transaction = transaction };
            var values = new List<string>();
            for (var i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                var id = ++lastId;
                var canonical = string.Join('\u001f', id, at.UtcTicks, e.UserId, e.Agency, "Caseworker", "\u2400", e.Action, e.ResourceType, e.ResourceId?.ToString() ?? "\u2400",
                    e.CaseId?.ToString() ?? "\u2400", e.SubjectId?.ToString() ?? "\u2400", e.Region ?? "\u2400", "Allowed", e.Basis, "\u2400");
                lastHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lastHash + "\n" + canonical)));
                values.Add($"(@id{i}, @hash{i}, @region{i}, @at, @user{i}, @agency{i}, 'Caseworker', NULL, @action{i}, @type{i}, @resource{i}, @case{i}, @subject{i}, 'Allowed', @basis{i}, NULL)");
                insert.Parameters.AddWithValue($"id{i}", id);
                insert.Parameters.AddWithValue($"hash{i}", lastHash);
                insert.Parameters.AddWithValue($"region{i}", (object?)e.Region ?? DBNull.Value);
                insert.Parameters.AddWithValue($"user{i}", e.UserId);
                insert.Parameters.AddWithValue($"agency{i}", e.Agency);
                insert.Parameters.AddWithValue($"action{i}", e.Action);
                insert.Parameters.AddWithValue($"type{i}", e.ResourceType);
                insert.Parameters.AddWithValue($"resource{i}", (object?)e.ResourceId ?? DBNull.Value);
                insert.Parameters.AddWithValue($"case{i}", (object?)e.CaseId ?? DBNull.Value);
                insert.Parameters.AddWithValue($"subject{i}", (object?)e.SubjectId ?? DBNull.Value);
                insert.Parameters.AddWithValue($"basis{i}", e.Basis);
            }

            insert.CommandText = """
                INSERT INTO "FloorAccessLog" ("Id", "Hash", "RegionCode", "At", "UserId", "AgencyId", "Role", "CallingSystem", "Action", "ResourceType", "ResourceId", "CaseId", "SubjectId", "Outcome", "Basis", "RefusalCode") VALUES
                """ + string.Join(", ", values);
            insert.Parameters.AddWithValue("at", at);
            await insert.ExecuteNonQueryAsync();
            await using (var move = Command(connection, """UPDATE "FloorAccessLogChain" SET "LastEntryId" = @id, "LastHash" = @hash, "LastAt" = @at WHERE "Id" = 1""",
                ("id", lastId), ("hash", lastHash), ("at", at)))
            {
                move.Transaction = transaction;
                await move.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        async Task<Dictionary<string, object?>?> CaseAsync(NpgsqlConnection connection, Guid id, Guid agency)
        {
            await using var read = Command(connection, $"""SELECT c.* FROM "Cases" c WHERE c."Id" = @id AND {Visible}""", ("id", id), ("a", agency));
            return await OneRowAsync(read);
        }

        app.MapGet("/floor/cases/{id:guid}", async (Guid id) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            if (!await ActiveAsync(connection, sender))
            {
                return Results.StatusCode(403);
            }

            var c = await CaseAsync(connection, id, sender);
            if (c is null)
            {
                return Results.NotFound();
            }

            if ((Guid)c["OpenedByAgencyId"]! != sender)
            {
                await using var shared = Command(connection,
                    """
                    SELECT "Categories", "RecipientAgencyId", "RecipientKind", "ValidFrom", "ValidUntil", "WithdrawnAt" FROM "Consents" WHERE "CaseId" = @id;
                    SELECT "SharedCategories", "BasisKind", "Status" FROM "Referrals" WHERE "CaseId" = @id AND "ToAgencyId" = @a
                    """, ("id", id), ("a", sender));
                await using var reader = await shared.ExecuteReaderAsync();
                do
                {
                    while (await reader.ReadAsync())
                    {
                    }
                }
                while (await reader.NextResultAsync());
            }

            var now = DateTimeOffset.UtcNow;
            var maybeChild = c["PersonBirthDate"] is not null || c["PersonBirthYear"] is not null;
            await using var facts = Command(connection, (maybeChild ? Covered : string.Empty) + "\n" + SignalsOfCase,
                ("id", id), ("open", (string)c["Status"]! == "Open"), ("now", now), ("stalled", now - referralOptions.StalledAfter),
                ("reroute", now - referralOptions.RerouteWithin), ("lead", now - caseOptions.LeadWithin), ("child", now - caseOptions.ChildProtectionReportWithin));
            var signals = new List<string>();
            var covered = false;
            await using (var reader = await facts.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var fact = reader.GetString(0);
                    if (fact == "covered")
                    {
                        covered = true;
                    }
                    else if (!signals.Contains(fact))
                    {
                        signals.Add(fact);
                    }
                }
            }

            await WriteAsync(connection, [], [new Entry("case.read", "case", id, id, (Guid)c["SubjectId"]!, (string)c["RegionCode"]!, "floor", sender, "recording-agency")]);
            return Results.Ok(new { id, caseNumber = c["CaseNumber"], status = c["Status"], municipalityCode = c["MunicipalityCode"], leadAgencyId = c["LeadAgencyId"], covered, signals, version = c["Version"] });
        }).AllowAnonymous();

        app.MapGet("/floor/referrals", async (Guid agency) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            if (!await ActiveAsync(connection, agency))
            {
                return Results.StatusCode(403);
            }

            var items = new List<Dictionary<string, object?>>();
            await using (var read = Command(connection, """
                SELECT r.*, c."CaseNumber", c."SubjectId" AS "CaseSubjectId", c."RegionCode" AS "CaseRegionCode", c."Status" AS "CaseStatus"
                FROM "Referrals" r JOIN "Cases" c ON c."Id" = r."CaseId"
                WHERE r."ToAgencyId" = @a ORDER BY r."RequestedAt" DESC, r."Id" DESC LIMIT 51
                """, ("a", agency)))
            {
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var row = new Dictionary<string, object?>(reader.FieldCount);
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }

                    items.Add(row);
                }
            }

            var page = items.Take(50).ToList();
            var now = DateTimeOffset.UtcNow;
            foreach (var item in page)
            {
                item["signals"] = (string?)item["CaseStatus"] == "Open" && (string?)item["Status"] == "Requested" && (DateTime)item["ReceiveBy"]! <= now.UtcDateTime
                    ? new[] { "not-received" } : Array.Empty<string>();
            }

            var entries = page.GroupBy(i => (Guid)i["CaseId"]!).Select(g => g.First())
                .Select(i => new Entry("referral.list", "case", (Guid)i["CaseId"]!, (Guid)i["CaseId"]!, (Guid?)i["CaseSubjectId"], (string?)i["CaseRegionCode"], "floor", agency, "party"))
                .ToList();
            if (entries.Count == 0)
            {
                entries.Add(new Entry("referral.list", "referral", null, null, null, null, "floor", agency, "party"));
            }

            await WriteAsync(connection, [], entries);
            return Results.Ok(new { items = page });
        }).AllowAnonymous();

        app.MapPost("/floor/cases/{id:guid}/referrals", async (Guid id) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            if (!await ActiveAsync(connection, sender))
            {
                return Results.StatusCode(403);
            }

            var c = await CaseAsync(connection, id, sender);
            if (c is null)
            {
                return Results.NotFound();
            }

            await using (var checks = Command(connection, """SELECT "Kind", "Active" FROM "Agencies" WHERE "Id" = @to; SELECT * FROM "Consents" WHERE "CaseId" = @id""", ("to", receiver), ("id", id)))
            {
                await using var reader = await checks.ExecuteReaderAsync();
                if (!await reader.ReadAsync() || !reader.GetBoolean(1))
                {
                    return Results.UnprocessableEntity();
                }

                await reader.NextResultAsync();
                while (await reader.ReadAsync())
                {
                }
            }

            var now = DateTimeOffset.UtcNow;
            var level = levels.For(Urgency.Routine);
            var referralId = Guid.CreateVersion7();
            await WriteAsync(
                connection,
                [
                    Command(connection, """
                        INSERT INTO "FloorReferrals" ("Id", "CaseId", "FromAgencyId", "ToAgencyId", "Need", "Urgency", "SharedCategories", "BasisKind", "BasisConsentId", "BasisJustification", "Message", "Status",
                            "SentByUserId", "RequestedAt", "ReceiveBy", "AnswerBy", "FirstContactBy", "LastEventAt", "LastEventByUserId", "LastEventByAgencyId", "Version")
                        VALUES (@id, @case, @from, @to, 'Healthcare', 'Routine', @categories, 'Consent', NULL, NULL, NULL, 'Requested',
                            'floor', @at, @receiveBy, @answerBy, @firstContactBy, @at, 'floor', @from, 1)
                        """,
                        ("id", referralId), ("case", id), ("from", sender), ("to", receiver), ("categories", FloorCategories), ("at", now),
                        ("receiveBy", now + level.ReceiveWithin), ("answerBy", now + level.AnswerWithin), ("firstContactBy", now + level.FirstContactWithin)),
                    Command(connection, """
                        INSERT INTO "FloorTimeline" ("CaseId", "ReferralId", "Kind", "At", "ActorUserId", "ActorAgencyId", "ActorRole", "Detail") VALUES (@case, @id, 'referral.sent', @at, 'floor', @from, 'Caseworker', 'healthcare')
                        """, ("case", id), ("id", referralId), ("at", now), ("from", sender)),
                ],
                [new Entry("referral.send", "referral", referralId, id, (Guid)c["SubjectId"]!, (string)c["RegionCode"]!, "floor", sender, "consent")]);
            return Results.Created($"/floor/referrals/{referralId}", new { id = referralId, status = "requested" });
        }).AllowAnonymous();

        app.MapPost("/floor/referrals/{id:guid}/receive", async (Guid id) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            if (!await ActiveAsync(connection, receiver))
            {
                return Results.StatusCode(403);
            }

            Dictionary<string, object?>? r;
            await using (var read = Command(connection, """
                SELECT r.*, c."CaseNumber", c."SubjectId" AS "CaseSubjectId", c."RegionCode" AS "CaseRegionCode"
                FROM "FloorReferrals" r JOIN "Cases" c ON c."Id" = r."CaseId"
                WHERE r."Id" = @id AND (r."FromAgencyId" = @a OR r."ToAgencyId" = @a)
                """, ("id", id), ("a", receiver)))
            {
                r = await OneRowAsync(read);
            }

            if (r is null)
            {
                return Results.NotFound();
            }

            if ((string)r["Status"]! != "Requested" || (Guid)r["ToAgencyId"]! != receiver)
            {
                return Results.Conflict();
            }

            var now = DateTimeOffset.UtcNow;
            var caseId = (Guid)r["CaseId"]!;
            await WriteAsync(
                connection,
                [
                    Command(connection, """
                        UPDATE "FloorReferrals" SET "Status" = 'Received', "ReceivedAt" = @at, "LastEventAt" = @at, "LastEventByUserId" = 'floor', "LastEventByAgencyId" = @a, "Version" = "Version" + 1
                        WHERE "Id" = @id AND "Version" = @version
                        """, ("at", now), ("a", receiver), ("id", id), ("version", r["Version"])),
                    Command(connection, """
                        INSERT INTO "FloorTimeline" ("CaseId", "ReferralId", "Kind", "At", "ActorUserId", "ActorAgencyId", "ActorRole", "Detail") VALUES (@case, @id, 'referral.received', @at, 'floor', @a, 'Caseworker', NULL)
                        """, ("case", caseId), ("id", id), ("at", now), ("a", receiver)),
                ],
                [new Entry("referral.receive", "referral", id, caseId, (Guid?)r["CaseSubjectId"], (string?)r["CaseRegionCode"], "floor", receiver, "party")]);
            return Results.Ok(new { id, status = "received" });
        }).AllowAnonymous();
    }

    /// <summary>The shared categories as the product stores them on PostgreSQL.</summary>
    private static readonly object FloorCategories = new[] { "Coordination" };
}
