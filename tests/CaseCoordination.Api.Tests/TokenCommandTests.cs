using CaseCoordination.Api;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>The README's `token` command mints only tokens the API accepts (TokenClaimRules).</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class TokenCommandTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("ab")]
    [InlineData("999")]
    public void A_region_that_is_no_region_scope_is_refused_instead_of_minted(string region)
    {
        var (exit, output, error) = Run("--role", "auditor", "--region", region);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("--region must be a two-digit region code", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("*")]
    public void A_region_scope_is_minted(string region)
    {
        var (exit, output, _) = Run("--role", "auditor", "--region", region);
        Assert.Equal(0, exit);
        Assert.Equal(3, output.Trim().Split('.').Length);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (TokenCommand.Run(args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}

/// <summary>Tests that redirect the process's console run one at a time.</summary>
[CollectionDefinition(nameof(ConsoleOutput), DisableParallelization = true)]
public sealed class ConsoleOutput;
