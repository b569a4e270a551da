using System.Net;

namespace CaseCoordination.Api.Tests.Support;

/// <summary>
/// An agency made for one test (region 99), so that it can leave and rejoin the cooperation without
/// touching the demo agencies other tests share.
/// </summary>
public sealed record TemporaryAgency(HttpClient Admin, Guid Id, string Name)
{
    public static async Task<TemporaryAgency> CreateAsync(ApiFactory factory, string name)
    {
        var admin = factory.As("admin", "admin", null, null);
        var created = await (await admin.SendJsonAsync(HttpMethod.Post, "/api/v1/agencies", new { name, kind = "ngo", regionCode = "99", municipalityCode = "9901", needs = new[] { "shelter" } })).ShouldBe(HttpStatusCode.Created);
        return new TemporaryAgency(admin, Guid.Parse(created.Id()), name);
    }

    /// <summary>The agency leaves the cooperation (<c>active: false</c>): the cases it leads lose their lead.</summary>
    public Task LeaveAsync() => SetActiveAsync(false);

    public Task RejoinAsync() => SetActiveAsync(true);

    private async Task SetActiveAsync(bool active) =>
        await (await Admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/agencies/{Id}",
            new { name = Name, kind = "ngo", regionCode = "99", municipalityCode = "9901", needs = new[] { "shelter" }, active })).ShouldBe(HttpStatusCode.OK);
}
