using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Domain.AccessLog;
using Json.Schema;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// The responsibility directory (issue 17): maintaining services, routing suggestions, referrals outside
/// coverage, the coverage figures and the HSDS export. Each test builds its own region (96–98), so the
/// demo region's services do not enter the expectations.
/// </summary>
public sealed class DirectoryTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.As("admin-1", "admin", null, null);

    private async Task<Guid> AgencyAsync(string name, string kind, string municipality)
    {
        var body = new { name, kind, regionCode = municipality[..2], municipalityCode = municipality, needs = Array.Empty<string>() };
        return Guid.Parse((await (await _admin.PostAsJsonAsync("/api/v1/agencies", body, ApiCalls.Json)).ShouldBe(HttpStatusCode.Created)).Id());
    }

    private static object Service(
        string name, string[] needs, string[]? municipalities = null, bool regionWide = false, string[]? groups = null, string[]? languages = null,
        string capacity = "open", bool withoutPin = true) => new
        {
            name,
            needs,
            municipalities = municipalities ?? [],
            regionWide,
            groups = groups ?? ["children", "adults"],
            acceptsWithoutPersonalIdentityNumber = withoutPin,
            acceptsProtectedIdentity = true,
            languages = languages ?? ["sv"],
            outreach = new[] { "street", "digital" },
            contactHours = "Mån–fre 09–16",
            capacity,
        };

    private static async Task<JsonObject> OfferAsync(HttpClient client, Guid agency, object body) =>
        await (await client.PostAsJsonAsync($"/api/v1/agencies/{agency}/services", body, ApiCalls.Json)).ShouldBe(HttpStatusCode.Created);

    private static object Person(string municipality, string birthDate, string? language = null) => new
    {
        person = new { name = "Alias", birthDate, nationality = "SE", language },
        municipalityCode = municipality,
        intakeChannel = "outreach",
        situation = "Met during outreach.",
    };

    private static List<string> Codes(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    [Fact]
    public async Task The_agencys_caseworkers_and_admins_maintain_its_services_versioned_and_logged_and_no_one_else()
    {
        var ngo = await AgencyAsync("Stöd 96", "ngo", "9601");
        var other = await AgencyAsync("Annan 96", "healthcare", "9601");
        var own = factory.Caseworker(ngo, "svc-owner");
        var body = Service("Stödsamtal", ["trauma-support"], ["9601"]);

        await (await factory.Caseworker(other, "svc-other").PostAsJsonAsync($"/api/v1/agencies/{ngo}/services", body, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.Forbidden, "wrong-agency");
        await (await factory.As("svc-coord", "coordinator", null, "96").PostAsJsonAsync($"/api/v1/agencies/{ngo}/services", body, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.Forbidden, "role-not-allowed");

        var response = await own.PostAsJsonAsync($"/api/v1/agencies/{ngo}/services", body, ApiCalls.Json);
        var created = await response.ShouldBe(HttpStatusCode.Created);
        var path = $"/api/v1/services/{created.Id()}";
        Assert.Equal(path, response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("svc-owner", created.Str("capacityConfirmedBy"));
        Assert.Equal(factory.Clock.GetUtcNow(), created["capacityConfirmedAt"]!.GetValue<DateTimeOffset>());

        // A change needs the version it was based on: 428 without, 412 when stale.
        var waitlist = Service("Stödsamtal", ["trauma-support"], ["9601"], capacity: "waitlist");
        await (await own.SendJsonAsync(HttpMethod.Put, path, waitlist)).ProblemShouldBe(HttpStatusCode.PreconditionRequired, "precondition-required");
        await (await own.SendJsonAsync(HttpMethod.Put, path, waitlist, ifMatch: "\"7\"")).ProblemShouldBe(HttpStatusCode.PreconditionFailed, "precondition-failed");
        await (await factory.Caseworker(other, "svc-other").SendJsonAsync(HttpMethod.Put, path, waitlist, ifMatch: "\"1\"")).ProblemShouldBe(HttpStatusCode.Forbidden, "wrong-agency");
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var changed = await (await _admin.SendJsonAsync(HttpMethod.Put, path, waitlist, ifMatch: "\"1\"")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, changed["version"]!.GetValue<int>());
        Assert.Equal("waitlist", changed.Str("capacity"));
        Assert.Equal("admin-1", changed.Str("capacityConfirmedBy"));

        // Bad input changes nothing: shape errors are 400, rules of the directory 422.
        await (await own.SendJsonAsync(HttpMethod.Put, path, Service("X", ["trauma-support"], ["9601"], languages: ["swe"]), ifMatch: "\"2\"")).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        await (await own.SendJsonAsync(HttpMethod.Put, path, Service("X", ["trauma-support"], ["9601"], regionWide: true), ifMatch: "\"2\"")).ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "one-service-area");
        await (await own.SendJsonAsync(HttpMethod.Put, path, Service("X", [], ["9601"]), ifMatch: "\"2\"")).ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "needs-required");
        Assert.Equal("\"2\"", await own.ETagOfAsync(path));

        await (await own.SendJsonAsync(HttpMethod.Delete, path, null, ifMatch: "\"2\"")).ShouldBe(HttpStatusCode.NoContent);
        await (await own.GetAsync(path)).ProblemShouldBe(HttpStatusCode.NotFound, "not-found");
        Assert.Empty((await (await own.GetAsync($"/api/v1/agencies/{ngo}/services")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray());

        var id = Guid.Parse(created.Id());
        var log = await factory.Db(db => db.AccessLog.Where(e => e.ResourceType == "service" && (e.ResourceId == id || e.ResourceId == null) && (e.UserId.StartsWith("svc-") || e.UserId == "admin-1"))
            .OrderBy(e => e.Id).Select(e => new { e.Action, e.Outcome, e.UserId, e.ResourceId }).ToListAsync());
        var forService = log.Where(e => e.ResourceId == id || e.Outcome == AccessOutcome.Refused).Select(e => $"{e.Action}:{e.Outcome}:{e.UserId}").ToList();
        Assert.Equal(
            [
                "service.create:Refused:svc-other", "service.create:Refused:svc-coord", "service.create:Allowed:svc-owner",
                "service.change:Refused:svc-owner", "service.change:Refused:svc-owner", "service.change:Refused:svc-other", "service.change:Allowed:admin-1",
                "service.change:Refused:svc-owner", "service.change:Refused:svc-owner", "service.change:Refused:svc-owner", "service.withdraw:Allowed:svc-owner",
            ],
            forService);
    }

    [Fact]
    public async Task Suggestions_cover_municipality_group_language_and_capacity_best_first_with_reasons_and_only_for_parties()
    {
        var lead = await AgencyAsync("Socialtjänsten 97", "social-services", "9701");
        var t1 = await AgencyAsync("Mottagning 97A", "healthcare", "9701");
        var t2 = await AgencyAsync("Regionstöd 97", "ngo", "9701");
        var t3 = await AgencyAsync("Grannkommun 97", "ngo", "9702");
        var t4 = await AgencyAsync("Mottagning 97B", "healthcare", "9701");
        var caseworker = factory.Caseworker(lead, "route-lead");
        await OfferAsync(caseworker, lead, Service("Eget traumastöd", ["trauma-support"], ["9701"], languages: ["sv", "en"]));
        var s1 = (await OfferAsync(_admin, t1, Service("Öppet, täcker", ["trauma-support"], ["9701"], languages: ["sv", "en"]))).Id();
        var s2 = (await OfferAsync(_admin, t2, Service("Regionen, vuxna", ["trauma-support"], regionWide: true, groups: ["adults"], withoutPin: false))).Id();
        var s3 = (await OfferAsync(_admin, t3, Service("Grannkommunen, kö", ["trauma-support"], ["9702"], languages: ["sv", "ti"], capacity: "waitlist"))).Id();
        var s4 = (await OfferAsync(_admin, t4, Service("Stängd, täcker", ["trauma-support"], ["9701"], languages: ["sv", "en"], capacity: "closed"))).Id();
        await OfferAsync(_admin, t1, Service("Annat behov", ["housing"], ["9701"]));

        var @case = await caseworker.OpenCaseAsync(Person("9701", "2012-04-01", language: "en"));
        var path = $"/api/v1/cases/{@case.Id()}/suggestions?need=trauma-support";

        // Not party to the case: 404, as for a case read.
        await (await factory.Caseworker(t1, "route-t1").GetAsync(path)).ProblemShouldBe(HttpStatusCode.NotFound, "not-found");

        var items = (await (await caseworker.GetAsync(path)).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal([s1, s4, s2, s3], items.Select(i => i.Str("serviceId")));
        Assert.Equal(["need", "municipality", "group", "language", "personal-identity-number", "capacity"], Codes(items[0]["matches"]));
        Assert.Empty(items[0]["mismatches"]!.AsArray());
        Assert.Equal(["capacity"], Codes(items[1]["mismatches"]));
        Assert.Equal("closed", items[1].Str("capacity"));
        Assert.Equal(["group", "language", "personal-identity-number"], Codes(items[2]["mismatches"]));
        Assert.Equal(["municipality", "language", "capacity"], Codes(items[3]["mismatches"]));
        Assert.Equal([true, true, false, false], items.Select(i => i["covers"]!.GetValue<bool>()));

        // A party that may not see identity data (the person's language) gets no language check: nothing personal leaks.
        await caseworker.SendReferralAsync(@case.Id(), t1);
        var seenByReceiver = (await (await factory.Caseworker(t1, "route-t1").GetAsync(path)).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray();
        var own = seenByReceiver.Single(i => i!["serviceId"]!.GetValue<string>() == s4)!;
        Assert.Equal(["language", "personal-identity-number"], Codes(own["notChecked"]));
        Assert.DoesNotContain(seenByReceiver, i => i!["agencyId"]!.GetValue<string>() == t1.ToString());

        await (await caseworker.GetAsync($"/api/v1/cases/{@case.Id()}/suggestions")).ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        var logged = await factory.Db(db => db.AccessLog.CountAsync(e => e.Action == "case.suggestions.read" && e.UserId == "route-t1"));
        Assert.Equal(2, logged);
    }

    [Fact]
    public async Task A_referral_outside_coverage_is_allowed_marked_on_answer_and_timeline_and_counted_with_suppression()
    {
        // A fixed fill of region 98, computed by hand below.
        var lead = await AgencyAsync("Socialtjänsten 98", "social-services", "9801");
        var trauma = await AgencyAsync("Trauma 98", "healthcare", "9802");
        var shelter = await AgencyAsync("Boende 98", "ngo", "9801");
        var interpreter = await AgencyAsync("Tolk 98", "ngo", "9802");
        var unlisted = await AgencyAsync("Ej i katalogen 98", "ngo", "9801");
        await OfferAsync(_admin, trauma, Service("Trauma 9802", ["trauma-support"], ["9802"]));
        await OfferAsync(_admin, shelter, Service("Boende 9801", ["shelter"], ["9801"], groups: ["adults"], languages: ["sv", "ar"]));
        await OfferAsync(_admin, interpreter, Service("Tolk 9802", ["interpreter"], ["9802"], languages: ["sv", "en"]));
        var caseworker = factory.Caseworker(lead, "cov-lead");
        var from = factory.Clock.GetUtcNow().AddDays(-1);

        // Five children in 9801 sent to trauma support that serves 9802 only: allowed, marked, counted.
        for (var i = 0; i < 5; i++)
        {
            var child = await caseworker.OpenCaseAsync(Person("9801", "2012-04-01"));
            var sent = await caseworker.SendReferralAsync(child.Id(), trauma);
            Assert.True(sent["outsideCoverage"]!.GetValue<bool>());
            Assert.Equal(["municipality"], Codes(sent["coverageMismatches"]));
            if (i == 0)
            {
                var timeline = (await (await caseworker.GetAsync($"/api/v1/cases/{child.Id()}/timeline")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray();
                var mark = timeline.Single(e => e!["kind"]!.GetValue<string>() == "referral.outside-coverage")!;
                Assert.Equal("municipality", mark["detail"]!.GetValue<string>());
                Assert.Equal(sent.Id(), mark["referralId"]!.GetValue<string>());
            }
        }

        // Two adults in 9801 sent to the shelter that covers them, rejected for capacity: inside coverage, counted (suppressed).
        for (var i = 0; i < 2; i++)
        {
            var adult = await caseworker.OpenCaseAsync(Person("9801", "1990-04-01"));
            var sent = await caseworker.SendReferralAsync(adult.Id(), shelter, need: "shelter");
            Assert.False(sent["outsideCoverage"]!.GetValue<bool>());
            Assert.Empty(sent["coverageMismatches"]!.AsArray());
            var receiver = factory.Caseworker(shelter, "cov-shelter");
            await (await receiver.PostAsJsonAsync($"/api/v1/referrals/{sent.Id()}/receive", new { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
            var rejected = await (await receiver.PostAsJsonAsync($"/api/v1/referrals/{sent.Id()}/reject", new { reason = "Fullt", noCapacity = true }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
            Assert.True(rejected["turnedAwayForCapacity"]!.GetValue<bool>());
        }

        // An agency that lists no service covers nothing (api.md): outside coverage on every criterion, counted.
        var other = await caseworker.OpenCaseAsync(Person("9801", "1990-04-01"));
        var toUnlisted = await caseworker.SendReferralAsync(other.Id(), unlisted, need: "legal-support");
        Assert.True(toUnlisted["outsideCoverage"]!.GetValue<bool>());
        Assert.Equal(["need", "municipality", "group"], Codes(toUnlisted["coverageMismatches"]));

        // Five adults in 9801 who speak Arabic, sent to trauma support that serves 9802 only, in Swedish, with
        // no interpreter service for 9801: outside on municipality and language; the language counts in the
        // other-language group only, the municipality in both of the person's groups.
        for (var i = 0; i < 5; i++)
        {
            var speaker = await caseworker.OpenCaseAsync(Person("9801", "1990-04-01", language: "ar"));
            var sent = await caseworker.SendReferralAsync(speaker.Id(), trauma);
            Assert.Equal(["municipality", "language"], Codes(sent["coverageMismatches"]));
        }

        // An adult who speaks Arabic in 9802: the trauma service there works in Swedish, but the interpreter
        // service covers 9802, so the referral is inside coverage.
        var covered = await caseworker.OpenCaseAsync(Person("9802", "1990-04-01", language: "ar"));
        var inside = await caseworker.SendReferralAsync(covered.Id(), trauma);
        Assert.False(inside["outsideCoverage"]!.GetValue<bool>());

        var coordinator = factory.As("cov-coordinator", "coordinator", null, "98");
        var to = factory.Clock.GetUtcNow().AddDays(1);
        var coverage = await (await coordinator.GetAsync($"/api/v1/dashboards/98/coverage?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}")).ShouldBe(HttpStatusCode.OK);
        var cells = coverage["cells"]!.AsArray().Select(c => c!.AsObject()).ToList();
        JsonObject Cell(string m, string need, string group) => cells.Single(c => c.Str("municipalityCode") == m && c.Str("need") == need && c.Str("group") == group);

        // 2 municipalities (where the agencies sit) × 12 needs × 3 groups; covered by hand: trauma in 9802 for
        // children, adults and other language (the interpreter service covers 9802), shelter in 9801 for
        // adults and other language (it works in Arabic), interpreter in 9802 for all three groups.
        Assert.Equal(72, cells.Count);
        Assert.Equal(8, cells.Count(c => c["covered"]!.GetValue<bool>()));
        Assert.Equal(64, coverage["gaps"]!.AsArray().Count);
        Assert.Equal(1, Cell("9802", "trauma-support", "other-language")["services"]!.GetValue<int>());
        Assert.False(Cell("9801", "shelter", "children")["covered"]!.GetValue<bool>());
        Assert.False(Cell("9802", "shelter", "other-language")["covered"]!.GetValue<bool>());

        var gap = Cell("9801", "trauma-support", "children");
        Assert.False(gap["covered"]!.GetValue<bool>());
        Assert.Equal(5, gap["referralsOutsideCoverage"]!["value"]!.GetValue<int>());
        Assert.Equal(5, gap["byReason"]!["outsideMunicipality"]!["value"]!.GetValue<int>());
        Assert.Equal(0, gap["byReason"]!["rejectedForCapacity"]!["value"]!.GetValue<int>());
        Assert.Contains(coverage["gaps"]!.AsArray(), g => g!["municipalityCode"]!.GetValue<string>() == "9801" && g["need"]!.GetValue<string>() == "trauma-support"
            && g["group"]!.GetValue<string>() == "children" && g["referralsOutsideCoverage"]!["value"]!.GetValue<int>() == 5);

        // Two referrals rejected for capacity: a count from 1 to 4, suppressed as everywhere.
        var full = Cell("9801", "shelter", "adults");
        Assert.True(full["covered"]!.GetValue<bool>());
        Assert.True(full["referralsOutsideCoverage"]!["suppressed"]!.GetValue<bool>());
        Assert.Null(full["referralsOutsideCoverage"]!["value"]);
        Assert.True(full["byReason"]!["rejectedForCapacity"]!["suppressed"]!.GetValue<bool>());
        Assert.True(Cell("9801", "legal-support", "adults")["referralsOutsideCoverage"]!["suppressed"]!.GetValue<bool>());
        Assert.Equal(0, Cell("9801", "housing", "adults")["referralsOutsideCoverage"]!["value"]!.GetValue<int>());

        var language = Cell("9801", "trauma-support", "other-language");
        Assert.Equal(5, language["referralsOutsideCoverage"]!["value"]!.GetValue<int>());
        Assert.Equal(5, language["byReason"]!["groupNotCovered"]!["value"]!.GetValue<int>());
        Assert.Equal(5, language["byReason"]!["outsideMunicipality"]!["value"]!.GetValue<int>());
        var adults = Cell("9801", "trauma-support", "adults");
        Assert.Equal(5, adults["referralsOutsideCoverage"]!["value"]!.GetValue<int>());
        Assert.Equal(0, adults["byReason"]!["groupNotCovered"]!["value"]!.GetValue<int>());
        Assert.Equal(0, Cell("9802", "trauma-support", "other-language")["referralsOutsideCoverage"]!["value"]!.GetValue<int>());

        // The national view lists the regions' gaps side by side; another region's coordinator may not look.
        var nation = await (await factory.As("cov-national", "coordinator", null, "*").GetAsync("/api/v1/dashboards/*/coverage")).ShouldBe(HttpStatusCode.OK);
        var regions = nation["regions"]!.AsArray().Select(r => r!["regionCode"]!.GetValue<string>()).ToList();
        Assert.Contains("98", regions);
        Assert.Contains("99", regions);
        Assert.Equal(64, nation["regions"]!.AsArray().Single(r => r!["regionCode"]!.GetValue<string>() == "98")!["gaps"]!.AsArray().Count);
        await (await factory.As("cov-99", "coordinator", null, "99").GetAsync("/api/v1/dashboards/98/coverage")).ProblemShouldBe(HttpStatusCode.Forbidden, "region-not-covered");
    }

    [Fact]
    public async Task The_demo_region_shows_its_gaps_at_once()
    {
        var coverage = await (await factory.As("demo-coordinator", "coordinator", null, "99").GetAsync("/api/v1/dashboards/99/coverage")).ShouldBe(HttpStatusCode.OK);
        var gaps = coverage["gaps"]!.AsArray().Select(g => $"{g!["municipalityCode"]}/{g["need"]}/{g["group"]}").ToList();
        Assert.Contains("9903/trauma-support/children", gaps);
        Assert.Contains("9901/shelter/other-language", gaps);
        Assert.DoesNotContain("9902/trauma-support/children", gaps);
        Assert.DoesNotContain("9902/shelter/other-language", gaps);
    }

    [Fact]
    public async Task The_hsds_export_is_valid_against_the_hsds_3_schemas_and_needs_no_token()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/directory/hsds");
        var export = await response.ShouldBe(HttpStatusCode.OK);
        var organizations = export["organizations"]!.AsArray();
        var services = export["services"]!.AsArray();
        Assert.Contains(organizations, o => o!["name"]!.GetValue<string>() == "Socialtjänsten Ekstad");
        Assert.True(services.Count >= 14);
        var trauma = services.Single(s => s!["name"]!.GetValue<string>() == "Traumapsykiatri för vuxna")!;
        Assert.Equal(["9902", "9903"], trauma["service_areas"]!.AsArray().Select(a => a!["extent"]!.GetValue<string>()));
        Assert.Equal(18, trauma["minimum_age"]!.GetValue<int>());
        Assert.Equal(["en", "sv"], trauma["languages"]!.AsArray().Select(l => l!["code"]!.GetValue<string>()));
        Assert.Contains(trauma["attributes"]!.AsArray(), a => a!["value"]!.GetValue<string>() == "trauma-support");
        Assert.DoesNotContain("demo-seed", export.ToJsonString(), StringComparison.Ordinal);

        var schemas = HsdsSchemas();
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        foreach (var (items, schema) in new[] { (organizations, schemas["organization.json"]), (services, schemas["service.json"]) })
        {
            foreach (var item in items)
            {
                var result = schema.Evaluate(JsonDocument.Parse(item!.ToJsonString()).RootElement, options);
                Assert.True(result.IsValid, item.ToJsonString() + "\n" + string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))));
            }
        }

        // The schemas do check: an export without a service's required status is refused.
        var broken = services[0]!.DeepClone().AsObject();
        broken.Remove("status");
        Assert.False(schemas["service.json"].Evaluate(JsonDocument.Parse(broken.ToJsonString()).RootElement, options).IsValid);
        var nested = services[0]!.DeepClone().AsObject();
        nested["languages"]!.AsArray()[0]!.AsObject().Remove("id");
        Assert.False(schemas["service.json"].Evaluate(JsonDocument.Parse(nested.ToJsonString()).RootElement, options).IsValid);
    }

    /// <summary>The HSDS 3.0 schemas shipped with the tests, each under its file name so that their relative <c>$ref</c>s resolve.</summary>
    private static Dictionary<string, JsonSchema> HsdsSchemas()
    {
        // HSDS's schemas carry documentation keywords of their own ("name", "core", "constraints"): allowed, not checked.
        var build = new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012.With([], allowUnknownKeywords: true) };
        var folder = Path.Combine(AppContext.BaseDirectory, "Schemas", "hsds-3.0");
        var schemas = new Dictionary<string, JsonSchema>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            schemas[name] = JsonSchema.FromText(File.ReadAllText(file), build, new Uri("https://hsds.openreferral.test/schema/" + name));
        }

        return schemas;
    }
}
