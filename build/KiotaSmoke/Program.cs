// Drives a running API through the client Kiota generated from its OpenAPI document (build/kiota-client.sh):
// one success path (open a case, record a consent, send a referral, receive it, propose a new lead with the
// ETag as If-Match) and one typed failure of each kind (400 with field errors, 404, 409 with the allowed
// transitions, 412, 428), each caught as the generated Problem exception and checked by its code.
//   KiotaSmoke <base url> <path of the API's appsettings.Development.json>
// Prints one line per check, then "kiota-client: N checks passed" (exit 0) or "... M failed" (exit 1).
using System.Text.Json;
using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Client;
using CaseCoordination.Client.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: KiotaSmoke <base url> <appsettings.Development.json>");
    return 2;
}

var baseUrl = args[0];
string signingKey;
using (var settings = JsonDocument.Parse(File.ReadAllText(args[1])))
{
    signingKey = settings.RootElement.GetProperty("Auth").GetProperty("DevSigningKey").GetString()!;
}

// The demo data's agencies (region 99, municipality 9901).
var socialServices = Guid.Parse("00000000-0000-0000-0000-000000000001");
var healthcare = Guid.Parse("00000000-0000-0000-0000-000000000002");

var lead = Connect("kiota-lead", socialServices);
var receiver = Connect("kiota-receiver", healthcare);

var checks = new Checks();
Guid caseId = default;
Guid referralId = default;

await checks.Run("open a case: 201 with the case, its ETag and Location", async () =>
{
    var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
    var opened = await lead.Api.V1.Cases.PostAsync(NewCase("Alias Kiota"), r => r.Options.Add(headers));
    Checks.Expect(opened?.Id is not null && opened.Status == CaseStatus.Open, $"status {opened?.Status}");
    caseId = opened!.Id!.Value;
    Checks.Expect(Header(headers, "ETag") == $"\"{opened.Version}\"", $"ETag {Header(headers, "ETag")} for version {opened.Version}");
    Checks.Expect(Header(headers, "Location") == $"/api/v1/cases/{caseId}", $"Location {Header(headers, "Location")}");
    return $"case {opened.CaseNumber}, ETag {Header(headers, "ETag")}";
});

await checks.Run("record the person's consent to share coordination with healthcare: 201", async () =>
{
    var consent = await lead.Api.V1.Cases[caseId].Consents.PostAsync(new RecordConsentBody
    {
        RecipientAgencyId = healthcare,
        Categories = [DataCategory.Coordination],
        Purpose = "Coordinated support",
        Method = ConsentMethod.Written,
        GivenBy = ConsentGiver.Person,
    });
    Checks.Expect(consent?.Id is not null, "no consent id");
    return $"consent {consent!.Id}";
});

await checks.Run("send a referral to healthcare: 201, requested", async () =>
{
    var sent = await lead.Api.V1.Cases[caseId].Referrals.PostAsync(new SendReferralBody
    {
        ToAgencyId = healthcare,
        Need = Need.TraumaSupport,
        Urgency = Urgency.Urgent,
        SharedCategories = [DataCategory.Coordination],
        Message = "Please contact the person this week.",
    });
    Checks.Expect(sent?.Id is not null && sent.Status == ReferralStatus.Requested, $"status {sent?.Status}");
    referralId = sent!.Id!.Value;
    return $"referral {referralId}";
});

await checks.Run("409 illegal-transition: accepting a referral not yet received names the allowed transitions", async () =>
{
    var problem = await Checks.Fails(409, "illegal-transition", () => receiver.Api.V1.Referrals[referralId].Accept.PostAsync());
    var allowed = (problem.AllowedTransitions ?? []).Select(a => a?.ToString()).Order().ToList();
    Checks.Expect(allowed.SequenceEqual(["Cancel", "Receive"]), $"allowedTransitions [{string.Join(", ", allowed)}]");
    return $"allowedTransitions [{string.Join(", ", allowed)}]";
});

await checks.Run("receive the referral (healthcare): 200, received", async () =>
{
    var received = await receiver.Api.V1.Referrals[referralId].Receive.PostAsync();
    Checks.Expect(received?.Status == ReferralStatus.Received, $"status {received?.Status}");
    return "received";
});

await checks.Run("400 validation-failed: a case without the person's name names the field", async () =>
{
    var body = NewCase(name: "");
    var problem = await Checks.Fails(400, "validation-failed", () => lead.Api.V1.Cases.PostAsync(body));
    var messages = FieldErrors(problem.Errors, "person.name");
    Checks.Expect(messages.Count > 0, $"errors has no person.name: [{string.Join(", ", problem.Errors?.AdditionalData.Keys ?? [])}]");
    return $"errors[person.name] = \"{messages[0]}\"";
});

await checks.Run("404 not-found: a case that does not exist", async () =>
{
    await Checks.Fails(404, "not-found", () => lead.Api.V1.Cases[Guid.NewGuid()].GetAsync());
    return "not-found";
});

await checks.Run("428 precondition-required: a lead proposal without If-Match", async () =>
{
    await Checks.Fails(428, "precondition-required", () => lead.Api.V1.Cases[caseId].LeadHandovers.PostAsync(Proposal(healthcare)));
    return "precondition-required";
});

string? etag = null;
await checks.Run("propose a new lead with If-Match from the case's ETag header: 201, proposed", async () =>
{
    var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
    await lead.Api.V1.Cases[caseId].GetAsync(r => r.Options.Add(headers));
    etag = Header(headers, "ETag");
    Checks.Expect(etag is not null, "no ETag on GET /cases/{id}");
    var proposed = await lead.Api.V1.Cases[caseId].LeadHandovers.PostAsync(Proposal(healthcare), r => r.Headers.Add("If-Match", etag!));
    Checks.Expect(proposed?.Status == LeadHandoverStatus.Proposed, $"status {proposed?.Status}");
    return $"If-Match {etag}";
});

await checks.Run("412 precondition-failed: the same proposal again with that now stale ETag", async () =>
{
    Checks.Expect(etag is not null, "no ETag from the previous check");
    await Checks.Fails(412, "precondition-failed", () => lead.Api.V1.Cases[caseId].LeadHandovers.PostAsync(Proposal(healthcare), r => r.Headers.Add("If-Match", etag!)));
    return $"If-Match {etag} is stale";
});

return checks.Summarize();

CaseCoordinationClient Connect(string user, Guid agency)
{
    var token = DevTokens.Mint(signingKey, user, "caseworker", agency, null, TimeSpan.FromMinutes(30), DateTimeOffset.UtcNow);
    var adapter = new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new StaticTokenProvider(token))) { BaseUrl = baseUrl };
    return new CaseCoordinationClient(adapter);
}

static OpenCase NewCase(string name) => new()
{
    Person = new OpenCasePerson
    {
        Name = name,
        BirthDate = new Date(2009, 5, 1),
        Nationality = "SE",
        ComplexNeeds = [ComplexNeed.SubstanceUse],
        FirstExploitedAsChild = true,
    },
    MunicipalityCode = "9901",
    IntakeChannel = IntakeChannel.Outreach,
    Situation = "Met during outreach; wants support.",
};

static ProposeLeadHandoverBody Proposal(Guid to) => new() { ToAgencyId = to, Reason = "Better placed to coordinate." };

static string? Header(HeadersInspectionHandlerOption headers, string name) =>
    headers.ResponseHeaders.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;

// `errors` is a map from field to messages; Kiota keeps a map's entries as untyped nodes in AdditionalData.
static List<string> FieldErrors(Problem_errors? errors, string field) =>
    errors is not null && errors.AdditionalData.TryGetValue(field, out var value) && value is UntypedArray messages
        ? messages.GetValue().OfType<UntypedString>().Select(m => m.GetValue() ?? "").ToList()
        : [];

/// <summary>A fixed bearer token (a development token); an integrator's provider fetches one from its identity provider.</summary>
internal sealed class StaticTokenProvider(string token) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(token);
}

internal sealed class CheckFailedException(string message) : Exception(message);

internal sealed class Checks
{
    private int _passed;
    private int _failed;

    public async Task Run(string name, Func<Task<string>> check)
    {
        try
        {
            var detail = await check();
            _passed++;
            Console.WriteLine($"  ok    {name} ({detail})");
        }
        catch (Exception e) when (e is CheckFailedException or ApiException or HttpRequestException)
        {
            _failed++;
            var what = e switch
            {
                Problem p => $"{p.ResponseStatusCode} {p.Code}: {p.Detail}",
                ApiException a => $"untyped {a.GetType().Name} {a.ResponseStatusCode}",
                _ => e.Message,
            };
            Console.WriteLine($"  FAIL  {name}: {what}");
        }
    }

    /// <summary>The call must fail with the generated Problem type, the status and the code (and its type URI).</summary>
    public static async Task<Problem> Fails(int status, string code, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Problem problem)
        {
            Expect(problem.ResponseStatusCode == status && problem.Status == status, $"status {problem.ResponseStatusCode} ({problem.Code})");
            Expect(problem.Code == code, $"code {problem.Code}");
            Expect(problem.Type == $"urn:case-coordination:problem:{code}", $"type {problem.Type}");
            return problem;
        }
        catch (ApiException other)
        {
            throw new CheckFailedException($"an untyped {other.GetType().Name} ({other.ResponseStatusCode}), not the generated Problem");
        }

        throw new CheckFailedException($"expected {status} {code}, but the call succeeded");
    }

    public static void Expect(bool condition, string otherwise)
    {
        if (!condition)
        {
            throw new CheckFailedException(otherwise);
        }
    }

    public int Summarize()
    {
        Console.WriteLine(_failed == 0
            ? $"kiota-client: {_passed} checks passed"
            : $"kiota-client: {_passed} checks passed, {_failed} failed");
        return _failed == 0 ? 0 : 1;
    }
}
