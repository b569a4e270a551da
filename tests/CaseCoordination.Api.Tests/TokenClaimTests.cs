using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Validly signed tokens whose claims have the wrong shape are refused with 401 <c>unauthenticated</c>
/// before anything runs: every act must name one user and at most one agency in the access log.
/// The tokens are built by hand (header, payload, HS256 with the development key), so a claim can be
/// an array, an object, missing or repeated; a well-formed token built the same way is accepted.
/// </summary>
public sealed class TokenClaimTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _lead = factory.Caseworker(Agencies.SocialServicesEkstad, "claims-lead");

    /// <summary>A caseworker of the social services, as a development token would carry it.</summary>
    private static JsonObject Claims(string sub = "claims-user", string role = "caseworker", Guid? agency = null) => new()
    {
        ["sub"] = sub,
        ["role"] = role,
        ["agency_id"] = (agency ?? Agencies.SocialServicesEkstad).ToString(),
    };

    private HttpClient With(JsonObject claims)
    {
        var now = DateTimeOffset.UtcNow;
        claims["iss"] = AuthOptions.DevIssuer;
        claims["aud"] = AuthOptions.DevAudience;
        claims["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds();
        claims["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds();
        claims["exp"] = now.AddHours(1).ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"HS256","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode(claims.ToJsonString());
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(ApiFactory.DevKey), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{header}.{payload}.{Base64UrlEncoder.Encode(signature)}");
        return client;
    }

    private Task<int> LoggedAsync() => factory.Db(db => db.AccessLog.CountAsync());

    private static async Task Unauthenticated(HttpResponseMessage response) =>
        await response.ProblemShouldBe(HttpStatusCode.Unauthorized, "unauthenticated");

    [Fact]
    public async Task A_token_whose_agency_id_is_an_array_reads_no_case()
    {
        var opened = await _lead.OpenCaseAsync();
        var path = $"/api/v1/cases/{opened.Id()}";
        await (await With(Claims()).GetAsync(path)).ShouldBe(HttpStatusCode.OK);

        var twoAgencies = Claims();
        twoAgencies["agency_id"] = new JsonArray(Agencies.SocialServicesEkstad.ToString(), Agencies.PoliceEkstad.ToString());
        var logged = await LoggedAsync();
        await Unauthenticated(await With(twoAgencies).GetAsync(path));
        Assert.Equal(logged, await LoggedAsync());
    }

    [Fact]
    public async Task A_token_without_sub_lists_and_reads_no_lead_handover()
    {
        var opened = await _lead.OpenCaseAsync();
        var path = $"/api/v1/cases/{opened.Id()}";
        await _lead.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad);
        var proposed = await (await _lead.SendJsonAsync(HttpMethod.Post, $"{path}/lead-handovers", new { toAgencyId = Agencies.HealthcareEkstad }, await _lead.ETagOfAsync(path)))
            .ShouldBe(HttpStatusCode.Created);
        await (await With(Claims(agency: Agencies.HealthcareEkstad)).GetAsync($"/api/v1/lead-handovers/{proposed.Id()}")).ShouldBe(HttpStatusCode.OK);

        var noSub = Claims(agency: Agencies.HealthcareEkstad);
        noSub.Remove("sub");
        var logged = await LoggedAsync();
        await Unauthenticated(await With(noSub).GetAsync("/api/v1/lead-handovers"));
        await Unauthenticated(await With(noSub).GetAsync($"/api/v1/lead-handovers/{proposed.Id()}"));
        Assert.Equal(logged, await LoggedAsync());
    }

    [Fact]
    public async Task A_sub_with_a_nul_character_withdraws_no_consent()
    {
        var opened = await _lead.OpenCaseAsync();
        var consent = await _lead.GiveConsentAsync(opened.Id(), Agencies.HealthcareEkstad);
        var logged = await LoggedAsync();

        var response = await With(Claims(sub: "claims\0lead")).PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/consents/{consent.Id()}/withdraw", new { }, ApiCalls.Json);

        await Unauthenticated(response);
        Assert.Equal(logged, await LoggedAsync());
        var consents = await (await _lead.GetAsync($"/api/v1/cases/{opened.Id()}/consents")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("active", consents["items"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == consent.Id())!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_admin_token_whose_agency_id_is_not_a_guid_creates_no_agency()
    {
        var body = new { name = "Mottagningen Claims", kind = "healthcare", regionCode = "99", municipalityCode = "9901", needs = new[] { "sexual-health" } };
        var before = await factory.Db(db => db.Agencies.CountAsync());
        var logged = await LoggedAsync();

        var admin = Claims(role: "admin");
        admin["agency_id"] = "not-a-guid";
        await Unauthenticated(await With(admin).PostAsJsonAsync("/api/v1/agencies", body, ApiCalls.Json));

        Assert.Equal(before, await factory.Db(db => db.Agencies.CountAsync()));
        Assert.Equal(logged, await LoggedAsync());
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "two roles", """{"role":["caseworker","admin"]}""" },
        { "unknown role", """{"role":"superuser"}""" },
        { "role in another case", """{"role":"Caseworker"}""" },
        { "agency not a GUID", """{"agency_id":"social-services"}""" },
        { "agency a number", """{"agency_id":42}""" },
        { "agency an object", """{"agency_id":{"id":"00000000-0000-0000-0000-000000000001"}}""" },
        { "two subs", """{"sub":["claims-user","someone-else"]}""" },
        { "empty sub", """{"sub":""}""" },
        { "blank sub", """{"sub":"   "}""" },
        { "sub too long", $$"""{"sub":"{{new string('u', 201)}}"}""" },
        { "sub with a line break", """{"sub":"claims\nuser"}""" },
        { "sub with a direction override", """{"sub":"claims\u202Euser"}""" },
        { "sub an object", """{"sub":{"name":"claims-user"}}""" },
        { "sub null", """{"sub":null}""" },
        { "region of one digit", """{"region":"9"}""" },
        { "region of letters", """{"region":"ab"}""" },
        { "two regions", """{"region":["99","01"]}""" },
        { "a second region under another case", """{"region":"01","Region":"*"}""" },
        { "a second agency under another case", """{"Agency_Id":"00000000-0000-0000-0000-000000000002"}""" },
        { "calling system too long", $$"""{"azp":"{{new string('s', 201)}}"}""" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_token_with_a_claim_of_the_wrong_shape_is_unauthenticated(string shape, string change)
    {
        var claims = Claims();
        foreach (var (name, value) in JsonNode.Parse(change)!.AsObject())
        {
            claims[name] = value?.DeepClone();
        }

        var logged = await LoggedAsync();
        var response = await With(claims).GetAsync("/api/v1/cases");

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, shape);
        await Unauthenticated(response);
        Assert.Equal(logged, await LoggedAsync());
    }

    [Fact]
    public async Task A_well_formed_token_built_the_same_way_acts_and_is_named_in_the_access_log()
    {
        var claims = Claims(sub: "claims-Ünïcode-user-😀");
        claims["azp"] = "claims-client";
        claims["region"] = "99";
        await (await With(claims).GetAsync("/api/v1/cases")).ShouldBe(HttpStatusCode.OK);
        var entry = await factory.Db(db => db.AccessLog.OrderBy(e => e.Id).LastAsync());
        Assert.Equal(("claims-Ünïcode-user-😀", Agencies.SocialServicesEkstad, "claims-client"), (entry.UserId, entry.AgencyId, entry.CallingSystem));
    }
}
