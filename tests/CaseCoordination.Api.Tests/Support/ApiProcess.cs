using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using CaseCoordination.Api.Infrastructure;

namespace CaseCoordination.Api.Tests.Support;

/// <summary>
/// The built API (<c>CaseCoordination.Api.dll</c> beside the test assembly, which references the API
/// project) run as a real operating-system process, <c>dotnet CaseCoordination.Api.dll</c>, on a free
/// loopback port: for what only several processes show (several instances over one server database,
/// a process killed mid-work). Unlike <see cref="ApiFactory"/> it has the real clock and no fake
/// services; it runs in the Development environment, so that tokens signed with
/// <see cref="ApiFactory.DevKey"/> are accepted, and takes its settings as environment variables.
/// Its standard output and error are kept for failure messages; disposing kills its process tree.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    /// <summary>How long a start may take before it counts as hung (a guard against a stuck test run, not a measurement).</summary>
    private static readonly TimeSpan StartGuard = TimeSpan.FromMinutes(3);

    private const int KeptLines = 400;

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly HttpClient _anonymous;
    private bool _disposed;

    private ApiProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        _anonymous = new HttpClient { BaseAddress = baseAddress };
    }

    /// <summary>The name given at the start (used in messages and the captured output).</summary>
    public string Name { get; }

    public Uri BaseAddress { get; }

    public int ProcessId { get; private set; }

    /// <summary>Whether the process has ended (also after <see cref="DisposeAsync"/>).</summary>
    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>The last lines the process wrote to standard output and error, in order.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>
    /// Settings every instance of a test shares, as the in-process tests set them: the development
    /// signing and look-up keys, the demo agencies without invented referrals, limits out of the way,
    /// warnings and errors only in the log (plus the host's start and stop lines).
    /// </summary>
    public static Dictionary<string, string?> CommonSettings(string keysDirectory) => new()
    {
        ["Auth:DevSigningKey"] = ApiFactory.DevKey,
        ["PersonalData:KeysDirectory"] = keysDirectory,
        ["PersonalData:LookupKey"] = ApiFactory.LookupKey,
        ["Database:SeedDemoData"] = "true",
        ["Database:DemoReferrals"] = "0",
        ["RateLimits:PerUser"] = "1000000",
        ["RateLimits:PerAgency"] = "1000000",
        ["Serilog:MinimumLevel:Default"] = "Warning",
        ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Information",
    };

    /// <summary>
    /// Starts the API with <paramref name="settings"/> (configuration keys such as
    /// <c>Database:Provider</c>; they become environment variables, <c>:</c> written <c>__</c>) and
    /// returns once <c>/health/ready</c> answers 200: the database answers and its schema is current.
    /// Throws with the process's output when it exits first or does not get ready.
    /// </summary>
    private const string Timeout = "/usr/bin/timeout";

    public static async Task<ApiProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var folder = AppContext.BaseDirectory;
        var dll = Path.Combine(folder, "CaseCoordination.Api.dll");
        if (!File.Exists(dll) || !File.Exists(Path.Combine(folder, "CaseCoordination.Api.runtimeconfig.json")))
        {
            throw new InvalidOperationException($"The built API is not beside the tests ({dll}); build the solution first (dotnet build CaseCoordination.sln).");
        }

        var port = FreeLoopbackPort();
        // Under coreutils' timeout where it exists: a test host that dies without disposing (killed, a
        // crash) cannot take its API processes with it, and they would serve on for ever; this bounds them.
        string[] command = File.Exists(Timeout) ? [Timeout, "--kill-after=10", "2700", DotnetHost(), dll] : [DotnetHost(), dll];
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            // The content root (appsettings*.json, relative folders) is the working directory.
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        start.Environment["ASPNETCORE_HTTP_PORTS"] = string.Empty;
        start.Environment["ASPNETCORE_HTTPS_PORTS"] = string.Empty;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? string.Empty;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var api = new ApiProcess(name, process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => api.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => api.Keep(e.Data is null ? null : "stderr: " + e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: dotnet {dll} did not start.");
        }

        api.ProcessId = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await api.WaitUntilReadyAsync(cancellationToken);
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of this instance with a development token for the given user, as <see cref="ApiFactory.As"/> makes them.</summary>
    public HttpClient As(string user, string role, Guid? agencyId, string? region)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        var token = DevTokens.Mint(ApiFactory.DevKey, user, role, agencyId, region, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Caseworker(Guid agencyId, string user = "caseworker-1") => As(user, "caseworker", agencyId, null);

    /// <summary>Kills the process and everything it started, at once (no graceful stop): a crash, as a test may need one.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
    }

    /// <summary>A failure message naming the instance, with what it wrote.</summary>
    public string Describe(string what) => $"{Name} ({BaseAddress}, pid {ProcessId}{(HasExited ? ", exited" : string.Empty)}): {what}\n--- output of {Name} ---\n{Output}";

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await KillAsync();
        _disposed = true;
        _anonymous.Dispose();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(StartGuard);
        var last = "no answer yet";
        while (true)
        {
            if (_process.HasExited)
            {
                // Let the output readers drain what the process wrote last.
                await _process.WaitForExitAsync(CancellationToken.None);
                throw new InvalidOperationException(Describe($"exited with code {_process.ExitCode} before /health/ready answered 200"));
            }

            try
            {
                using var response = await _anonymous.GetAsync("health/ready", guard.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"/health/ready answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (OperationCanceledException) when (guard.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(Describe($"not ready within {StartGuard}; last: {last}"));
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), guard.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(Describe($"not ready within {StartGuard}; last: {last}"));
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptLines)
            {
                _output.Dequeue();
            }
        }
    }

    /// <summary>A port the system had free a moment ago: bound and released at once.</summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The dotnet host running these tests (so the API runs on the same runtime), else dotnet on PATH.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
