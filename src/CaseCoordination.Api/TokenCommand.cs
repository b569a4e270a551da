using CaseCoordination.Api.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CaseCoordination.Api;

/// <summary>
/// <c>dotnet run --project src/CaseCoordination.Api -- token --role caseworker --agency 00000000-0000-0000-0000-000000000001</c>
/// prints a development token signed with <c>Auth:DevSigningKey</c> from appsettings.Development.json.
/// </summary>
public static class TokenCommand
{
    public static int Run(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        var role = options.GetValueOrDefault("role", "caseworker");
        if (ClaimNames.ParseRole(role) is null)
        {
            Console.Error.WriteLine("--role must be caseworker, coordinator, auditor or admin.");
            return 2;
        }

        Guid? agency = null;
        if (options.TryGetValue("agency", out var agencyText))
        {
            if (!Guid.TryParse(agencyText, out var parsed))
            {
                Console.Error.WriteLine("--agency must be an agency id (a GUID).");
                return 2;
            }

            agency = parsed;
        }
        else if (role == "caseworker")
        {
            agency = CaseCoordination.Infrastructure.Persistence.DemoData.Id(1); // Socialtjänsten Ekstad
        }

        var region = options.GetValueOrDefault("region", role is "coordinator" or "auditor" ? "99" : null!);
        if (region is not null && !Application.Common.Security.RegionScope.IsScopeCode(region))
        {
            // The API refuses such a token (401, TokenClaimRules): say so here instead of minting it.
            Console.Error.WriteLine("--region must be a two-digit region code, or * for the national level.");
            return 2;
        }

        var hours = int.Parse(options.GetValueOrDefault("hours", "8"), System.Globalization.CultureInfo.InvariantCulture);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile("appsettings.Development.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var key = configuration["Auth:DevSigningKey"];
        if (string.IsNullOrEmpty(key))
        {
            Console.Error.WriteLine("Auth:DevSigningKey is not configured (appsettings.Development.json).");
            return 2;
        }

        var subject = options.GetValueOrDefault("sub", $"dev-{role}");
        Console.WriteLine(DevTokens.Mint(key, subject, role, agency, region, TimeSpan.FromHours(hours), DateTimeOffset.UtcNow));
        return 0;
    }
}
