using System.Net;
using System.Net.Http.Json;
using System.Text;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Infrastructure.Persistence;
using CaseCoordination.Infrastructure.Protection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// Issue 13, item 8: every free text a person types (situation, messages, reasons, justifications,
/// purposes, notes) is encrypted at rest like the identity fields (ADR 0019), and still answered in
/// clear to the agencies allowed to see it.
/// </summary>
public sealed class FreeTextAtRestTests
{
    // Canaries: unique words that appear nowhere else in the database.
    private const string Situation = "Situationskanarie Brannvik exploited at the harbour";
    private const string Purpose = "Syfteskanarie Oxelgren trauma support";
    private const string Message = "Meddelandekanarie Tjurvik call after six";
    private const string RejectionReason = "Avslagskanarie Hemmingsby no capacity";
    private const string Justification = "Motiveringskanarie Flodmark threat tonight";
    private const string CancellationReason = "Avbrottskanarie Gradelius sent by mistake";
    private const string FailureDetails = "Misslyckandekanarie Ravnkilde moved abroad";
    private const string ReviewNote = "Granskningskanarie Ostenvald justified";
    private const string HandoverReason = "Overlamningskanarie Sandhamre better placed";
    private const string DeclineReason = "Nejkanarie Kvarnfjord no staff";
    private const string CloseJustification = "Avslutskanarie Lindqvarn person moved";

    private static readonly string[] Canaries =
    [
        Situation, Purpose, Message, RejectionReason, Justification, CancellationReason, FailureDetails, ReviewNote, HandoverReason,
        DeclineReason, CloseJustification,
    ];

    /// <summary>Every free-text column of the model, with the longest text its validator accepts.</summary>
    private static readonly (string Table, string Column, int Limit)[] FreeTextColumns =
    [
        ("Cases", "Situation", TextLimits.FreeText), ("Cases", "CloseJustification", TextLimits.Reason), ("Consents", "Purpose", TextLimits.Reason),
        ("Referrals", "Message", TextLimits.FreeText), ("Referrals", "RejectionReason", TextLimits.Reason), ("Referrals", "BasisJustification", TextLimits.Reason),
        ("Referrals", "CancellationReason", TextLimits.Reason), ("Referrals", "FailureDetails", TextLimits.Reason),
        ("LegalBasisReviews", "ReviewNote", TextLimits.Reason), ("LeadHandovers", "Reason", TextLimits.Reason), ("LeadHandovers", "DeclineReason", TextLimits.Reason),
    ];

    [Theory]
    [InlineData("SqlServer")]
    [InlineData("PostgreSql")]
    public void Every_free_text_column_on_a_server_database_holds_the_ciphertext_of_the_longest_text_its_validator_accepts(string provider)
    {
        var protection = PersonalDataProtection.ForDesignTime();
        using CaseCoordinationDbContext db = provider == "SqlServer" ? new SqlServerDesignTimeFactory().CreateDbContext([]) : new PostgreSqlDesignTimeFactory().CreateDbContext([]);
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        foreach (var (table, column, limit) in FreeTextColumns)
        {
            // Three UTF-8 bytes per character: the longest ciphertext a text of that many characters can have.
            var longest = protection.Protect(new string('\u20ac', limit)).Length;
            var stored = model.FindTable(table, null)!.FindColumn(column)!;
            Assert.True(stored.StoreType == "nvarchar(max)" || stored.MaxLength >= longest, $"{table}.{column} is {stored.StoreType}; its longest ciphertext has {longest} characters");
        }
    }

    [Fact]
    public async Task No_free_text_a_caseworker_typed_is_in_the_database_file_in_clear_yet_the_parties_read_it()
    {
        using var factory = new ApiFactory();
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, "crypt-lead");
        var healthcare = factory.Caseworker(Agencies.HealthcareEkstad, "crypt-healthcare");
        var auditor = factory.As("crypt-auditor", "auditor", null, "99");

        var opened = await lead.OpenCaseAsync(ApiCalls.NewCase("Crypt Alias", situation: Situation));
        var caseId = opened.Id();
        var casePath = $"/api/v1/cases/{caseId}";
        var consent = await (await lead.PostAsJsonAsync($"{casePath}/consents", new
        {
            recipientAgencyId = Agencies.HealthcareEkstad, categories = new[] { "coordination", "situation" }, purpose = Purpose, method = "written", givenBy = "person",
        }, ApiCalls.Json)).ShouldBe(HttpStatusCode.Created);

        // Rejected: a message and a reason.
        var rejected = await SendAsync(lead, caseId, new { kind = "consent", consentId = consent.Id() }, Message);
        await Act(healthcare, rejected, "receive", new { });
        await Act(healthcare, rejected, "reject", new { reason = RejectionReason });

        // Sent on a legal basis (a justification, reviewed with a note), then cancelled with a reason.
        var cancelled = await SendAsync(lead, caseId, new { kind = "emergency", justification = Justification }, null);
        var review = (await (await auditor.GetAsync("/api/v1/audit/reviews")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray()
            .Single(r => r!["referralId"]!.GetValue<string>() == cancelled)!;
        await (await auditor.PostAsJsonAsync($"/api/v1/audit/reviews/{review["id"]}/reviewed", new { note = ReviewNote }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        await Act(lead, cancelled, "cancel", new { reason = CancellationReason });

        // Failed with details.
        var failed = await SendAsync(lead, caseId, new { kind = "consent", consentId = consent.Id() }, null);
        await Act(healthcare, failed, "receive", new { });
        await Act(healthcare, failed, "accept", new { });
        await Act(healthcare, failed, "fail", new { reason = "lost-contact", details = FailureDetails });

        // A lead handover proposed with a reason and declined with one.
        var handover = await (await lead.SendJsonAsync(HttpMethod.Post, $"{casePath}/lead-handovers", new { toAgencyId = Agencies.HealthcareEkstad, reason = HandoverReason }, await lead.ETagOfAsync(casePath)))
            .ShouldBe(HttpStatusCode.Created);
        await (await healthcare.SendJsonAsync(HttpMethod.Post, $"/api/v1/lead-handovers/{handover.Id()}/decline", new { reason = DeclineReason })).ShouldBe(HttpStatusCode.OK);

        await (await lead.PostAsJsonAsync($"{casePath}/close", new { outcome = "needs-met", justification = CloseJustification }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);

        // At rest: not one canary in the database file or its write-ahead log, and every free-text column holds a ciphertext.
        var raw = DatabaseFileText(factory);
        Assert.Contains("PersonIdentityNumberHash", raw, StringComparison.Ordinal);
        Assert.All(Canaries, canary => Assert.DoesNotContain(canary, raw, StringComparison.Ordinal));
        foreach (var (table, column, _) in FreeTextColumns)
        {
            var stored = await StoredAsync(factory, $"SELECT {column} FROM {table} WHERE {column} IS NOT NULL");
            Assert.True(stored.Count > 0, $"{table}.{column} was written");
            Assert.All(stored, value => Assert.StartsWith("CfDJ8", value, StringComparison.Ordinal));
        }

        // In answers: in clear, to the agencies allowed to see them.
        var read = await (await lead.GetAsync(casePath)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Situation, read.Str("situation"));
        Assert.Equal(CloseJustification, read.Str("closeJustification"));
        Assert.Equal(Situation, (await (await healthcare.GetAsync(casePath)).ShouldBe(HttpStatusCode.OK)).Str("situation"));
        var consents = await (await lead.GetAsync($"{casePath}/consents")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Purpose, consents["items"]![0]!["purpose"]!.GetValue<string>());
        var first = await (await lead.GetAsync($"/api/v1/referrals/{rejected}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Message, first.Str("message"));
        Assert.Equal(RejectionReason, first.Str("rejectionReason"));
        var second = await (await lead.GetAsync($"/api/v1/referrals/{cancelled}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Justification, second["basis"]!["justification"]!.GetValue<string>());
        Assert.Equal(CancellationReason, second.Str("cancellationReason"));
        Assert.Equal(FailureDetails, (await (await healthcare.GetAsync($"/api/v1/referrals/{failed}")).ShouldBe(HttpStatusCode.OK)).Str("failureDetails"));
        var answered = await (await healthcare.GetAsync($"/api/v1/lead-handovers/{handover.Id()}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(HandoverReason, answered.Str("reason"));
        Assert.Equal(DeclineReason, answered.Str("declineReason"));
        var reviewed = await (await auditor.GetAsync("/api/v1/audit/reviews?status=reviewed")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(reviewed["items"]!.AsArray(), r => r!["reviewNote"]?.GetValue<string>() == ReviewNote && r["justification"]!.GetValue<string>() == Justification);
    }

    [Fact]
    public async Task Free_text_stored_in_clear_by_an_earlier_build_is_read_and_encrypted_when_the_api_starts()
    {
        using var factory = new ApiFactory();
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, "legacy-lead");
        var opened = await lead.OpenCaseAsync(ApiCalls.NewCase("Legacy Alias", situation: "replaced below"));
        await lead.GiveConsentAsync(opened.Id(), Agencies.HealthcareEkstad);

        // What an earlier build wrote: clear text, including one that looks like a ciphertext's start in another case.
        const string legacy = "Legacykanarie Yxskaftet written before encryption";
        const string purpose = "cfdj8 legacykanarie purpose";
        await ExecuteAsync(factory, $"UPDATE Cases SET Situation = '{legacy}' WHERE Id = '{opened.Id().ToUpperInvariant()}'");
        await ExecuteAsync(factory, $"UPDATE Consents SET Purpose = '{purpose}'");

        // Readable as it is, before anything converts it.
        Assert.Equal(legacy, (await (await lead.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.OK)).Str("situation"));

        // The start converts it: the column holds a ciphertext, the answer the same text.
        await factory.Services.InitializeDatabaseAsync(TestContext.Current.CancellationToken);
        Assert.All(await StoredAsync(factory, "SELECT Situation FROM Cases WHERE Situation IS NOT NULL"), v => Assert.StartsWith("CfDJ8", v, StringComparison.Ordinal));
        Assert.All(await StoredAsync(factory, "SELECT Purpose FROM Consents"), v => Assert.StartsWith("CfDJ8", v, StringComparison.Ordinal));
        Assert.Equal(legacy, (await (await lead.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.OK)).Str("situation"));
        var consents = await (await lead.GetAsync($"/api/v1/cases/{opened.Id()}/consents")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(purpose, consents["items"]![0]!["purpose"]!.GetValue<string>());

        // A second start finds nothing left to convert and changes nothing.
        var before = await StoredAsync(factory, "SELECT Situation FROM Cases WHERE Situation IS NOT NULL");
        await factory.Services.InitializeDatabaseAsync(TestContext.Current.CancellationToken);
        Assert.Equal(before, await StoredAsync(factory, "SELECT Situation FROM Cases WHERE Situation IS NOT NULL"));
    }

    private static async Task<string> SendAsync(HttpClient lead, string caseId, object basis, string? message)
    {
        var sent = await (await lead.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new
        {
            toAgencyId = Agencies.HealthcareEkstad, need = "trauma-support", urgency = "urgent", sharedCategories = new[] { "coordination", "situation" }, basis, message,
        }, ApiCalls.Json)).ShouldBe(HttpStatusCode.Created);
        return sent.Id();
    }

    private static async Task Act(HttpClient client, string referralId, string act, object body) =>
        await (await client.PostAsJsonAsync($"/api/v1/referrals/{referralId}/{act}", body, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);

    /// <summary>The database file and its write-ahead log, as text, read past the API.</summary>
    private static string DatabaseFileText(ApiFactory factory)
    {
        SqliteConnection.ClearAllPools();
        var text = new StringBuilder();
        foreach (var file in new[] { factory.DatabaseFile, factory.DatabaseFile + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }

    /// <summary>The stored values of one column, through a plain connection (no EF, no converter).</summary>
    private static async Task<List<string>> StoredAsync(ApiFactory factory, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={factory.DatabaseFile}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task ExecuteAsync(ApiFactory factory, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={factory.DatabaseFile}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken) > 0, sql);
    }
}
