using System.Data.Common;
using System.Diagnostics;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;
using CaseCoordination.Infrastructure.AccessLog;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CaseCoordination.Benchmarks;

public sealed record FillResult(long FirstId, long LastId, int Written, TimeSpan Took, IReadOnlyList<(Guid CaseId, Guid SubjectId)> Cases);

/// <summary>
/// Appends synthetic but real access-log entries: each built as the API builds it, stamped with the
/// region, sealed into the hash chain in order from the current head, written with batched, prepared
/// INSERTs (one transaction per batch) whose parameters go through EF Core's own type mappings, and
/// the head row moved in the last transaction — so <c>/audit/verify</c> must find the chain valid.
/// The secondary indexes stay in place while writing, as they are in production.
/// </summary>
public static class AccessLogFill
{
    private static readonly (string Action, string ResourceType, int Weight)[] Actions =
    [
        ("case.read", "case", 30), ("case.timeline.read", "case", 10), ("case.list", "case", 8), ("referral.read", "referral", 12),
        ("referral.send", "referral", 6), ("referral.receive", "referral", 4), ("referral.accept", "referral", 4), ("referral.start", "referral", 3),
        ("referral.complete", "referral", 3), ("consent.record", "consent", 4), ("consent.list", "consent", 6), ("lead-handover.propose", "lead-handover", 2),
        ("lead-handover.read", "lead-handover", 3), ("case.open", "case", 2), ("case.close", "case", 1), ("dashboard.read", "dashboard", 2),
    ];

    private static readonly string[] RefusalCodes = ["not-found", "forbidden", "no-consent", "precondition-failed", "invalid-request"];

    public static async Task<FillResult> FillAsync(
        IServiceProvider services, string regionCode, int total, int caseCount, IReadOnlyList<(Guid CaseId, Guid SubjectId)> realCases, int seed, int batchSize = 20_000)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(seed);
        Guid NextGuid()
        {
            Span<byte> bytes = stackalloc byte[16];
            random.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes);
        }

        // ~caseCount cases (the real ones first), each with its person; a few dozen agencies and users.
        var cases = new List<(Guid CaseId, Guid SubjectId)>(realCases);
        while (cases.Count < caseCount)
        {
            cases.Add((NextGuid(), NextGuid()));
        }

        var agencies = Enumerable.Range(1, 12).Select(DemoData.Id).Concat(Enumerable.Range(0, 24).Select(_ => NextGuid())).ToArray();
        var users = Enumerable.Range(0, 60).Select(u => (Id: $"bench-user-{u:D2}", Agency: agencies[u % agencies.Length], Role: u % 10 == 9 ? Role.Coordinator : Role.Caseworker)).ToArray();
        var consents = Enumerable.Range(0, 200).Select(_ => $"consent:{NextGuid():D}").ToArray();
        var weights = Actions.Sum(a => a.Weight);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        var entityType = db.Model.FindEntityType(typeof(AccessLogEntry)) ?? throw new InvalidOperationException("AccessLogEntry is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = entityType.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping(), Getter: p.GetGetter())).ToList();
        var headType = db.Model.FindEntityType(typeof(AccessLogChainHead))!;
        var headTable = StoreObjectIdentifier.Table(headType.GetTableName()!, headType.GetSchema());
        var lastAtMapping = (RelationalTypeMapping)headType.FindProperty(nameof(AccessLogChainHead.LastAt))!.GetRelationalTypeMapping();
        string HeadColumn(string name) => headType.FindProperty(name)!.GetColumnName(headTable)!;

        // A connection of our own (not pooled), so that the pragmas for bulk writing never reach the API's connections.
        var connectionString = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await Execute(connection, null, "PRAGMA cache_size = -524288;"); // 512 MiB for this connection only
        await Execute(connection, null, "PRAGMA synchronous = OFF;");    // this connection only; the file stays in WAL

        var head = await db.Set<AccessLogChainHead>().AsNoTracking().SingleAsync(h => h.Id == AccessLogChainHead.SingletonId);
        var firstId = head.LastEntryId + 1;
        var id = head.LastEntryId;
        var hash = head.LastHash;

        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO \"{entityType.GetTableName()}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) " +
                             $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var parameters = columns.Select((c, i) => (DbParameter)c.Mapping.CreateParameter(insert, $"$p{i}", null, nullable: true)).ToArray();
        insert.Parameters.AddRange(parameters);

        var end = DateTimeOffset.UtcNow.AddMinutes(-1);
        var start = end.AddDays(-365);
        var step = (end - start).Ticks / Math.Max(1, total);
        var written = 0;
        while (written < total)
        {
            var count = Math.Min(batchSize, total - written);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            insert.Transaction = transaction;
            if (written == 0)
            {
                insert.Prepare();
            }

            DateTimeOffset at = default;
            for (var i = 0; i < count; i++)
            {
                var (caseId, subjectId) = cases[random.Next(cases.Count)];
                var user = users[random.Next(users.Length)];
                var pick = random.Next(weights);
                var action = Actions[0];
                foreach (var candidate in Actions)
                {
                    if ((pick -= candidate.Weight) < 0)
                    {
                        action = candidate;
                        break;
                    }
                }

                var refused = random.Next(100) < 4;
                at = start.AddTicks(step * (written + i));
                var resourceId = action.ResourceType switch { "case" => caseId, "dashboard" => (Guid?)null, _ => NextGuid() };
                var concernsCase = action.ResourceType != "dashboard";
                var basis = refused ? null : random.Next(10) switch { < 5 => AccessBasis.RecordingAgency, < 8 => AccessBasis.Party, _ => consents[random.Next(consents.Length)] };
                var entry = new AccessLogEntry(
                    at, user.Id, user.Agency, user.Role, random.Next(20) == 0 ? "ekstad-case-system" : null, action.Action, action.ResourceType, resourceId,
                    concernsCase ? caseId : null, concernsCase ? subjectId : null, refused ? AccessOutcome.Refused : AccessOutcome.Allowed,
                    basis, refused ? RefusalCodes[random.Next(RefusalCodes.Length)] : null);
                entry.PlaceInRegion(concernsCase ? regionCode : null);
                entry.Seal(++id, hash);
                hash = entry.Hash;
                for (var c = 0; c < columns.Count; c++)
                {
                    var value = columns[c].Getter.GetClrValue(entry);
                    if (value is not null && columns[c].Mapping.Converter is { } converter)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    parameters[c].Value = value ?? DBNull.Value;
                }

                await insert.ExecuteNonQueryAsync();
            }

            written += count;
            if (written == total)
            {
                // Move the head in the same transaction as the last entries, and only if nobody else moved it.
                await using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = $"UPDATE \"{headType.GetTableName()}\" SET \"{HeadColumn(nameof(AccessLogChainHead.LastEntryId))}\" = $last, " +
                                     $"\"{HeadColumn(nameof(AccessLogChainHead.LastHash))}\" = $hash, \"{HeadColumn(nameof(AccessLogChainHead.LastAt))}\" = $at " +
                                     $"WHERE \"{HeadColumn(nameof(AccessLogChainHead.Id))}\" = {AccessLogChainHead.SingletonId} AND \"{HeadColumn(nameof(AccessLogChainHead.LastEntryId))}\" = $previous";
                update.Parameters.AddWithValue("$last", id);
                update.Parameters.AddWithValue("$hash", hash);
                update.Parameters.Add(lastAtMapping.CreateParameter(update, "$at", at, nullable: true));
                update.Parameters.AddWithValue("$previous", head.LastEntryId);
                if (await update.ExecuteNonQueryAsync() != 1)
                {
                    throw new InvalidOperationException("The head of the access-log chain moved while filling.");
                }
            }

            await transaction.CommitAsync();
        }

        await Execute(connection, null, "PRAGMA wal_checkpoint(TRUNCATE);");
        return new FillResult(firstId, id, written, clock.Elapsed, cases);
    }

    private static async Task Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
