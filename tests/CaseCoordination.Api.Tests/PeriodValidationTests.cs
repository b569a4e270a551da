using System.Net;
using CaseCoordination.Api.Tests.Support;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// A period (<c>from</c>, <c>to</c>) outside 2000-01-01..2100-01-01, or inverted, is a 400 that names the
/// parameter, on every query that takes one; never a 500 from date arithmetic (issue 13, item 2).
/// </summary>
public sealed class PeriodValidationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _coordinator = factory.As("period-coordinator", "coordinator", null, "99");
    private readonly HttpClient _auditor = factory.As("period-auditor", "auditor", null, "99");

    public static readonly TheoryData<string, string> BadPeriods = new()
    {
        { "to=0001-01-01T00:00:00Z", "to" },
        { "to=9999-12-31T23:59:59%2B14:00", "to" },
        { "to=9999-12-31T23:59:59Z", "to" },
        { "from=0001-01-01T00:00:00Z", "from" },
        { "from=9999-12-31T23:59:59Z", "from" },
        { "from=1999-12-31T23:59:59Z&to=2026-01-01T00:00:00Z", "from" },
        { "from=2026-01-01T00:00:00Z&to=2100-01-01T00:00:00Z", "to" },
        { "from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z", "to" },
        { "from=2026-03-01T00:00:00Z&to=2026-03-01T00:00:00Z", "to" },
    };

    [Theory]
    [MemberData(nameof(BadPeriods))]
    public async Task The_dashboard_refuses_an_extreme_or_inverted_period_naming_the_field(string query, string field)
    {
        var problem = await (await _coordinator.GetAsync($"/api/v1/dashboards/99?{query}")).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(problem["errors"]![field]);
    }

    [Theory]
    [MemberData(nameof(BadPeriods))]
    public async Task The_access_log_queries_refuse_an_extreme_or_inverted_period_naming_the_field(string query, string field)
    {
        var entries = await (await _auditor.GetAsync($"/api/v1/audit/entries?{query}")).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(entries["errors"]![field]);
        var export = await (await _auditor.GetAsync($"/api/v1/audit/entries/export?{query}")).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(export["errors"]![field]);
    }

    [Theory]
    [InlineData("from=2000-01-01T00:00:00Z&to=2099-12-31T23:59:59Z")]
    [InlineData("to=2000-01-01T00:00:00Z")]
    [InlineData("from=2099-12-31T00:00:00%2B14:00")]
    public async Task Periods_at_the_bounds_are_answered(string query)
    {
        var dashboard = await (await _coordinator.GetAsync($"/api/v1/dashboards/99?{query}")).ShouldBe(HttpStatusCode.OK);
        Assert.NotNull(dashboard["from"]);
        await (await _auditor.GetAsync($"/api/v1/audit/entries?{query}")).ShouldBe(HttpStatusCode.OK);
    }
}
