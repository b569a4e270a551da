using System.Diagnostics;
using System.Globalization;
using System.Text;
using CaseCoordination.Infrastructure.Protection;
using Microsoft.AspNetCore.DataProtection;

namespace CaseCoordination.Benchmarks;

/// <summary>
/// The cost of encrypting one field at rest (ADR 0010, ADR 0019): <see cref="PersonalDataProtection.Protect"/>
/// and <see cref="PersonalDataProtection.Unprotect"/> on texts of typical and maximum length, with a
/// key ring on disk as the API has it (default algorithms: AES-256-CBC with HMAC-SHA-256). One thread,
/// no database: the figure a save or a read pays per encrypted field it writes or materialises.
/// </summary>
public static class ProtectBenchmark
{
    public static void Run(int iterations, int rounds)
    {
        var keys = Directory.CreateTempSubdirectory("casecoordination-protect-");
        try
        {
            var provider = DataProtectionProvider.Create(keys, b => b.SetApplicationName("CaseCoordination"));
            var protection = new PersonalDataProtection(provider, Convert.ToBase64String(new byte[32]));
            Console.WriteLine("| clear text | characters | protected characters | Protect µs (median of rounds) | Unprotect µs (median of rounds) |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var (name, text) in new[]
            {
                ("a reason", Text(200)),
                ("a situation (representative)", Text(2_000)),
                ("a situation at TextLimits.FreeText", Text(8_000)),
            })
            {
                var stored = protection.Protect(text);
                var protect = Median(rounds, iterations, () => protection.Protect(text));
                var unprotect = Median(rounds, iterations, () => protection.Unprotect(stored));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {text.Length:N0} | {stored.Length:N0} | {protect:F1} | {unprotect:F1} |"));
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{iterations:N0} calls per round, {rounds} rounds; {Environment.ProcessorCount} cores; .NET {Environment.Version}"));
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    /// <summary>Swedish prose-like text: mostly ASCII with å, ä, ö (two UTF-8 bytes each).</summary>
    private static string Text(int length)
    {
        const string words = "Personen berättar att hon utnyttjades i hamnen och vill ha stöd från socialtjänsten före helgen. ";
        var text = new StringBuilder(length + words.Length);
        while (text.Length < length)
        {
            text.Append(words);
        }

        return text.ToString(0, length);
    }

    private static double Median(int rounds, int iterations, Func<string> act)
    {
        for (var i = 0; i < iterations / 10; i++)
        {
            act();
        }

        var perCall = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++)
            {
                act();
            }

            perCall.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / iterations);
        }

        perCall.Sort();
        return perCall[perCall.Count / 2];
    }
}
