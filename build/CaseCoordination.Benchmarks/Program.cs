using CaseCoordination.Benchmarks;

// Benchmarks, not tests: each prints a table for docs/performance.md. Bounded in count and time,
// and every request goes to the loopback address of this machine.
//   dotnet run -c Release --project build/CaseCoordination.Benchmarks -- transitions [clients] [referralsPerClient]
//   dotnet run -c Release --project build/CaseCoordination.Benchmarks -- dashboards [10000,100000,1000000] [samples]
//   dotnet run -c Release --project build/CaseCoordination.Benchmarks -- access-log [entries=1000000] [cases=10000] [querySamples=200] [caseReads=2000] [whatIf=true]
//   build/throughput.sh [seconds]   (starts this harness with: load-server <folder> <referrals> <maxMinutes>)
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
    case "load-server":
        await LoadServer.RunAsync(
            args.Length > 1 ? args[1] : "/tmp/casecoordination-load",
            transitionReferrals: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200_000,
            maxMinutes: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 30);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{command}'. Known: transitions, access-log, dashboards, load-server.");
        return 2;
}
