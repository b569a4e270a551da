using CaseCoordination.Benchmarks;

// Benchmarks, not tests: each prints a table for docs/performance.md. Bounded in count and time,
// and every request goes to the loopback address of this machine.
//   dotnet run -c Release --project build/CaseCoordination.Benchmarks -- transitions [clients] [referralsPerClient]
//   dotnet run -c Release --project build/CaseCoordination.Benchmarks -- dashboards [10000,100000,1000000] [samples]
//   dotnet run -c Release --project build/CaseCoordination.Benchmarks -- access-log [entries=1000000] [cases=10000] [querySamples=200] [caseReads=2000] [whatIf=true]
//   dotnet run -c Release --project build/CaseCoordination.Benchmarks -- protect [iterations=20000] [rounds=5]
//   dotnet run -c Release --project build/CaseCoordination.Benchmarks -- page [referrals=100000] [samples=20]   (needs /usr/bin/chromium)
//   dotnet run -c Release --project build/CaseCoordination.Benchmarks -- webhooks [clients=8] [pairsPerClient=150] [rounds=2]
//   build/throughput.sh [seconds]   (starts this harness with: load-server <folder> <referrals> <maxMinutes>;
//                                    with LOAD_POSTGRES also: load-server-join <folder> <instance> <maxMinutes> and open-loop)
//   dotnet run -c Release --project build/CaseCoordination.Benchmarks -- open-loop <folder> [rate=500] [seconds=60] [readShare=0.8] [warmupSeconds=10]
var command = args.FirstOrDefault() ?? "transitions";
switch (command)
{
    case "transitions":
        await TransitionBenchmark.RunAsync(
            clients: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16,
            referralsPerClient: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40);
        return 0;
    case "dashboards":
        await DashboardBenchmark.RunAsync(
            args.Length > 1 ? args[1].Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToList() : [10_000, 100_000, 1_000_000],
            samples: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20);
        return 0;
    case "access-log":
        await AccessLogBenchmark.RunAsync(
            entries: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
            caseCount: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000,
            querySamples: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 200,
            caseReads: args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 2_000,
            whatIf: args.Length <= 5 || bool.Parse(args[5]));
        return 0;
    case "protect":
        ProtectBenchmark.Run(
            iterations: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000,
            rounds: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
        return 0;
    case "page":
        await PageBenchmark.RunAsync(
            referrals: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
            samples: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20);
        return 0;
    case "webhooks":
        await WebhookLatencyBenchmark.RunAsync(
            clients: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8,
            requestsPerClient: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 150,
            rounds: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 2);
        return 0;
    case "load-server":
        await LoadServer.RunAsync(
            args.Length > 1 ? args[1] : "/tmp/casecoordination-load",
            transitionReferrals: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200_000,
            maxMinutes: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 30);
        return 0;
    case "load-server-join":
        await LoadServer.JoinAsync(
            args.Length > 1 ? args[1] : "/tmp/casecoordination-load",
            instance: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2,
            maxMinutes: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 30);
        return 0;
    case "open-loop":
        await OpenLoop.RunAsync(
            args.Length > 1 ? args[1] : "/tmp/casecoordination-load",
            rate: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 500,
            seconds: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 60,
            readShare: args.Length > 4 ? double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 0.8,
            warmupSeconds: args.Length > 5 ? int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 10);
        return 0;
    case "explain":
        // The plan and time of one statement on a kept benchmark database, with the SQLite the API uses.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={args[1]}"))
        {
            await connection.OpenAsync();
            foreach (var prefix in new[] { "EXPLAIN QUERY PLAN ", string.Empty, string.Empty })
            {
                await using var statement = connection.CreateCommand();
                statement.CommandText = prefix + args[2];
                for (var i = 3; i + 1 < args.Length; i += 2)
                {
                    statement.Parameters.AddWithValue(args[i], int.TryParse(args[i + 1], out var n) ? n : args[i + 1]);
                }

                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await using var reader = await statement.ExecuteReaderAsync();
                var rows = 0;
                while (await reader.ReadAsync())
                {
                    rows++;
                    if (prefix.Length > 0)
                    {
                        Console.WriteLine(reader.GetValue(reader.FieldCount - 1));
                    }
                }

                Console.WriteLine($"{rows} rows in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1} ms");
            }
        }

        return 0;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{command}'. Known: transitions, access-log, dashboards, protect, page, load-server, load-server-join, open-loop, explain.");
        return 2;
}
