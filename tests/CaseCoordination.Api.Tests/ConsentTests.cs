using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Domain.AccessLog;
using CsCheck;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>Consent-based sharing: nothing crosses agencies without consent or a stated legal basis.</summary>
public sealed class ConsentTests(ApiFactory factory) : ConsentTestsBase<ApiFactory>(factory);

/// <summary>The same tests on SQL Server (skipped, with the reason, where none is available).</summary>
public sealed class ConsentTestsOnSqlServer(SqlServerSuiteFactory factory) : ConsentTestsBase<SqlServerSuiteFactory>(factory);

/// <summary>The same on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class ConsentTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : ConsentTestsBase<PostgreSqlSuiteFactory>(factory);

public abstract class ConsentTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private static readonly string[] Categories = ["coordination", "identity", "situation", "health", "criminal-matters"];

    private readonly HttpClient _lead = factory.Caseworker(Agencies.SocialServicesEkstad, "consent-lead");
    private readonly HttpClient _receiver = factory.Caseworker(Agencies.HealthcareEkstad, "consent-receiver");

    private static object Person(string name, string identityNumber, string situation) => new
    {
        person = new
        {
            name,
            birthDate = "2009-05-01",
            identityNumber,
            nationality = "SE",
            language = "sv",
            contact = "070-000 00 00",
            complexNeeds = new[] { "mental-health" },
            firstExploitedAsChild = true,
        },
        municipalityCode = "9901",
        intakeChannel = "outreach",
        situation,
    };

    private async Task<string> SendAsync(string caseId, object basis, params string[] shared)
    {
        var response = await _lead.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new
        {
            toAgencyId = Agencies.HealthcareEkstad,
            need = "trauma-support",
            urgency = "urgent",
            sharedCategories = shared,
            basis,
        }, ApiCalls.Json);
        return (await response.ShouldBe(HttpStatusCode.Created)).Id();
    }

    private static Task<HttpResponseMessage> Consent(HttpClient client, string caseId, object body) =>
        client.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", body, ApiCalls.Json);

    [Fact]
    public async Task A_consent_is_recorded_listed_and_withdrawn_and_withdrawal_deletes_nothing()
    {
        var opened = await _lead.OpenCaseAsync();
        var response = await Consent(_lead, opened.Id(), new
        {
            recipientKind = "healthcare",
            categories = new[] { "identity", "health" },
            purpose = "Healthcare follow-up",
            method = "verbal",
            givenBy = "guardian",
            validUntil = factory.Clock.GetUtcNow().AddDays(30),
        });
        var consent = await response.ShouldBe(HttpStatusCode.Created);
        Assert.Equal("active", consent.Str("state"));

        var withdrawn = await (await _lead.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/consents/{consent.Id()}/withdraw", new { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("withdrawn", withdrawn.Str("state"));
        await (await _lead.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/consents/{consent.Id()}/withdraw", new { }, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.Conflict, "consent-withdrawn");

        var list = await (await _lead.GetAsync($"/api/v1/cases/{opened.Id()}/consents")).ShouldBe(HttpStatusCode.OK);
        var only = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal("withdrawn", only["state"]!.GetValue<string>());
        Assert.Equal(["health", "identity"], only["categories"]!.AsArray().Select(x => x!.GetValue<string>()).Order());

        var timeline = await (await _lead.GetAsync($"/api/v1/cases/{opened.Id()}/timeline")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["case.opened", "consent.given", "consent.withdrawn"], timeline["items"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_consent_names_exactly_one_recipient_and_at_least_one_category()
    {
        var opened = await _lead.OpenCaseAsync();
        var both = await (await Consent(_lead, opened.Id(), new { recipientAgencyId = Agencies.HealthcareEkstad, recipientKind = "healthcare", categories = new[] { "identity" }, purpose = "p", method = "written", givenBy = "person" }))
            .ProblemShouldBe(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(both["errors"]!["recipientAgencyId"]);
        var none = await (await Consent(_lead, opened.Id(), new { categories = Array.Empty<string>(), purpose = "p", method = "written", givenBy = "person" }))
            .ProblemShouldBe(HttpStatusCode.BadRequest);
        Assert.NotNull(none["errors"]!["categories"]);
    }

    public static TheoryData<string> ConsentStates => new() { "none", "active", "not-yet-valid", "expired", "withdrawn", "legal-basis" };

    /// <summary>
    /// The matrix of issue 3: for each consent state, each relation of the caller's agency to the case
    /// and each role, the exact visibility of every field.
    /// </summary>
    [Theory]
    [MemberData(nameof(ConsentStates))]
    public async Task Each_relation_role_and_consent_state_sees_exactly_the_covered_fields(string state)
    {
        var opened = await _lead.OpenCaseAsync(Person("Matrix Alias", "200905012384", "Matrix situation"));
        var caseId = opened.Id();
        var now = factory.Clock.GetUtcNow();
        var sensitive = new[] { "identity", "situation", "health" };

        // The receiving agency becomes a party: through a coordination-only consent, or a legal basis.
        string referralId;
        if (state == "legal-basis")
        {
            referralId = await SendAsync(caseId, new { kind = "emergency", justification = "Threat to life tonight." }, sensitive);
        }
        else if (state == "none")
        {
            referralId = await SendAsync(caseId, new { kind = "emergency", justification = "Threat to life tonight." });
        }
        else
        {
            var coordination = await _lead.GiveConsentAsync(caseId, Agencies.HealthcareEkstad);
            referralId = await SendAsync(caseId, new { kind = "consent", consentId = coordination.Id() });
            var body = new
            {
                recipientAgencyId = Agencies.HealthcareEkstad,
                categories = sensitive,
                purpose = "Trauma support",
                method = "written",
                givenBy = "person",
                validFrom = state == "not-yet-valid" ? now.AddDays(1) : now,
                validUntil = state == "expired" ? now.AddHours(1) : now.AddDays(60),
            };
            var consent = await (await Consent(_lead, caseId, body)).ShouldBe(HttpStatusCode.Created);
            if (state == "withdrawn")
            {
                await (await _lead.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents/{consent.Id()}/withdraw", new { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
            }
        }

        if (state == "expired")
        {
            factory.Clock.Advance(TimeSpan.FromHours(2));
        }

        // Lead (the recording agency): everything, whatever the consent.
        var asLead = await (await _lead.GetAsync($"/api/v1/cases/{caseId}")).ShouldBe(HttpStatusCode.OK);
        AssertFields(asLead, Categories);

        // Receiver of an active referral: coordination, plus what consent or the legal basis covers now.
        var expected = state is "active" or "legal-basis" ? ["coordination", .. sensitive] : new[] { "coordination" };
        var asReceiver = await (await _receiver.GetAsync($"/api/v1/cases/{caseId}")).ShouldBe(HttpStatusCode.OK);
        AssertFields(asReceiver, expected);

        // Other roles never read case contents; an unrelated agency does not learn the case exists.
        foreach (var (role, region) in new[] { ("coordinator", "99"), ("auditor", "99"), ("admin", (string?)null) })
        {
            await (await factory.As($"matrix-{role}", role, null, region).GetAsync($"/api/v1/cases/{caseId}")).ProblemShouldBe(HttpStatusCode.Forbidden);
        }

        await (await factory.Caseworker(Agencies.PoliceEkstad, "matrix-unrelated").GetAsync($"/api/v1/cases/{caseId}")).ProblemShouldBe(HttpStatusCode.NotFound);

        // Receiver of a rejected referral: its access has ended (no other ground remains).
        await (await _receiver.PostAsJsonAsync($"/api/v1/referrals/{referralId}/receive", new { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        await (await _receiver.PostAsJsonAsync($"/api/v1/referrals/{referralId}/reject", new { reason = "Not ours." }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        await (await _receiver.GetAsync($"/api/v1/cases/{caseId}")).ProblemShouldBe(HttpStatusCode.NotFound);

    }

    /// <summary>Checks every field of a case read against the categories the caller should see.</summary>
    private static void AssertFields(JsonObject body, IReadOnlyCollection<string> visible)
    {
        Assert.Equal(Categories.Except(visible).Order(), body["withheldCategories"]!.AsArray().Select(x => x!.GetValue<string>()).Order());
        Assert.NotNull(body["caseNumber"]);
        Assert.NotNull(body["status"]);
        Assert.NotNull(body["subjectId"]);
        var identity = visible.Contains("identity");
        Assert.Equal(identity, body["person"] is not null);
        if (identity)
        {
            var person = body["person"]!;
            Assert.Equal("Matrix Alias", person["name"]!.GetValue<string>());
            Assert.Equal("200905012384", person["identityNumber"]!.GetValue<string>());
            Assert.Equal("2009-05-01", person["birthDate"]!.GetValue<string>());
            Assert.Equal("070-000 00 00", person["contact"]!.GetValue<string>());
        }

        var situation = visible.Contains("situation");
        Assert.Equal(situation, body["situation"] is not null);
        Assert.Equal(situation, body["firstExploitedAsChild"] is not null);
        Assert.Equal(visible.Contains("health"), body["complexNeeds"] is not null);
    }

    [Fact]
    public async Task A_consent_for_a_kind_of_agency_covers_every_agency_of_that_kind_and_no_other()
    {
        var opened = await _lead.OpenCaseAsync();
        await (await Consent(_lead, opened.Id(), new { recipientKind = "healthcare", categories = new[] { "situation" }, purpose = "p", method = "written", givenBy = "person" }))
            .ShouldBe(HttpStatusCode.Created);
        await SendAsync(opened.Id(), null!, "situation");
        var police = await _lead.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", new
        {
            toAgencyId = Agencies.PoliceEkstad, need = "police-report", urgency = "urgent", sharedCategories = new[] { "situation" },
        }, ApiCalls.Json);
        var problem = await police.ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "categories-not-covered");
        Assert.Equal(["coordination", "situation"], problem["uncoveredCategories"]!.AsArray().Select(x => x!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Withdrawal_stops_covering_new_sends_at_once()
    {
        var opened = await _lead.OpenCaseAsync();
        var consent = await _lead.GiveConsentAsync(opened.Id(), Agencies.HealthcareEkstad, "situation");
        await (await _lead.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/consents/{consent.Id()}/withdraw", new { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        var before = await factory.Db(db => db.Referrals.CountAsync());
        var refused = await _lead.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", new
        {
            toAgencyId = Agencies.HealthcareEkstad, need = "trauma-support", urgency = "urgent", sharedCategories = new[] { "situation" },
            basis = new { kind = "consent", consentId = consent.Id() },
        }, ApiCalls.Json);
        await refused.ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "categories-not-covered");
        Assert.Equal(before, await factory.Db(db => db.Referrals.CountAsync()));

        var caseId = Guid.Parse(opened.Id());
        var entry = await factory.Db(db => db.AccessLog.Where(e => e.CaseId == caseId && e.Action == "referral.send").SingleAsync());
        Assert.Equal(AccessOutcome.Refused, entry.Outcome);
    }

    [Fact]
    public async Task Protected_identity_is_never_shared_and_only_the_recording_agency_sees_it()
    {
        var body = new
        {
            person = new { name = "Protected Alias", identityNumber = "19900101-1234", protectedIdentity = true },
            municipalityCode = "9901",
            intakeChannel = "self-referral",
        };
        var opened = await _lead.OpenCaseAsync(body);
        Assert.Equal("Protected Alias", opened["person"]!["name"]!.GetValue<string>());
        await _lead.GiveConsentAsync(opened.Id(), Agencies.HealthcareEkstad, "identity", "situation");

        var refused = await _lead.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", new
        {
            toAgencyId = Agencies.HealthcareEkstad, need = "healthcare", urgency = "urgent", sharedCategories = new[] { "identity" },
        }, ApiCalls.Json);
        await refused.ProblemShouldBe(HttpStatusCode.UnprocessableEntity, "protected-identity");

        await SendAsync(opened.Id(), null!, "situation");
        var seen = await (await _receiver.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.OK);
        Assert.Null(seen["person"]);
        Assert.Contains("identity", seen["withheldCategories"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.DoesNotContain("situation", seen["withheldCategories"]!.AsArray().Select(x => x!.GetValue<string>()));
    }

    [Fact]
    public async Task The_database_file_holds_no_identity_number_name_birth_date_or_contact_in_clear_text()
    {
        if (factory is ServerSuiteFactory)
        {
            Assert.Skip("Reads the raw SQLite file; on a server database the same converters encrypt the same columns.");
        }

        const string name = "Klartextfri Ulvhildur";
        const string identityNumber = "20090501-7531";
        const string contact = "ulvhildur-safe-contact";
        await _lead.OpenCaseAsync(new
        {
            person = new { name, birthDate = "2009-05-01", identityNumber, contact },
            municipalityCode = "9901",
            intakeChannel = "outreach",
        });

        SqliteConnection.ClearAllPools();
        var bytes = new List<byte>();
        foreach (var file in new[] { factory.DatabaseFile, factory.DatabaseFile + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            bytes.AddRange(copy.ToArray());
        }

        var raw = System.Text.Encoding.UTF8.GetString([.. bytes]);
        Assert.True(raw.Length > 10_000, "the database file was read");
        Assert.Contains("PersonIdentityNumberHash", raw, StringComparison.Ordinal);
        foreach (var clear in new[] { name, "Ulvhildur", identityNumber, "200905017531", "2009-05-01", contact })
        {
            Assert.DoesNotContain(clear, raw, StringComparison.Ordinal);
        }

        // And yet the recording agency reads them back.
        var cases = await (await _lead.GetAsync("/api/v1/cases?limit=500")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(cases["items"]!.AsArray(), c => c!["person"]?["name"]?.GetValue<string>() == name);
    }

    [Fact]
    public async Task No_response_ever_carries_a_value_of_a_category_the_caller_may_not_see()
    {
        string[] states = ["none", "active", "withdrawn", "expired"];
        var counter = 0;
        var gen = Gen.Select(
            Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz"], 12, 16],
            Gen.Int[0, 15],
            Gen.Int[0, states.Length - 1].Select(i => states[i]));
        await gen.SampleAsync(
            async (token, mask, state) =>
            {
                var name = "N" + token;
                var situation = "S" + token;
                var identityNumber = $"20090501-{Interlocked.Increment(ref counter):D4}";
                var opened = await _lead.OpenCaseAsync(new
                {
                    person = new { name, identityNumber, birthDate = "2009-05-01", complexNeeds = (mask & 8) != 0 ? new[] { "homelessness" } : [] },
                    municipalityCode = "9901",
                    intakeChannel = "outreach",
                    situation,
                });
                var granted = new[] { "identity", "situation", "health" }.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
                var coordination = await _lead.GiveConsentAsync(opened.Id(), Agencies.HealthcareEkstad);
                await SendAsync(opened.Id(), new { kind = "consent", consentId = coordination.Id() });
                if (state != "none" && granted.Length > 0)
                {
                    var consent = await (await Consent(_lead, opened.Id(), new
                    {
                        recipientAgencyId = Agencies.HealthcareEkstad, categories = granted, purpose = "p", method = "written", givenBy = "person",
                        validUntil = factory.Clock.GetUtcNow().AddMinutes(state == "expired" ? -1 : 60).AddDays(state == "expired" ? 0 : 1),
                        validFrom = factory.Clock.GetUtcNow().AddMinutes(-10),
                    })).ShouldBe(HttpStatusCode.Created);
                    if (state == "withdrawn")
                    {
                        await _lead.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/consents/{consent.Id()}/withdraw", new { }, ApiCalls.Json);
                    }
                }

                var visible = state == "active" ? granted : [];
                foreach (var path in new[] { $"/api/v1/cases/{opened.Id()}", "/api/v1/cases?limit=500", "/api/v1/referrals?direction=incoming&limit=500", $"/api/v1/cases/{opened.Id()}/timeline", $"/api/v1/cases/{opened.Id()}/consents" })
                {
                    // Lists also show earlier samples' cases; the health marker is only unique on this case's own pages.
                    var ownPage = path.Contains(opened.Id(), StringComparison.Ordinal);
                    var text = await (await _receiver.GetAsync(path)).Content.ReadAsStringAsync();
                    if (visible.Contains("identity"))
                    {
                        // What may be seen is shown where the case is shown.
                        Assert.True(!path.StartsWith("/api/v1/cases", StringComparison.Ordinal) || path.EndsWith("timeline", StringComparison.Ordinal)
                            || path.EndsWith("consents", StringComparison.Ordinal) || text.Contains(name, StringComparison.Ordinal));
                    }
                    else
                    {
                        Assert.DoesNotContain(name, text, StringComparison.Ordinal);
                        Assert.DoesNotContain(identityNumber, text, StringComparison.Ordinal);
                    }

                    if (!visible.Contains("situation"))
                    {
                        Assert.DoesNotContain(situation, text, StringComparison.Ordinal);
                    }

                    if (!visible.Contains("health") && ownPage)
                    {
                        Assert.DoesNotContain("homelessness", text, StringComparison.Ordinal);
                    }
                }
            },
            iter: 25,
            threads: 1);
    }
}
