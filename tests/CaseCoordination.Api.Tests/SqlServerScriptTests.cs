using System.Text.RegularExpressions;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// No SQL Server runs on these machines, so the SQL Server text the product ships is parsed here by
/// Microsoft's own T-SQL parser (ScriptDom, SQL Server 2022 grammar): the idempotent migration script
/// a DBA runs, the application-login script, and the hand-written tally upsert. A syntax error fails
/// the build with the parser's line and message. Text that a script runs through <c>EXEC(N'…')</c>
/// (EF Core wraps triggers and data fixes that way in an idempotent script) is parsed too.
/// </summary>
public sealed partial class SqlServerScriptTests
{
    /// <summary>What sqlcmd's <c>-v</c> gives the login script in <c>deploy/scripts/app-login.sh</c>.</summary>
    private static readonly Dictionary<string, string> SqlcmdVariables = new(StringComparer.Ordinal)
    {
        ["DB_NAME"] = "CaseCoordination",
        ["APP_DB_LOGIN"] = "casecoordination_app",
        ["APP_DB_PASSWORD"] = "An-example-passw0rd",
    };

    [Fact]
    public void The_idempotent_migration_script_parses()
    {
        var script = IdempotentMigrationScript();

        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
        // The append-only trigger is created through EXEC(N'…'): its text is parsed as well.
        Assert.Contains(ExecTexts(script), text => text.Contains("CREATE TRIGGER [AccessLog_AppendOnly]", StringComparison.Ordinal));
        AssertParses("the idempotent SQL Server migration script", script);
    }

    [Fact]
    public void The_application_login_script_parses()
    {
        var script = WithSqlcmdVariables(File.ReadAllText(Path.Combine(Repository.Root, "deploy", "scripts", "sql", "app-login.sql")));

        AssertParses("deploy/scripts/sql/app-login.sql", script);
    }

    [Fact]
    public void The_checker_rejects_a_broken_statement_with_its_line()
    {
        // The real script with one keyword misspelt: the same checker must refuse it and say where.
        var script = IdempotentMigrationScript();
        var at = script.IndexOf("CREATE TABLE [Referrals]", StringComparison.Ordinal);
        Assert.True(at >= 0, "The script no longer creates [Referrals]; pick another statement to break.");
        var broken = string.Concat(script.AsSpan(0, at), "CREATE TABEL [Referrals]", script.AsSpan(at + "CREATE TABLE [Referrals]".Length));
        var line = script[..at].Count(c => c == '\n') + 1;

        var errors = ParseErrors(broken);

        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Line == line);
        Assert.Throws<Xunit.Sdk.FailException>(() => AssertParses("the broken script", broken));
    }

    [Fact]
    public void The_checker_rejects_a_broken_statement_inside_exec()
    {
        // EXEC(N'…') hides its text from the parser as a string: the checker parses that text as well.
        const string Good = "IF 1 = 1\nBEGIN\n    EXEC(N'CREATE TRIGGER [T] ON [AccessLog] AFTER UPDATE AS BEGIN THROW 50000, N''append-only'', 1; END');\nEND;\n";
        var broken = Good.Replace("AFTER UPDATE AS", "AFTER UPDATE", StringComparison.Ordinal);

        Assert.Empty(ParseErrors(Good));
        Assert.NotEmpty(ParseErrors(broken));
        Assert.Contains(ParseErrors(broken), e => e.Where.Contains("EXEC", StringComparison.Ordinal));
    }

    [Fact]
    public void The_checker_rejects_a_merge_without_its_terminator()
    {
        // A MERGE must end with a semicolon: the parser knows SQL Server's rules, not only a grammar of words.
        const string Merge = "MERGE DashboardTallies WITH (HOLDLOCK) AS t USING (VALUES (@p0, @p1)) AS s (RegionCode, Amount) ON t.RegionCode = s.RegionCode "
            + "WHEN MATCHED THEN UPDATE SET Amount = t.Amount + s.Amount WHEN NOT MATCHED THEN INSERT (RegionCode, Amount) VALUES (s.RegionCode, s.Amount)";

        Assert.Empty(ParseErrors(Merge + ";"));
        Assert.NotEmpty(ParseErrors(Merge + "\nSELECT 1;"));
    }

    /// <summary>The parser's errors for a script, and for the literal text of every <c>EXEC(N'…')</c> in it.</summary>
    internal static IReadOnlyList<ScriptError> ParseErrors(string script) => ParseErrors(script, "the script", 0);

    internal static void AssertParses(string what, string script)
    {
        var errors = ParseErrors(script);
        if (errors.Count == 0)
        {
            return;
        }

        Assert.Fail($"{what} does not parse as T-SQL (SQL Server 2022):\n" + string.Join('\n', errors.Take(20)));
    }

    private static List<ScriptError> ParseErrors(string script, string where, int depth)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        var fragment = parser.Parse(reader, out var parseErrors);
        var lines = script.Split('\n');
        var errors = parseErrors
            .Select(e => new ScriptError(where, e.Line, e.Column, e.Message, e.Line >= 1 && e.Line <= lines.Length ? lines[e.Line - 1].TrimEnd('\r') : string.Empty))
            .ToList();
        if (errors.Count == 0 && depth < 3)
        {
            foreach (var (line, text) in ExecStrings.In(fragment))
            {
                errors.AddRange(ParseErrors(text, $"the EXEC at line {line} of {where}", depth + 1));
            }
        }

        return errors;
    }

    private static IEnumerable<string> ExecTexts(string script)
    {
        using var reader = new StringReader(script);
        return ExecStrings.In(new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out _)).Select(e => e.Text);
    }

    private static string IdempotentMigrationScript()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    /// <summary>Replaces <c>$(NAME)</c> as sqlcmd does; a variable the script uses but nobody sets fails.</summary>
    private static string WithSqlcmdVariables(string script) => SqlcmdVariable().Replace(script, m =>
        SqlcmdVariables.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"The script uses the sqlcmd variable $({m.Groups[1].Value}), which app-login.sh does not set here."));

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex SqlcmdVariable();

    internal sealed record ScriptError(string Where, int Line, int Column, string Message, string Text)
    {
        public override string ToString() => $"{Where}, line {Line}, column {Column}: {Message}\n    {Text.Trim()}";
    }

    /// <summary>The literal text of each <c>EXEC(N'…' + N'…')</c>: dynamic SQL EF Core writes into idempotent scripts.</summary>
    private sealed class ExecStrings : TSqlFragmentVisitor
    {
        private readonly List<(int Line, string Text)> _found = [];

        public static List<(int Line, string Text)> In(TSqlFragment fragment)
        {
            var visitor = new ExecStrings();
            fragment.Accept(visitor);
            return visitor._found;
        }

        public override void ExplicitVisit(ExecutableStringList node)
        {
            if (node.Strings.All(s => s is StringLiteral))
            {
                _found.Add((node.StartLine, string.Concat(node.Strings.Cast<StringLiteral>().Select(s => s.Value))));
            }

            base.ExplicitVisit(node);
        }
    }
}
