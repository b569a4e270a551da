using CaseCoordination.Benchmarks;

// Benchmarks, not tests: each prints a table for docs/performance.md. Bounded in count and time,
// and every request goes to the loopback address of this machine.
//   dotnet run -c Release --project build/CaseCoordination.Benchmarks -- transitions [clients] [referralsPerClient]
var command = args.FirstOrDefault() ?? "transitions";
switch (command)
{
    case "transitions":
        await TransitionBenchmark.RunAsync(
            clients: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16,
            referralsPerClient: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{command}'. Known: transitions.");
        return 2;
}
