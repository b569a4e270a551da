using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Application.Audit;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Audit.Queries;
using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Cases.Queries;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.Common;
using CaseCoordination.Infrastructure.Persistence;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseCoordination.Benchmarks;

/// <summary>
/// The access log at size: fills the log with N real, sealed chain entries over ~10,000 cases of the
/// demo region, then times over HTTP the auditor's case and person queries, a full verification of
/// the chain, and what the log adds to a case read (against a host whose access-logging behaviour is
/// replaced by a plain unit of work).
/// </summary>
public static partial class AccessLogBenchmark
{
    private const string Region = DemoData.RegionCode;
    private const int Warmup = 20;

    public static async Task RunAsync(int entries, int caseCount, int querySamples, int caseReads, bool whatIf)
    {
        var figures = new List<(string Figure, string Value)>();
        var whatIfFigures = new List<(string Figure, string Value)>();
        var notes = new List<string>();
        var machine = Machine();
        Console.WriteLine($"machine: {machine}");
        Console.WriteLine($"entries: {entries:N0}, cases: {caseCount:N0}, query samples: {querySamples}, case reads: {caseReads}");

        (double P50, double P90, double P99) caseReadLogged, caseReadLoggedSmall, caseReadUnlogged;
        long smallLog;
        var digestRoot = Path.Combine(Path.GetTempPath(), "casecoordination-bench", "digests-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var host = await BenchmarkHost.StartAsync(new Dictionary<string, string?> { ["AccessLog:DigestDirectory"] = Path.Combine(digestRoot, "a") }))
            {
                Console.WriteLine($"pipeline (normal): {Pipeline(host)}");
                using var handler = new SocketsHttpHandler();
                var caseworker = Client(handler, host.Address, "bench-caseworker", "caseworker", DemoData.Id(1), null);
                var auditor = Client(handler, host.Address, "bench-auditor", "auditor", null, Region);

                // A few real cases through the API (their opening is logged by the real pipeline); the fill adds entries for them.
                var real = new List<(Guid CaseId, Guid SubjectId)>();
                for (var i = 0; i < 5; i++)
                {
                    var opened = await Json(await caseworker.PostAsJsonAsync("/api/v1/cases", new { person = new { name = $"Bench {i}" }, municipalityCode = "9901", intakeChannel = "outreach" }));
                    real.Add((Guid.Parse(opened["id"]!.GetValue<string>()), Guid.Parse(opened["subjectId"]!.GetValue<string>())));
                }

                // The process is cold here: warm up as many reads as are measured (JIT tiering, pools), as for the variant.
                var readPath = $"/api/v1/cases/{real[0].CaseId}";
                await TimeAsync(caseworker, Enumerable.Repeat(readPath, caseReads).ToList());
                smallLog = await LogLengthAsync(host);
                caseReadLoggedSmall = await TimeAsync(caseworker, Enumerable.Repeat(readPath, caseReads).ToList());
                Console.WriteLine(F($"case read, normal pipeline, small log: p50 {caseReadLoggedSmall.P50:F2} ms, p99 {caseReadLoggedSmall.P99:F2} ms"));

                var fill = await AccessLogFill.FillAsync(host.Services, Region, entries, caseCount, real, seed: 42);
                Console.WriteLine(F($"fill: {fill.Written:N0} entries (ids {fill.FirstId:N0}–{fill.LastId:N0}) in {fill.Took.TotalSeconds:F1} s ({fill.Written / fill.Took.TotalSeconds:N0} entries/s)"));
                figures.Add(("fill (sealed, batched INSERTs of 20,000 per transaction)", F($"{fill.Took.TotalSeconds:F1} s ({fill.Written / fill.Took.TotalSeconds:N0} entries/s)")));
                string dbFile;
                await using (var scope = host.Services.CreateAsyncScope())
                {
                    dbFile = new SqliteConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>().Database.GetConnectionString()).DataSource;
                }

                figures.Add(("database file after fill", F($"{new FileInfo(dbFile).Length / (1024.0 * 1024):N0} MiB")));

                // The real case's page must hold filled entries: the fill wrote what the API reads.
                var check = await Json(await auditor.GetAsync($"/api/v1/audit/entries?caseId={real[0].CaseId}&limit=50"));
                var checkIds = check["items"]!.AsArray().Select(e => e!["id"]!.GetValue<long>()).ToList();
                if (!checkIds.Any(id => id >= fill.FirstId))
                {
                    throw new InvalidOperationException($"The audit query did not find the filled entries of case {real[0].CaseId}: ids {string.Join(',', checkIds)}.");
                }

                // The auditor's case and person queries for random existing ids.
                var pick = new Random(7);
                var caseIds = Enumerable.Range(0, querySamples).Select(_ => fill.Cases[pick.Next(fill.Cases.Count)].CaseId).ToList();
                var subjectIds = Enumerable.Range(0, querySamples).Select(_ => fill.Cases[pick.Next(fill.Cases.Count)].SubjectId).ToList();
                var warm = Enumerable.Range(0, Warmup).Select(i => i % 2 == 0
                    ? $"/api/v1/audit/entries?caseId={fill.Cases[pick.Next(fill.Cases.Count)].CaseId}&limit=50"
                    : $"/api/v1/audit/entries?subjectId={fill.Cases[pick.Next(fill.Cases.Count)].SubjectId}&limit=50").ToList();
                await TimeAsync(auditor, warm);
                var byCaseItems = new List<int>();
                var byCase = await TimeAsync(auditor, caseIds.Select(id => $"/api/v1/audit/entries?caseId={id}&limit=50").ToList(), byCaseItems);
                var bySubjectItems = new List<int>();
                var bySubject = await TimeAsync(auditor, subjectIds.Select(id => $"/api/v1/audit/entries?subjectId={id}&limit=50").ToList(), bySubjectItems);
                figures.Add(($"GET /audit/entries?caseId=…&limit=50 ({querySamples} ids; mean {byCaseItems.Average():F1} items)", Pcts(byCase)));
                figures.Add(($"GET /audit/entries?subjectId=…&limit=50 ({querySamples} ids; mean {bySubjectItems.Average():F1} items)", Pcts(bySubject)));

                // The same queries without HTTP and the pipeline: EF Core alone, to tell the database's share.
                var (efCase, efSubject, plans) = await DirectQueriesAsync(host.Services, caseIds, subjectIds, "SQLite, shipped schema, no ANALYZE statistics — as in production");
                figures.Add(("  same, EF Core query only (no HTTP, no pipeline): caseId", Pcts(efCase)));
                figures.Add(("  same, EF Core query only (no HTTP, no pipeline): subjectId", Pcts(efSubject)));
                notes.AddRange(plans);

                // A full verification of the chain.
                var started = Stopwatch.GetTimestamp();
                var verify = await Json(await auditor.GetAsync("/api/v1/audit/verify"));
                var took = Stopwatch.GetElapsedTime(started);
                var verified = verify["verifiedEntries"]!.GetValue<long>();
                if (!verify["valid"]!.GetValue<bool>())
                {
                    throw new InvalidOperationException($"The chain is not valid: {verify.ToJsonString()}");
                }

                figures.Add(("GET /audit/verify (valid: true)", F($"{took.TotalSeconds:F2} s for {verified:N0} entries = {verified / took.TotalSeconds:N0} entries/s")));

                await TimeAsync(caseworker, Enumerable.Repeat(readPath, Warmup).ToList());
                caseReadLogged = await TimeAsync(caseworker, Enumerable.Repeat(readPath, caseReads).ToList());

                if (whatIf)
                {
                    // Not the shipped schema: after every figure above, try candidate fixes on this database.
                    whatIfFigures.AddRange(await WhatIfAsync(host.Services, auditor, caseIds, subjectIds, notes));
                }
            }

            await using (var host = await BenchmarkHost.StartAsync(
                             new Dictionary<string, string?> { ["AccessLog:DigestDirectory"] = Path.Combine(digestRoot, "b") },
                             services => Console.WriteLine($"replaced {WithoutAccessLog.ReplaceAccessLogging(services)} AccessLoggingBehaviour registrations")))
            {
                Console.WriteLine($"pipeline (variant): {Pipeline(host)}");
                using var handler = new SocketsHttpHandler();
                var caseworker = Client(handler, host.Address, "bench-caseworker", "caseworker", DemoData.Id(1), null);
                var opened = await Json(await caseworker.PostAsJsonAsync("/api/v1/cases", new { person = new { name = "Bench 0" }, municipalityCode = "9901", intakeChannel = "outreach" }));
                var readPath = $"/api/v1/cases/{opened["id"]!.GetValue<string>()}";
                await TimeAsync(caseworker, Enumerable.Repeat(readPath, caseReads).ToList());
                caseReadUnlogged = await TimeAsync(caseworker, Enumerable.Repeat(readPath, caseReads).ToList());
                await using var scope = host.Services.CreateAsyncScope();
                var logged = await scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>().AccessLog.CountAsync();
                if (logged != 0)
                {
                    throw new InvalidOperationException($"The variant without the access log wrote {logged} entries.");
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(digestRoot, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }

        figures.Add(($"GET /cases/{{id}}, normal pipeline, log of {entries:N0} ({caseReads:N0} sequential reads)", Pcts(caseReadLogged)));
        figures.Add(($"GET /cases/{{id}}, normal pipeline, before the fill: log of {smallLog:N0} entries ({caseReads:N0} sequential reads)", Pcts(caseReadLoggedSmall)));
        figures.Add(($"GET /cases/{{id}}, AccessLoggingBehaviour replaced by UnitOfWorkOnlyBehaviour ({caseReads:N0} sequential reads)", Pcts(caseReadUnlogged)));
        figures.Add(($"case read overhead of the access log at {entries:N0} (normal ÷ without log)",
            F($"p50 ×{caseReadLogged.P50 / caseReadUnlogged.P50:F2}, p99 ×{caseReadLogged.P99 / caseReadUnlogged.P99:F2}")));
        figures.Add((F($"case read overhead of the access log, log of {smallLog:N0} (normal ÷ without log)"),
            F($"p50 ×{caseReadLoggedSmall.P50 / caseReadUnlogged.P50:F2}, p99 ×{caseReadLoggedSmall.P99 / caseReadUnlogged.P99:F2}")));

        Console.WriteLine();
        Console.WriteLine($"### Access log, {entries:N0} entries");
        Console.WriteLine();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| machine | {machine} |");
        Console.WriteLine($"| N (entries filled) / cases | {entries:N0} / {caseCount:N0} (region {Region}) |");
        foreach (var (figure, value) in figures)
        {
            Console.WriteLine($"| {figure} | {value} |");
        }

        Console.WriteLine($"| command | `dotnet run -c Release --project build/CaseCoordination.Benchmarks -- access-log {entries} {caseCount} {querySamples} {caseReads}{(whatIf ? "" : " false")}` |");
        Console.WriteLine();
        if (whatIfFigures.Count > 0)
        {
            Console.WriteLine($"### What if (candidate schema changes tried on the filled database after the figures above; not the shipped schema), {entries:N0} entries");
            Console.WriteLine();
            Console.WriteLine("| variant | query | value |");
            Console.WriteLine("|---|---|---|");
            foreach (var (figure, value) in whatIfFigures)
            {
                Console.WriteLine($"| {figure} | {value} |");
            }

            Console.WriteLine();
        }

        foreach (var note in notes)
        {
            Console.WriteLine(note);
        }
    }

    /// <summary>
    /// Candidate fixes for the audit queries' plan, each tried alone on the filled database: indexes that
    /// lead with the filtered id and end with the sort key, and statistics (ANALYZE) with the shipped indexes.
    /// </summary>
    private static async Task<List<(string Figure, string Value)>> WhatIfAsync(
        IServiceProvider services, HttpClient auditor, List<Guid> caseIds, List<Guid> subjectIds, List<string> notes)
    {
        var results = new List<(string, string)>();
        (string Name, string[] Setup, string[] Teardown)[] variants =
        [
            ("indexes (CaseId, Id) and (SubjectId, Id)",
                ["CREATE INDEX \"WhatIf_CaseId_Id\" ON \"AccessLog\" (\"CaseId\", \"Id\")", "CREATE INDEX \"WhatIf_SubjectId_Id\" ON \"AccessLog\" (\"SubjectId\", \"Id\")"],
                ["DROP INDEX \"WhatIf_CaseId_Id\"", "DROP INDEX \"WhatIf_SubjectId_Id\""]),
            ("indexes (CaseId, RegionCode, Id) and (SubjectId, RegionCode, Id)",
                ["CREATE INDEX \"WhatIf_CaseId_RegionCode_Id\" ON \"AccessLog\" (\"CaseId\", \"RegionCode\", \"Id\")", "CREATE INDEX \"WhatIf_SubjectId_RegionCode_Id\" ON \"AccessLog\" (\"SubjectId\", \"RegionCode\", \"Id\")"],
                ["DROP INDEX \"WhatIf_CaseId_RegionCode_Id\"", "DROP INDEX \"WhatIf_SubjectId_RegionCode_Id\""]),
            ("shipped indexes + ANALYZE (sqlite_stat1)", ["ANALYZE"], []),
        ];
        await using var scope = services.CreateAsyncScope();
        var connectionString = new SqliteConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>().Database.GetConnectionString()) { Pooling = false }.ToString();
        foreach (var (name, setup, teardown) in variants)
        {
            var started = Stopwatch.GetTimestamp();
            await RunSqlAsync(connectionString, setup);
            var took = Stopwatch.GetElapsedTime(started);
            // Pooled connections keep prepared statements: clear them so every query is planned afresh.
            SqliteConnection.ClearAllPools();
            var warm = caseIds.Take(Warmup / 2).Select(id => $"/api/v1/audit/entries?caseId={id}&limit=50")
                .Concat(subjectIds.Take(Warmup / 2).Select(id => $"/api/v1/audit/entries?subjectId={id}&limit=50")).ToList();
            await TimeAsync(auditor, warm);
            var byCase = await TimeAsync(auditor, caseIds.Select(id => $"/api/v1/audit/entries?caseId={id}&limit=50").ToList());
            var bySubject = await TimeAsync(auditor, subjectIds.Select(id => $"/api/v1/audit/entries?subjectId={id}&limit=50").ToList());
            var (efCase, efSubject, plans) = await DirectQueriesAsync(services, caseIds, subjectIds, name);
            results.Add((name, F($"setup took {took.TotalSeconds:F1} s")));
            results.Add((name, $"HTTP ?caseId | {Pcts(byCase)}"));
            results.Add((name, $"HTTP ?subjectId | {Pcts(bySubject)}"));
            results.Add((name, $"EF only ?caseId | {Pcts(efCase)}"));
            results.Add((name, $"EF only ?subjectId | {Pcts(efSubject)}"));
            notes.Add($"What if — {name}: plans");
            notes.AddRange(plans.Where(l => !l.StartsWith('.') && !l.StartsWith("SELECT", StringComparison.Ordinal) && !l.StartsWith("FROM", StringComparison.Ordinal)
                                            && !l.StartsWith("WHERE", StringComparison.Ordinal) && !l.StartsWith("ORDER", StringComparison.Ordinal)
                                            && !l.StartsWith("LIMIT", StringComparison.Ordinal) && !l.StartsWith("EF Core SQL", StringComparison.Ordinal)
                                            && !l.StartsWith("```", StringComparison.Ordinal) && l.Trim().Length > 0));
            await RunSqlAsync(connectionString, teardown);
            SqliteConnection.ClearAllPools();
        }

        return results;
    }

    private static async Task RunSqlAsync(string connectionString, IEnumerable<string> statements)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<long> LogLengthAsync(BenchmarkHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IAccessLogHead>().ReadAsync(CancellationToken.None)).LastEntryId;
    }

    /// <summary>The behaviours the GET case request runs through, in order, as the container resolves them.</summary>
    private static string Pipeline(BenchmarkHost host)
    {
        using var scope = host.Services.CreateScope();
        return string.Join(" → ", scope.ServiceProvider.GetServices<IPipelineBehavior<GetCase, CaseDto>>().Select(b => b.GetType().Name.Split('`')[0]));
    }

    private static async Task<(List<double> ByCase, List<double> BySubject, List<string> Plans)> DirectQueriesAsync(
        IServiceProvider services, List<Guid> caseIds, List<Guid> subjectIds, string planLabel)
    {
        var auditor = new BenchAuditor();
        var limit = 50;
        IQueryable<Domain.AccessLog.AccessLogEntry> Query(CaseCoordinationDbContext db, Guid? caseId, Guid? subjectId) =>
            new AccessLogFilter(caseId, subjectId, null, null, null, null, null, null).Apply(db.AccessLog.AsNoTracking().InRegionOf(auditor, e => e.RegionCode))
                .OrderByDescending(e => e.Id).Take(limit + 1);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        var byCase = new List<double>();
        var bySubject = new List<double>();
        foreach (var id in caseIds.Take(Warmup))
        {
            await Query(db, id, null).ToListAsync();
        }

        foreach (var id in caseIds)
        {
            var started = Stopwatch.GetTimestamp();
            await Query(db, id, null).ToListAsync();
            byCase.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        foreach (var id in subjectIds)
        {
            var started = Stopwatch.GetTimestamp();
            await Query(db, null, id).ToListAsync();
            bySubject.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var plans = new List<string>();
        var connectionString = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        foreach (var (name, query) in new[] { ("caseId", Query(db, caseIds[0], null)), ("subjectId", Query(db, null, subjectIds[0])) })
        {
            var text = query.ToQueryString();
            plans.Add($"EF Core SQL for ?{name}=…&limit=50:");
            plans.Add("```sql");
            plans.Add(text);
            plans.Add("```");
            await using var explain = connection.CreateCommand();
            var sql = new List<string>();
            foreach (var line in text.Split('\n'))
            {
                if (ParamLine().Match(line.TrimEnd('\r')) is { Success: true } m)
                {
                    var raw = m.Groups[2].Value;
                    object value = raw.StartsWith('\'') ? raw[1..^1].Replace("''", "'", StringComparison.Ordinal) : long.Parse(raw, CultureInfo.InvariantCulture);
                    explain.Parameters.AddWithValue(m.Groups[1].Value, value);
                }
                else
                {
                    sql.Add(line);
                }
            }

            explain.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', sql);
            plans.Add($"query plan ({planLabel}) for ?{name}=…:");
            plans.Add("```");
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plans.Add(reader.GetString(3));
                }
            }

            plans.Add("```");
        }

        return (byCase, bySubject, plans);
    }

    [GeneratedRegex(@"^\.param set (\S+) (.+)$")]
    private static partial Regex ParamLine();

    private sealed class BenchAuditor : ICurrentUser
    {
        public bool IsAuthenticated => true;
        public string UserId => "bench-auditor";
        public Role? Role => Domain.Common.Role.Auditor;
        public Guid? AgencyId => null;
        public string? Region => DemoData.RegionCode;
        public string? CallingSystem => null;
    }

    private static async Task<(double P50, double P90, double P99)> TimeAsync(HttpClient client, List<string> paths, List<int>? itemCounts = null)
    {
        var times = new List<double>(paths.Count);
        foreach (var path in paths)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
            }

            itemCounts?.Add(JsonNode.Parse(body)!["items"]!.AsArray().Count);
        }

        return Percentiles(times);
    }

    private static (double P50, double P90, double P99) Percentiles(List<double> times)
    {
        var sorted = times.Order().ToList();
        double Pct(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return (Pct(0.5), Pct(0.9), Pct(0.99));
    }

    private static string Pcts(List<double> times) => Pcts(Percentiles(times));

    private static string Pcts((double P50, double P90, double P99) p) => F($"median {p.P50:F2} ms, p90 {p.P90:F2} ms, p99 {p.P99:F2} ms");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Machine()
    {
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
                ? F($"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / (1024.0 * 1024):F1} GiB")
                : "?"
            : F($"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB");
        return $"nproc {Environment.ProcessorCount}, {memory} RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private static HttpClient Client(HttpMessageHandler handler, Uri address, string user, string role, Guid? agency, string? region)
    {
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(10) };
        var token = DevTokens.Mint(BenchmarkHost.DevKey, user, role, agency, region, TimeSpan.FromHours(4), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonObject> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }
}
