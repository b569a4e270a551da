using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace CaseCoordination.Api.Tests.Support;

/// <summary>Small helpers for talking to the API the way a caseworker system would.</summary>
public static class ApiCalls
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    public static object NewCase(string name = "Alias Test", string? birthDate = "2009-05-01", string? situation = "Met during outreach; wants support.") => new
    {
        person = new { name, birthDate, nationality = "SE", complexNeeds = new[] { "substance-use" }, firstExploitedAsChild = true },
        municipalityCode = "9901",
        intakeChannel = "outreach",
        situation,
    };

    public static async Task<JsonObject> OpenCaseAsync(this HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/cases", body ?? NewCase(), Json);
        return await response.ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>Records the person's consent that <paramref name="to"/> may receive the given categories (coordination is implied).</summary>
    public static async Task<JsonObject> GiveConsentAsync(this HttpClient client, string caseId, Guid to, params string[] categories)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new
        {
            recipientAgencyId = to,
            categories = categories.Length == 0 ? ["coordination"] : categories,
            purpose = "Coordinated support",
            method = "written",
            givenBy = "person",
        }, Json);
        return await response.ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>Sends a referral that shares coordination, after recording the consent that allows it.</summary>
    public static async Task<JsonObject> SendReferralAsync(this HttpClient client, string caseId, Guid to, string need = "trauma-support", string urgency = "urgent")
    {
        await client.GiveConsentAsync(caseId, to);
        var response = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new
        {
            toAgencyId = to,
            need,
            urgency,
            sharedCategories = new[] { "coordination" },
            message = "Please contact the person this week.",
        }, Json);
        return await response.ShouldBe(HttpStatusCode.Created);
    }

    public static async Task<JsonObject> ShouldBe(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? new JsonObject { ["items"] = JsonNode.Parse(text) };
    }

    public static async Task<JsonObject> ProblemShouldBe(this HttpResponseMessage response, HttpStatusCode expected, string? code = null)
    {
        var body = await response.ShouldBe(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, body["status"]?.GetValue<int>());
        Assert.StartsWith("urn:case-coordination:problem:", body["type"]?.GetValue<string>());
        if (code is not null)
        {
            Assert.Equal(code, body["code"]?.GetValue<string>());
        }

        var text = body.ToJsonString();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT", text, StringComparison.OrdinalIgnoreCase);
        return body;
    }

    /// <summary>Sends a request with optional If-Match and Idempotency-Key headers.</summary>
    public static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object? body, string? ifMatch = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body ?? new { }, options: Json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<string> ETagOfAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        await response.ShouldBe(HttpStatusCode.OK);
        return response.Headers.ETag!.Tag;
    }

    public static string Id(this JsonObject body) => body["id"]!.GetValue<string>();

    public static string Str(this JsonObject body, string field) => body[field]!.GetValue<string>();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        return options;
    }
}
