using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Xunit;

namespace CaseCoordination.Api.Tests.Support;

/// <summary>Runs a SQL file with PostgreSQL's own client, as an operator would; skips the test where psql is not installed.</summary>
public static class Psql
{
    public static async Task RunFileAsync(string connectionString, string file, params (string Name, string Value)[] variables)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("psql")
        {
            ArgumentList =
            {
                "-X", "-q", "-h", target.Host!, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.Username!,
                "-d", target.Database!, "-v", "ON_ERROR_STOP=1", "-f", file,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in variables)
        {
            start.ArgumentList.Add("-v");
            start.ArgumentList.Add($"{name}={value}");
        }

        start.Environment["PGPASSWORD"] = target.Password;
        Process psql;
        try
        {
            psql = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip($"psql (PostgreSQL's client) is not installed: {Path.GetFileName(file)} cannot be run.");
            throw;
        }

        using (psql)
        {
            var output = psql.StandardOutput.ReadToEndAsync();
            var error = psql.StandardError.ReadToEndAsync();
            await Task.WhenAll(output, error, psql.WaitForExitAsync());
            Assert.True(psql.ExitCode == 0, $"{Path.GetFileName(file)} failed: {await error}");
        }
    }

    /// <summary>A path inside the repository (found from the test binaries upwards by CaseCoordination.sln).</summary>
    public static string InRepository(params string[] parts)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CaseCoordination.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine([folder?.FullName ?? throw new InvalidOperationException("The repository root (CaseCoordination.sln) was not found."), .. parts]);
    }
}
