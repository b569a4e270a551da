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

/// <summary>The floor on SQLite (see <see cref="LoadServer"/>).</summary>
internal static class SqliteFloor
{
    /// <summary>
    /// The floor's own copies of what the hot paths write, with the same columns and indexes
    /// as the product's tables (so that a floor insert maintains as many indexes), and its own
    /// chain head, so that the floor never touches the product's access-log chain.
    /// </summary>
    public static Task PrepareAsync(CaseCoordinationDbContext db) => db.Database.ExecuteSqlRawAsync("""
                CREATE TABLE FloorReferrals AS SELECT * FROM Referrals;
                CREATE UNIQUE INDEX FloorReferrals_Id ON FloorReferrals (Id);
                CREATE INDEX FloorReferrals_CaseId_Need_RequestedAt ON FloorReferrals (CaseId, Need, RequestedAt, ToAgencyId, Status, EndedAt, Id);
                CREATE INDEX FloorReferrals_Status_ReceiveBy ON FloorReferrals (Status, ReceiveBy);
                CREATE INDEX FloorReferrals_Status_AnswerBy ON FloorReferrals (Status, AnswerBy);
                CREATE INDEX FloorReferrals_Status_FirstContactBy ON FloorReferrals (Status, FirstContactBy);
                CREATE INDEX FloorReferrals_Status_EndedAt ON FloorReferrals (Status, EndedAt);
                CREATE INDEX FloorReferrals_Status_LastEventAt ON FloorReferrals (Status, LastEventAt);
                CREATE INDEX FloorReferrals_RequestedAt ON FloorReferrals (RequestedAt);
                CREATE INDEX FloorReferrals_ToAgencyId_RequestedAt_Id ON FloorReferrals (ToAgencyId, RequestedAt, Id);
                CREATE INDEX FloorReferrals_FromAgencyId_RequestedAt_Id ON FloorReferrals (FromAgencyId, RequestedAt, Id);
                CREATE TABLE FloorTimeline (Id INTEGER PRIMARY KEY AUTOINCREMENT, CaseId TEXT NOT NULL, ReferralId TEXT NULL, Kind TEXT NOT NULL, At TEXT NOT NULL,
                    ActorUserId TEXT NOT NULL, ActorAgencyId TEXT NULL, ActorRole TEXT NOT NULL, Detail TEXT NULL);
                CREATE INDEX FloorTimeline_CaseId_At ON FloorTimeline (CaseId, At);
                CREATE TABLE FloorAccessLog (Id INTEGER NOT NULL PRIMARY KEY, Hash TEXT NOT NULL, RegionCode TEXT NULL, At TEXT NOT NULL, UserId TEXT NOT NULL,
                    AgencyId TEXT NULL, Role TEXT NULL, CallingSystem TEXT NULL, Action TEXT NOT NULL, ResourceType TEXT NOT NULL, ResourceId TEXT NULL,
                    CaseId TEXT NULL, SubjectId TEXT NULL, Outcome TEXT NOT NULL, Basis TEXT NULL, RefusalCode TEXT NULL);
                CREATE INDEX FloorAccessLog_AgencyId_Id ON FloorAccessLog (AgencyId, Id);
                CREATE INDEX FloorAccessLog_At ON FloorAccessLog (At);
                CREATE INDEX FloorAccessLog_RegionCode_Id ON FloorAccessLog (RegionCode, Id);
                CREATE INDEX FloorAccessLog_UserId_Id ON FloorAccessLog (UserId, Id);
                CREATE INDEX FloorAccessLog_CaseId_Id ON FloorAccessLog (CaseId, Id);
                CREATE INDEX FloorAccessLog_SubjectId_Id ON FloorAccessLog (SubjectId, Id);
                CREATE TABLE FloorAccessLogChain (Id INTEGER NOT NULL PRIMARY KEY, LastEntryId INTEGER NOT NULL, LastHash TEXT NOT NULL, LastAt TEXT NULL);
                INSERT INTO FloorAccessLogChain VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', NULL);
                """);

    /// <summary>
    /// The floor: the database work each hot path must do, hand-written — one connection, plain
    /// commands, no Mediator, no EF, no validation, no JSON options, no authentication. What the
    /// product must do and the floor therefore does too: refuse an agency that is not active; decide
    /// visibility inside the query that loads the case or referral; for a case, its child-protection
    /// coverage and its open signals; write the act, its timeline event and a sealed access-log
    /// entry (read the chain head, hash the entry over the previous hash, move the head) in one write
    /// transaction — for a read too, and for a list one entry per case it showed. Write transactions
    /// take turns on a gate in the process, as the product's do. What it leaves out: token
    /// validation, decryption of identity fields, building the product's answer shapes, JSON options.
    /// </summary>
    public static void Map(WebApplication app)
    {
        var connectionString = app.Configuration["ConnectionStrings:CaseCoordination"]!;
        var referralOptions = app.Services.GetRequiredService<IOptions<ReferralOptions>>().Value;
        var caseOptions = app.Services.GetRequiredService<IOptions<CaseOptions>>().Value;
        var levels = referralOptions.ToServiceLevels();
        static string Text(Guid id) => id.ToString().ToUpperInvariant();
        static string Instant(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        var writers = new SemaphoreSlim(1, 1);
        var sender = Text(DemoData.Id(1));
        var receiver = Text(DemoData.Id(2));

        async Task<SqliteConnection> OpenAsync()
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            return connection;
        }

        static async Task<bool> ActiveAsync(SqliteConnection connection, string agency)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM Agencies WHERE Id = $a AND Active)";
            command.Parameters.AddWithValue("$a", agency);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 1;
        }

        const string Visible = """
            (c.OpenedByAgencyId = $a OR c.LeadAgencyId = $a OR c.ProposedLeadAgencyId = $a OR EXISTS (
                SELECT 1 FROM Referrals v WHERE v.CaseId = c.Id AND (v.FromAgencyId = $a OR (v.ToAgencyId = $a AND v.Status NOT IN ('Rejected', 'Cancelled')))))
            """;

        // Loads a visible case: every column, as the product does.
        static async Task<Dictionary<string, object?>?> CaseAsync(SqliteConnection connection, string id, string agency)
        {
            await using var read = connection.CreateCommand();
            read.CommandText = $"SELECT c.* FROM Cases c WHERE c.Id = $id AND {Visible}";
            read.Parameters.AddWithValue("$id", id);
            read.Parameters.AddWithValue("$a", agency);
            await using var reader = await read.ExecuteReaderAsync();
            return await reader.ReadAsync() ? Row(reader) : null;
        }

        static Dictionary<string, object?> Row(SqliteDataReader reader)
        {
            var row = new Dictionary<string, object?>(reader.FieldCount);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            return row;
        }

        // One write transaction: the act's statements, then the sealed entries under the chain head.
        // Writers take turns on a gate in the process, as the product's do (SqliteWriteGate): without
        // it a writer that finds the file locked sleeps 150 ms in Microsoft.Data.Sqlite, and the floor
        // would measure that sleep rather than the database work.
        async Task WriteAsync(SqliteConnection connection, IEnumerable<(string Sql, (string Name, object? Value)[] Parameters)> statements,
            IReadOnlyList<(string Action, string ResourceType, string? ResourceId, string? CaseId, string? SubjectId, string? Region, string UserId, string Agency, string Basis)> entries)
        {
            await writers.WaitAsync();
            try
            {
                await WriteTransactionAsync(connection, statements, entries);
            }
            finally
            {
                writers.Release();
            }
        }

        static async Task WriteTransactionAsync(SqliteConnection connection, IEnumerable<(string Sql, (string Name, object? Value)[] Parameters)> statements,
            IReadOnlyList<(string Action, string ResourceType, string? ResourceId, string? CaseId, string? SubjectId, string? Region, string UserId, string Agency, string Basis)> entries)
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var (sql, parameters) in statements)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                foreach (var (name, value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value ?? DBNull.Value);
                }

                await command.ExecuteNonQueryAsync();
            }

            long lastId;
            string lastHash;
            await using (var head = connection.CreateCommand())
            {
                head.Transaction = transaction;
                head.CommandText = "SELECT LastEntryId, LastHash FROM FloorAccessLogChain WHERE Id = 1";
                await using var reader = await head.ExecuteReaderAsync();
                await reader.ReadAsync();
                lastId = reader.GetInt64(0);
                lastHash = reader.GetString(1);
            }

            var at = DateTime.UtcNow;
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            var values = new List<string>();
            for (var i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                var id = ++lastId;
                var canonical = string.Join('\u001f', id, at.Ticks, e.UserId, e.Agency, "Caseworker", "\u2400", e.Action, e.ResourceType, e.ResourceId ?? "\u2400",
                    e.CaseId ?? "\u2400", e.SubjectId ?? "\u2400", e.Region ?? "\u2400", "Allowed", e.Basis, "\u2400");
                lastHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lastHash + "\n" + canonical)));
                values.Add($"($id{i}, $hash{i}, $region{i}, $at, $user{i}, $agency{i}, 'Caseworker', NULL, $action{i}, $type{i}, $resource{i}, $case{i}, $subject{i}, 'Allowed', $basis{i}, NULL)");
                insert.Parameters.AddWithValue($"$id{i}", id);
                insert.Parameters.AddWithValue($"$hash{i}", lastHash);
                insert.Parameters.AddWithValue($"$region{i}", (object?)e.Region ?? DBNull.Value);
                insert.Parameters.AddWithValue($"$user{i}", e.UserId);
                insert.Parameters.AddWithValue($"$agency{i}", e.Agency);
                insert.Parameters.AddWithValue($"$action{i}", e.Action);
                insert.Parameters.AddWithValue($"$type{i}", e.ResourceType);
                insert.Parameters.AddWithValue($"$resource{i}", (object?)e.ResourceId ?? DBNull.Value);
                insert.Parameters.AddWithValue($"$case{i}", (object?)e.CaseId ?? DBNull.Value);
                insert.Parameters.AddWithValue($"$subject{i}", (object?)e.SubjectId ?? DBNull.Value);
                insert.Parameters.AddWithValue($"$basis{i}", e.Basis);
            }

            insert.CommandText = "INSERT INTO FloorAccessLog (Id, Hash, RegionCode, At, UserId, AgencyId, Role, CallingSystem, Action, ResourceType, ResourceId, CaseId, SubjectId, Outcome, Basis, RefusalCode) VALUES "
                + string.Join(", ", values);
            insert.Parameters.AddWithValue("$at", Instant(at));
            await insert.ExecuteNonQueryAsync();
            await using var move = connection.CreateCommand();
            move.Transaction = transaction;
            move.CommandText = "UPDATE FloorAccessLogChain SET LastEntryId = $id, LastHash = $hash, LastAt = $at WHERE Id = 1";
            move.Parameters.AddWithValue("$id", lastId);
            move.Parameters.AddWithValue("$hash", lastHash);
            move.Parameters.AddWithValue("$at", Instant(at));
            await move.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        app.MapGet("/floor/cases/{id:guid}", async (Guid id) =>
        {
            await using var connection = await OpenAsync();
            if (!await ActiveAsync(connection, sender))
            {
                return Results.StatusCode(403);
            }

            var c = await CaseAsync(connection, Text(id), sender);
            if (c is null)
            {
                return Results.NotFound();
            }

            // What another agency may see comes from consents and legal-basis referrals; the recording agency sees everything.
            if ((string)c["OpenedByAgencyId"]! != sender)
            {
                await using var shared = connection.CreateCommand();
                shared.CommandText = "SELECT Categories, RecipientAgencyId, RecipientKind, ValidFrom, ValidUntil, WithdrawnAt FROM Consents WHERE CaseId = $id; "
                    + "SELECT SharedCategories, BasisKind, Status FROM Referrals WHERE CaseId = $id AND ToAgencyId = $a";
                shared.Parameters.AddWithValue("$id", Text(id));
                shared.Parameters.AddWithValue("$a", sender);
                await using var reader = await shared.ExecuteReaderAsync();
                do
                {
                    while (await reader.ReadAsync())
                    {
                    }
                }
                while (await reader.NextResultAsync());
            }

            var now = DateTime.UtcNow;
            await using var facts = connection.CreateCommand();
            // Coverage by social services is shown for a child only; a person without birth date or
            // year is not known to be one (the product decides on the decrypted birth date).
            var maybeChild = c["PersonBirthDate"] is not null || c["PersonBirthYear"] is not null;
            facts.CommandText = (maybeChild ? """
                SELECT 'covered' WHERE EXISTS (SELECT 1 FROM Cases c WHERE c.Id = $id AND (c.OpenedByAgencyId IN (SELECT Id FROM Agencies WHERE Kind = 'SocialServices')
                    OR c.LeadAgencyId IN (SELECT Id FROM Agencies WHERE Kind = 'SocialServices')
                    OR EXISTS (SELECT 1 FROM Referrals r WHERE r.CaseId = c.Id AND r.Need = 'ChildProtectionReport' AND r.Status NOT IN ('Rejected', 'Cancelled')
                        AND r.ToAgencyId IN (SELECT Id FROM Agencies WHERE Kind = 'SocialServices'))))
                UNION ALL
                """ : string.Empty) + "\n" + """
                SELECT 'not-received' FROM Referrals WHERE CaseId = $id AND Status = 'Requested' AND ReceiveBy <= $now AND $open
                UNION ALL SELECT 'not-answered' FROM Referrals WHERE CaseId = $id AND Status = 'Received' AND AnswerBy <= $now AND $open
                UNION ALL SELECT 'no-first-contact' FROM Referrals WHERE CaseId = $id AND Status = 'Accepted' AND FirstContactBy <= $now AND $open
                UNION ALL SELECT 'stalled' FROM Referrals WHERE CaseId = $id AND Status = 'InProgress' AND LastEventAt <= $stalled AND $open
                UNION ALL SELECT 'rejected-not-rerouted' FROM Referrals r WHERE r.CaseId = $id AND r.Status = 'Rejected' AND r.EndedAt <= $reroute AND $open
                    AND NOT EXISTS (SELECT 1 FROM Referrals n WHERE n.CaseId = r.CaseId AND n.Need = r.Need AND n.RequestedAt > r.EndedAt)
                UNION ALL SELECT 'failed-no-follow-up' FROM Referrals r WHERE r.CaseId = $id AND r.Status = 'Failed' AND r.EndedAt <= $reroute AND $open
                    AND NOT EXISTS (SELECT 1 FROM Referrals n WHERE n.CaseId = r.CaseId AND n.Need = r.Need AND n.RequestedAt > r.EndedAt)
                UNION ALL SELECT 'no-lead' FROM Cases WHERE Id = $id AND LeadAgencyId IS NULL AND WithoutLeadSince <= $lead AND $open
                UNION ALL SELECT 'lead-handover-pending' FROM Cases WHERE Id = $id AND PendingLeadHandoverId IS NOT NULL AND LeadHandoverProposedAt <= $lead AND $open
                UNION ALL SELECT 'child-without-social-services' FROM Cases c WHERE c.Id = $id AND c.ChildAtOpening AND c.OpenedAt <= $child AND $open
                    AND c.OpenedByAgencyId NOT IN (SELECT Id FROM Agencies WHERE Kind = 'SocialServices')
                    AND (c.LeadAgencyId IS NULL OR c.LeadAgencyId NOT IN (SELECT Id FROM Agencies WHERE Kind = 'SocialServices'))
                    AND NOT EXISTS (SELECT 1 FROM Referrals r WHERE r.CaseId = c.Id AND r.Need = 'ChildProtectionReport' AND r.Status NOT IN ('Rejected', 'Cancelled')
                        AND r.ToAgencyId IN (SELECT Id FROM Agencies WHERE Kind = 'SocialServices'))
                """;
            facts.Parameters.AddWithValue("$id", Text(id));
            facts.Parameters.AddWithValue("$open", (string)c["Status"]! == "Open" ? 1 : 0);
            facts.Parameters.AddWithValue("$now", Instant(now));
            facts.Parameters.AddWithValue("$stalled", Instant(now - referralOptions.StalledAfter));
            facts.Parameters.AddWithValue("$reroute", Instant(now - referralOptions.RerouteWithin));
            facts.Parameters.AddWithValue("$lead", Instant(now - caseOptions.LeadWithin));
            facts.Parameters.AddWithValue("$child", Instant(now - caseOptions.ChildProtectionReportWithin));
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

            var caseId = (string)c["Id"]!;
            await WriteAsync(connection, [], [("case.read", "case", caseId, caseId, (string)c["SubjectId"]!, (string)c["RegionCode"]!, "floor", sender, "recording-agency")]);
            return Results.Ok(new { id = caseId, caseNumber = c["CaseNumber"], status = c["Status"], municipalityCode = c["MunicipalityCode"], leadAgencyId = c["LeadAgencyId"], covered, signals, version = c["Version"] });
        }).AllowAnonymous();

        app.MapGet("/floor/referrals", async (Guid agency) =>
        {
            var a = Text(agency);
            await using var connection = await OpenAsync();
            if (!await ActiveAsync(connection, a))
            {
                return Results.StatusCode(403);
            }

            await using var read = connection.CreateCommand();
            read.CommandText = """
                SELECT r.*, c.CaseNumber, c.SubjectId AS CaseSubjectId, c.RegionCode AS CaseRegionCode, c.Status AS CaseStatus
                FROM Referrals r JOIN Cases c ON c.Id = r.CaseId
                WHERE r.ToAgencyId = $a ORDER BY r.RequestedAt DESC, r.Id DESC LIMIT 51
                """;
            read.Parameters.AddWithValue("$a", a);
            var items = new List<Dictionary<string, object?>>();
            await using (var reader = await read.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    items.Add(Row(reader));
                }
            }

            var page = items.Take(50).ToList();

            // Referral-local signals from the row itself (the rejected or failed ones would need the case: none in this data).
            var now = Instant(DateTime.UtcNow);
            foreach (var item in page)
            {
                item["signals"] = (string?)item["CaseStatus"] == "Open" && (string?)item["Status"] == "Requested" && string.CompareOrdinal((string?)item["ReceiveBy"], now) <= 0
                    ? new[] { "not-received" } : Array.Empty<string>();
            }

            var entries = page.GroupBy(i => (string)i["CaseId"]!).Select(g => g.First())
                .Select(i => ("referral.list", "case", (string?)i["CaseId"], (string?)i["CaseId"], (string?)i["CaseSubjectId"], (string?)i["CaseRegionCode"], "floor", a, "party"))
                .ToList();
            if (entries.Count == 0)
            {
                entries.Add(("referral.list", "referral", null, null, null, null, "floor", a, "party"));
            }

            await WriteAsync(connection, [], entries);
            return Results.Ok(new { items = page });
        }).AllowAnonymous();

        app.MapPost("/floor/cases/{id:guid}/referrals", async (Guid id) =>
        {
            await using var connection = await OpenAsync();
            if (!await ActiveAsync(connection, sender))
            {
                return Results.StatusCode(403);
            }

            var c = await CaseAsync(connection, Text(id), sender);
            if (c is null)
            {
                return Results.NotFound();
            }

            await using (var checks = connection.CreateCommand())
            {
                // The receiving agency, and the case's consents (the basis that covers the shared categories).
                checks.CommandText = "SELECT Kind, Active FROM Agencies WHERE Id = $to; SELECT * FROM Consents WHERE CaseId = $id";
                checks.Parameters.AddWithValue("$to", receiver);
                checks.Parameters.AddWithValue("$id", Text(id));
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

            var now = DateTime.UtcNow;
            var level = levels.For(Urgency.Routine);
            var referralId = Text(Guid.CreateVersion7());
            var caseId = (string)c["Id"]!;
            await WriteAsync(
                connection,
                [
                    ("""
                     INSERT INTO FloorReferrals (Id, CaseId, FromAgencyId, ToAgencyId, Need, Urgency, SharedCategories, BasisKind, BasisConsentId, BasisJustification, Message, Status,
                         SentByUserId, RequestedAt, ReceiveBy, AnswerBy, FirstContactBy, LastEventAt, LastEventByUserId, LastEventByAgencyId, Version)
                     VALUES ($id, $case, $from, $to, 'Healthcare', 'Routine', '["Coordination"]', 'Consent', NULL, NULL, NULL, 'Requested',
                         'floor', $at, $receiveBy, $answerBy, $firstContactBy, $at, 'floor', $from, 1)
                     """,
                     [("$id", referralId), ("$case", caseId), ("$from", sender), ("$to", receiver), ("$at", Instant(now)),
                      ("$receiveBy", Instant(now + level.ReceiveWithin)), ("$answerBy", Instant(now + level.AnswerWithin)), ("$firstContactBy", Instant(now + level.FirstContactWithin))]),
                    ("INSERT INTO FloorTimeline (CaseId, ReferralId, Kind, At, ActorUserId, ActorAgencyId, ActorRole, Detail) VALUES ($case, $id, 'referral.sent', $at, 'floor', $from, 'Caseworker', 'healthcare')",
                     [("$case", caseId), ("$id", referralId), ("$at", Instant(now)), ("$from", sender)]),
                ],
                [("referral.send", "referral", referralId, caseId, (string)c["SubjectId"]!, (string)c["RegionCode"]!, "floor", sender, "consent")]);
            return Results.Created($"/floor/referrals/{referralId}", new { id = referralId, status = "requested" });
        }).AllowAnonymous();

        app.MapPost("/floor/referrals/{id:guid}/receive", async (Guid id) =>
        {
            await using var connection = await OpenAsync();
            if (!await ActiveAsync(connection, receiver))
            {
                return Results.StatusCode(403);
            }

            Dictionary<string, object?> r;
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = """
                    SELECT r.*, c.CaseNumber, c.SubjectId AS CaseSubjectId, c.RegionCode AS CaseRegionCode
                    FROM FloorReferrals r JOIN Cases c ON c.Id = r.CaseId
                    WHERE r.Id = $id AND (r.FromAgencyId = $a OR r.ToAgencyId = $a)
                    """;
                read.Parameters.AddWithValue("$id", Text(id));
                read.Parameters.AddWithValue("$a", receiver);
                await using var reader = await read.ExecuteReaderAsync();
                if (!await reader.ReadAsync())
                {
                    return Results.NotFound();
                }

                r = Row(reader);
            }

            if ((string)r["Status"]! != "Requested" || (string)r["ToAgencyId"]! != receiver)
            {
                return Results.Conflict();
            }

            var now = Instant(DateTime.UtcNow);
            var caseId = (string)r["CaseId"]!;
            await WriteAsync(
                connection,
                [
                    ("UPDATE FloorReferrals SET Status = 'Received', ReceivedAt = $at, LastEventAt = $at, LastEventByUserId = 'floor', LastEventByAgencyId = $a, Version = Version + 1 WHERE Id = $id AND Version = $version",
                     [("$at", now), ("$a", receiver), ("$id", Text(id)), ("$version", r["Version"])]),
                    ("INSERT INTO FloorTimeline (CaseId, ReferralId, Kind, At, ActorUserId, ActorAgencyId, ActorRole, Detail) VALUES ($case, $id, 'referral.received', $at, 'floor', $a, 'Caseworker', NULL)",
                     [("$case", caseId), ("$id", Text(id)), ("$at", now), ("$a", receiver)]),
                ],
                [("referral.receive", "referral", Text(id), caseId, (string?)r["CaseSubjectId"], (string?)r["CaseRegionCode"], "floor", receiver, "party")]);
            return Results.Ok(new { id, status = "received" });
        }).AllowAnonymous();
    }
}
