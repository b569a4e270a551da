using System.Net;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Directory;
using CaseCoordination.Application.Signals;
using CaseCoordination.Application.Webhooks;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Issue 14: the served OpenAPI document is one a client can be generated from. These check its
/// properties (not its text), so that they cannot regress: typed problem answers, readable schema ids,
/// the headers, code enums, bounds from the validators, required and nullable, servers.
/// </summary>
public sealed class OpenApiContractTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    private async Task<JsonNode> DocumentAsync() =>
        JsonNode.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> ApiOperations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        where path.Key.StartsWith("/api/", StringComparison.Ordinal)
        from method in path.Value!.AsObject()
        where Methods.Contains(method.Key)
        select (path.Key, method.Key, method.Value!.AsObject());

    private static JsonObject Operation(JsonNode document, string operationId) =>
        ApiOperations(document).Single(o => o.Operation["operationId"]?.GetValue<string>() == operationId).Operation;

    private static JsonObject Schema(JsonNode document, string id) => document["components"]!["schemas"]![id]!.AsObject();

    /// <summary>Follows a <c>$ref</c> (directly or as the only <c>allOf</c>) to its component.</summary>
    private static JsonObject Resolve(JsonNode document, JsonNode schema)
    {
        var node = schema["allOf"] is JsonArray { Count: 1 } all ? all[0]! : schema;
        return node["$ref"]?.GetValue<string>() is { } reference
            ? Schema(document, reference["#/components/schemas/".Length..])
            : node.AsObject();
    }

    private static IEnumerable<string> EnumOf(JsonNode document, JsonNode schema) =>
        Resolve(document, schema)["enum"]!.AsArray().Select(v => v!.GetValue<string>());

    private static JsonObject? Parameter(JsonObject operation, string name, string location) =>
        operation["parameters"]?.AsArray().Select(p => p!.AsObject())
            .SingleOrDefault(p => p["name"]!.GetValue<string>() == name && p["in"]!.GetValue<string>() == location);

    [Fact]
    public async Task Every_api_operation_declares_its_problem_answers_with_the_one_problem_schema()
    {
        var document = await DocumentAsync();
        var operations = ApiOperations(document).ToList();
        Assert.True(operations.Count >= 37, $"only {operations.Count} operations under /api");
        foreach (var (path, method, operation) in operations)
        {
            var responses = operation["responses"]!.AsObject();
            foreach (var status in new[] { "401", "403", "429", "500", "503" })
            {
                Assert.True(responses.ContainsKey(status), $"{method} {path} does not declare {status}");
            }

            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                var reference = response!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
                Assert.True(reference == "#/components/schemas/Problem", $"{method} {path} {status} is not application/problem+json with the Problem schema");
            }

            if (path.Contains("{id}", StringComparison.Ordinal) || path.Contains("Id}", StringComparison.Ordinal))
            {
                Assert.True(responses.ContainsKey("404"), $"{method} {path} has an id but no 404");
            }

            if (method is "post" or "put")
            {
                Assert.True(responses.ContainsKey("400") && responses.ContainsKey("409") && responses.ContainsKey("422"), $"{method} {path} changes state but lacks 400, 409 or 422");
            }
        }

        var problem = Schema(document, "Problem")["properties"]!.AsObject();
        foreach (var field in new[] { "type", "title", "status", "detail", "instance", "code", "traceId", "errors", "allowedTransitions", "uncoveredCategories", "path" })
        {
            Assert.True(problem.ContainsKey(field), $"the Problem schema has no '{field}'");
        }

        Assert.Equal("array", problem["errors"]!["additionalProperties"]!["type"]!.GetValue<string>());
        Assert.Equal(Enum.GetValues<ReferralAct>().Select(ReferralLifecycle.Code), EnumOf(document, problem["allowedTransitions"]!["items"]!));
    }

    [Fact]
    public async Task If_match_and_idempotency_key_are_declared_where_the_api_reads_them()
    {
        var document = await DocumentAsync();
        foreach (var id in new[] { "ProposeLeadHandover", "AssignLead" })
        {
            var operation = Operation(document, id);
            Assert.True(Parameter(operation, "If-Match", "header")?["required"]?.GetValue<bool>() == true, $"{id}: If-Match is not required");
            Assert.True(operation["responses"]!.AsObject().ContainsKey("428") && operation["responses"]!.AsObject().ContainsKey("412"), $"{id}: no 428/412");
        }

        foreach (var id in new[] { "ChangeAgency", "CloseCase", "ReceiveReferral", "AcceptReferral", "StartReferral", "RejectReferral", "CompleteReferral", "FailReferral", "CancelReferral" })
        {
            var operation = Operation(document, id);
            var ifMatch = Parameter(operation, "If-Match", "header");
            Assert.True(ifMatch is not null && ifMatch["required"]?.GetValue<bool>() != true, $"{id}: If-Match is not declared as optional");
            Assert.True(operation["responses"]!.AsObject().ContainsKey("412"), $"{id}: no 412");
        }

        foreach (var (path, method, operation) in ApiOperations(document).Where(o => o.Method == "post"))
        {
            Assert.True(Parameter(operation, "Idempotency-Key", "header") is not null, $"POST {path} does not declare Idempotency-Key");
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Key[0] is '2' or '4'))
            {
                Assert.True(response!["headers"]?["Idempotent-Replayed"] is not null, $"POST {path} {status} does not declare Idempotent-Replayed");
            }
        }

        Assert.Null(Parameter(Operation(document, "GetCase"), "Idempotency-Key", "header"));
    }

    [Fact]
    public async Task Response_headers_are_declared_where_they_are_sent()
    {
        var document = await DocumentAsync();
        var created = Operation(document, "OpenCase")["responses"]!["201"]!["headers"]!;
        Assert.NotNull(created["Location"]);
        Assert.NotNull(created["ETag"]);
        Assert.NotNull(Operation(document, "GetCase")["responses"]!["200"]!["headers"]!["ETag"]);
        foreach (var (path, method, operation) in ApiOperations(document))
        {
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                var headers = response!["headers"];
                if (status is "429" or "503")
                {
                    Assert.True(headers?["Retry-After"] is not null, $"{method} {path} {status} has no Retry-After");
                }

                if ((status[0] is '2' or '4') && status != "401")
                {
                    Assert.True(headers?["RateLimit"] is not null && headers["RateLimit-Policy"] is not null, $"{method} {path} {status} has no RateLimit headers");
                }
            }
        }
    }

    [Fact]
    public async Task Schema_ids_are_readable_and_generic_pages_are_named_after_their_items()
    {
        var document = await DocumentAsync();
        var ids = document["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToList();
        Assert.All(ids, id => Assert.False(id.Contains('`', StringComparison.Ordinal) || id.Contains(',', StringComparison.Ordinal) || id.Contains("Culture", StringComparison.Ordinal) || id.Contains('.', StringComparison.Ordinal), id));
        Assert.Equal("#/components/schemas/CaseDtoPage", Operation(document, "ListCases")["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Contains("ReferralDtoPage", ids);
    }

    [Fact]
    public async Task Code_valued_parameters_and_fields_declare_their_values()
    {
        var document = await DocumentAsync();
        var referrals = Operation(document, "ListReferrals");
        Assert.Equal(["incoming", "outgoing"], EnumOf(document, Parameter(referrals, "direction", "query")!["schema"]!).Order());
        Assert.Contains("in-progress", EnumOf(document, Parameter(referrals, "status", "query")!["schema"]!));
        Assert.Contains("open", EnumOf(document, Parameter(Operation(document, "ListCases"), "status", "query")!["schema"]!));
        Assert.Equal(["mine"], EnumOf(document, Parameter(Operation(document, "ListCases"), "lead", "query")!["schema"]!));
        Assert.NotEmpty(EnumOf(document, Parameter(Operation(document, "ListAccessLogEntries"), "outcome", "query")!["schema"]!));
        Assert.Equal(SignalCodes.All, EnumOf(document, Parameter(Operation(document, "GetFollowUpList"), "signal", "query")!["schema"]!));

        var referral = Schema(document, "ReferralDto")["properties"]!;
        Assert.Equal(SignalCodes.All, EnumOf(document, referral["signals"]!["items"]!));
        Assert.Equal(Enum.GetValues<ReferralAct>().Select(ReferralLifecycle.Code), EnumOf(document, referral["allowedActions"]!["items"]!));
        Assert.Contains("completed", EnumOf(document, referral["status"]!));
        Assert.NotEmpty(EnumOf(document, referral["outcome"]!));
        Assert.Equal(SignalCodes.All, EnumOf(document, Schema(document, "CaseDto")["properties"]!["signals"]!["items"]!));
        var followUp = Schema(document, "FollowUpItem")["properties"]!;
        Assert.Equal(SignalCodes.All, EnumOf(document, followUp["signal"]!));
        Assert.NotNull(followUp["overdueBy"]!["pattern"]);
        Assert.Matches(followUp["overdueBy"]!["pattern"]!.GetValue<string>(), "178.07:13:34.3928406");
    }

    [Fact]
    public async Task Bounds_and_required_fields_come_from_the_validators_and_answers_mark_required_and_nullable()
    {
        var document = await DocumentAsync();
        var person = Schema(document, "OpenCasePerson");
        Assert.Equal(TextLimits.Name, person["properties"]!["name"]!["maxLength"]!.GetValue<int>());
        Assert.Contains("name", person["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        var openCase = Schema(document, "OpenCase");
        Assert.Equal(["intakeChannel", "municipalityCode", "person"], openCase["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        Assert.Equal("^[0-9]{4}$", openCase["properties"]!["municipalityCode"]!["pattern"]!.GetValue<string>());
        Assert.Equal(TextLimits.FreeText, openCase["properties"]!["situation"]!["maxLength"]!.GetValue<int>());

        // A rule under a condition (consentId only for a consent basis) is not required.
        var basis = Schema(document, "SharingBasisInput");
        Assert.Equal(["kind"], basis["required"]!.AsArray().Select(r => r!.GetValue<string>()));

        var limit = Parameter(Operation(document, "ListReferrals"), "limit", "query")!["schema"]!;
        Assert.Equal(1, limit["minimum"]!.GetValue<int>());
        Assert.Equal(Cursor.MaxLimit, limit["maximum"]!.GetValue<int>());
        Assert.Equal(Cursor.MaxLimit, Schema(document, "ReferralDtoPage")["properties"]!["items"]!["maxItems"]!.GetValue<int>());

        var caseDto = Schema(document, "CaseDto");
        Assert.Equal(caseDto["properties"]!.AsObject().Select(p => p.Key).Order(), caseDto["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        Assert.True(caseDto["properties"]!["leadAgencyId"]!["nullable"]?.GetValue<bool>() == true);
        Assert.Null(caseDto["properties"]!["id"]!["nullable"]);
        Assert.True(caseDto["properties"]!["outcome"]!["nullable"]?.GetValue<bool>() == true);
        Assert.True(Schema(document, "CaseDtoPage")["properties"]!["nextCursor"]!["nullable"]?.GetValue<bool>() == true);
    }

    [Fact]
    public async Task List_sizes_lengths_and_codes_are_read_from_the_validators_rules()
    {
        var document = await DocumentAsync();

        // MaxItems / AtMostOnePerCode (ADR 0031): the document states the rule the 400 enforces.
        var service = Schema(document, "ServiceBody")["properties"]!;
        Assert.Equal(ServiceRules.MaxMunicipalities, service["municipalities"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(ServiceRules.MaxLanguages, service["languages"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(Enum.GetValues<Need>().Length, service["needs"]!["maxItems"]!.GetValue<int>());
        var person = Schema(document, "OpenCasePerson")["properties"]!;
        Assert.Equal(Enum.GetValues<ComplexNeed>().Length, person["complexNeeds"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(TextLimits.LanguageTag, person["language"]!["maxLength"]!.GetValue<int>());

        // A field bounded by its pattern is as long as the pattern allows, not a number written again.
        Assert.Equal(4, Schema(document, "OpenCase")["properties"]!["municipalityCode"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(13, person["identityNumber"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(4, service["municipalities"]!["items"]!["maxLength"]!.GetValue<int>());

        // OneOf: an event is as long as the longest event type; a subscription lists each at most once.
        var events = Schema(document, "CreateWebhookSubscriptionBody")["properties"]!["events"]!;
        Assert.Equal(WebhookEvents.All.Count, events["maxItems"]!.GetValue<int>());
        Assert.Equal(WebhookEvents.All.Max(e => e.Length), events["items"]!["maxLength"]!.GetValue<int>());

        var cursor = Parameter(Operation(document, "ListCases"), "cursor", "query")!["schema"]!;
        Assert.Equal(PageRules.MaxCursorLength, cursor["maxLength"]!.GetValue<int>());
        Assert.Equal(PageRules.CursorPattern, cursor["pattern"]!.GetValue<string>());
        var next = Schema(document, "FollowUpPage")["properties"]!["nextCursor"]!;
        Assert.Equal(PageRules.CursorPattern, next["pattern"]!.GetValue<string>());
        Assert.Equal(200, Parameter(Operation(document, "ExportAccessLogEntries"), "userId", "query")!["schema"]!["maxLength"]!.GetValue<int>());
    }

    /// <summary>
    /// Input gets no invented bound (ADR 0031): every text and list of a request body or parameter is
    /// bounded by a rule the API enforces (a validator, a pattern, a format it parses, a list of codes);
    /// no list says "the largest count a list can hold", the default only answers may carry.
    /// </summary>
    [Fact]
    public async Task Every_input_is_bounded_by_a_rule_the_api_enforces()
    {
        var document = await DocumentAsync();
        var inputs = new List<(string Where, JsonNode Schema)>();
        foreach (var (path, method, operation) in ApiOperations(document))
        {
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                inputs.Add(($"{method} {path} {parameter!["name"]}", parameter["schema"]!));
            }

            if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } body)
            {
                inputs.Add(($"{method} {path} body", body));
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Check(string where, JsonNode schema)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                if (seen.Add(reference))
                {
                    Check(reference, Resolve(document, schema));
                }

                return;
            }

            foreach (var part in schema["allOf"]?.AsArray() ?? [])
            {
                Check(where, part!);
            }

            var type = schema["type"]?.GetValue<string>();
            if (type == "string" && schema["enum"] is null)
            {
                Assert.True(schema["maxLength"] is not null, $"{where}: a text without maxLength");
            }

            if (type == "array")
            {
                Assert.True(schema["maxItems"] is not null, $"{where}: a list without maxItems");
                Assert.NotEqual(int.MaxValue, schema["maxItems"]!.GetValue<int>());
                Check(where + "[]", schema["items"]!);
            }

            foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            {
                Check($"{where}.{name}", property!);
            }
        }

        foreach (var (where, schema) in inputs)
        {
            Check(where, schema);
        }

        Assert.Contains("#/components/schemas/ServiceBody", seen);
    }

    [Fact]
    public async Task The_document_names_its_server_and_the_bearer_scheme_states_rfc_8725()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("http", document["servers"]!.AsArray().Single()!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("RFC8725", document["components"]!["securitySchemes"]!["Bearer"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

/// <summary>Swagger UI and the document are served in Development only, unless <c>OpenApi:Enabled</c> says otherwise.</summary>
public sealed class OpenApiExposureTests
{
    /// <summary>The test host of every API test, in another environment: outside Development a real authority must be named.</summary>
    private sealed class Host(string environment, bool? enabled) : ApiFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = new Dictionary<string, string?>
                {
                    ["Auth:Authority"] = "https://login.casecoordination.test",
                    ["Auth:Audience"] = "case-coordination",
                };
                if (enabled is { } on)
                {
                    settings["OpenApi:Enabled"] = on ? "true" : "false";
                }

                return settings;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }

    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Staging", null, false)]
    [InlineData("Production", true, true)]
    [InlineData("Development", null, true)]
    [InlineData("Development", false, false)]
    public async Task The_document_and_the_ui_are_served_only_where_enabled(string environment, bool? enabled, bool served)
    {
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "casecoordination-tests"));
        using var host = new Host(environment, enabled);
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var document = await client.GetAsync("/swagger/v1/swagger.json");
        var ui = await client.GetAsync("/swagger/index.html");
        // Not served: no such endpoint, so the fallback policy asks for a token (401) like any unknown path.
        Assert.Equal(served, document.StatusCode == HttpStatusCode.OK);
        Assert.Equal(served, ui.StatusCode == HttpStatusCode.OK);
        Assert.Equal(served, (await document.Content.ReadAsStringAsync()).Contains("\"openapi\"", StringComparison.Ordinal));
    }
}

/// <summary>The longest text a validator's pattern matches (ADR 0031); null where nothing bounds it.</summary>
public sealed class PatternLengthTests
{
    [Theory]
    [InlineData("^[0-9]{4}$", 4)]
    [InlineData("^([0-9]{2}|\\*)$", 2)]
    [InlineData("^(19|20)?[0-9]{6}[-+]?[0-9A-Za-z]{4}$", 13)]
    [InlineData("^(?:ab|c){1,3}x?$", 7)]
    [InlineData("^[\\]a-]\\.$", 2)]
    [InlineData("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", null)]
    [InlineData("^[A-Za-z0-9_=-]*$", null)]
    [InlineData("^a+$", null)]
    [InlineData("^a{2,}$", null)]
    [InlineData("[0-9]{4}", null)]
    [InlineData("^[0-9]{4}", null)]
    [InlineData("^(a$", null)]
    [InlineData("^a\\$", null)]
    public void A_pattern_is_as_long_as_its_longest_match(string pattern, int? longest) =>
        Assert.Equal(longest, CaseCoordination.Api.OpenApi.PatternLength.Of(pattern));
}
