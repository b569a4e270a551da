using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Infrastructure.AccessLog;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>The access log auditors can trust: append-only, tamper-evident, queryable.</summary>
public sealed class AuditTests
{
    private static async Task<(ApiFactory Factory, HttpClient Auditor, string CaseId)> DayAsync()
    {
        var factory = new ApiFactory();
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, "audit-lead");
        var receiver = factory.Caseworker(Agencies.HealthcareEkstad, "audit-receiver");
        var opened = await lead.OpenCaseAsync();
        var referral = await lead.SendReferralAsync(opened.Id(), Agencies.HealthcareEkstad);
        await (await receiver.GetAsync($"/api/v1/referrals/{referral.Id()}")).ShouldBe(HttpStatusCode.OK);
        await (await factory.Caseworker(Agencies.PoliceEkstad, "audit-outsider").GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.NotFound);
        return (factory, factory.As("auditor-99", "auditor", null, "99"), opened.Id());
    }

    private static async Task<Application.Audit.VerifyResult> VerifyAsync(HttpClient auditor) =>
        (await (await auditor.GetAsync("/api/v1/audit/verify")).Content.ReadFromJsonAsync<Application.Audit.VerifyResult>(ApiCalls.Json))!;

    private static async Task TamperAsync(ApiFactory factory, string sql)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={factory.DatabaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER IF EXISTS \"AccessLog_NoUpdate\"; DROP TRIGGER IF EXISTS \"AccessLog_NoDelete\"; " + sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task An_untouched_log_verifies_and_a_changed_entry_is_named()
    {
        var (factory, auditor, _) = await DayAsync();
        using var _f = factory;
        var clean = await VerifyAsync(auditor);
        Assert.True(clean.Valid, clean.Reason);
        Assert.True(clean.VerifiedEntries >= 5);

        await TamperAsync(factory, "UPDATE \"AccessLog\" SET \"UserId\" = 'someone-else' WHERE \"Id\" = 3;");
        var tampered = await VerifyAsync(auditor);
        Assert.False(tampered.Valid);
        Assert.Equal(3, tampered.FirstInvalidEntryId);
    }

    [Fact]
    public async Task A_deleted_entry_is_detected()
    {
        var (factory, auditor, _) = await DayAsync();
        using var _f = factory;
        await TamperAsync(factory, "DELETE FROM \"AccessLog\" WHERE \"Id\" = 2;");
        var result = await VerifyAsync(auditor);
        Assert.False(result.Valid);
        Assert.Equal(2, result.FirstInvalidEntryId);
    }

    [Fact]
    public async Task Cutting_off_the_newest_entries_and_rewriting_the_head_is_caught_by_the_kept_digest()
    {
        var (factory, auditor, _) = await DayAsync();
        using var _f = factory;
        var publisher = factory.Services.GetRequiredService<AccessLogDigestPublisher>();
        var published = await publisher.PublishIfMovedAsync(-1, CancellationToken.None);
        Assert.True(published > 2);

        // An administrator removes the newest entries and makes the head point at what is left.
        await TamperAsync(factory, $"""
            DELETE FROM "AccessLog" WHERE "Id" > 2;
            UPDATE "AccessLogChain" SET "LastEntryId" = 2, "LastHash" = (SELECT "Hash" FROM "AccessLog" WHERE "Id" = 2);
            """);
        var result = await VerifyAsync(auditor);
        Assert.False(result.Valid);
        Assert.Equal(3, result.FirstInvalidEntryId);
    }

    [Fact]
    public async Task No_code_path_changes_or_deletes_an_entry_and_the_database_refuses_too()
    {
        using var factory = new ApiFactory();
        await factory.Caseworker(Agencies.SocialServicesEkstad).OpenCaseAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordination.Infrastructure.Persistence.CaseCoordinationDbContext>();
        var entry = await db.AccessLog.FirstAsync();
        db.Remove(entry);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        var bulk = await Record.ExceptionAsync(() => db.AccessLog.ExecuteUpdateAsync(s => s.SetProperty(e => e.UserId, "x")));
        Assert.IsType<SqliteException>(bulk);
        Assert.Contains("append-only", bulk.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auditors_query_by_case_person_and_outcome_newest_first_within_their_region()
    {
        var (factory, auditor, caseId) = await DayAsync();
        using var _f = factory;
        var page = await (await auditor.GetAsync($"/api/v1/audit/entries?caseId={caseId}&limit=2")).ShouldBe(HttpStatusCode.OK);
        var first = page["items"]!.AsArray().Select(e => e!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(2, first.Count);
        Assert.True(first[0] > first[1]);
        var next = await (await auditor.GetAsync($"/api/v1/audit/entries?caseId={caseId}&limit=2&cursor={Uri.EscapeDataString(page["nextCursor"]!.GetValue<string>())}")).ShouldBe(HttpStatusCode.OK);
        Assert.True(next["items"]!.AsArray()[0]!["id"]!.GetValue<long>() < first[1]);

        var refused = await (await auditor.GetAsync($"/api/v1/audit/entries?caseId={caseId}&outcome=refused")).ShouldBe(HttpStatusCode.OK);
        var only = Assert.Single(refused["items"]!.AsArray())!;
        Assert.Equal("audit-outsider", only["userId"]!.GetValue<string>());
        Assert.Equal("not-found", only["refusalCode"]!.GetValue<string>());

        var otherRegion = factory.As("auditor-01", "auditor", null, "01");
        var none = await (await otherRegion.GetAsync($"/api/v1/audit/entries?caseId={caseId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(none["items"]!.AsArray());
        var national = factory.As("auditor-se", "auditor", null, "*");
        var all = await (await national.GetAsync($"/api/v1/audit/entries?caseId={caseId}&limit=500")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((await (await auditor.GetAsync($"/api/v1/audit/entries?caseId={caseId}&limit=500")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray().Count, all["items"]!.AsArray().Count);

        await (await factory.Caseworker(Agencies.SocialServicesEkstad).GetAsync("/api/v1/audit/entries")).ProblemShouldBe(HttpStatusCode.Forbidden);
        await (await factory.As("admin", "admin", null, null).GetAsync("/api/v1/audit/entries")).ProblemShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_export_streams_the_same_query_as_ndjson()
    {
        var (factory, auditor, caseId) = await DayAsync();
        using var _f = factory;
        var response = await auditor.GetAsync($"/api/v1/audit/entries/export?caseId={caseId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var page = await (await auditor.GetAsync($"/api/v1/audit/entries?caseId={caseId}&limit=500")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(page["items"]!.AsArray().Select(e => e!["id"]!.GetValue<long>()),
            lines.Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["id"]!.GetValue<long>()));
        var exportLogged = await factory.Db(db => db.AccessLog.CountAsync(e => e.Action == "audit.export" && e.UserId == "auditor-99"));
        Assert.Equal(1, exportLogged);
    }

    [Fact]
    public async Task A_persons_access_report_lists_every_agency_and_user_with_basis_and_refusals_apart()
    {
        var (factory, auditor, caseId) = await DayAsync();
        using var _f = factory;
        var subjectId = (await (await factory.Caseworker(Agencies.SocialServicesEkstad, "audit-lead").GetAsync($"/api/v1/cases/{caseId}")).ShouldBe(HttpStatusCode.OK)).Str("subjectId");
        var report = await (await auditor.GetAsync($"/api/v1/audit/subjects/{subjectId}/access-report")).ShouldBe(HttpStatusCode.OK);
        var agencies = report["agencies"]!.AsArray().Select(a => a!["agencyId"]!.GetValue<string>()).ToList();
        Assert.Equal([Agencies.SocialServicesEkstad.ToString(), Agencies.HealthcareEkstad.ToString()], agencies);
        Assert.Contains(report["accesses"]!.AsArray(), e => e!["userId"]!.GetValue<string>() == "audit-receiver" && e["basis"]!.GetValue<string>() == "party");
        var refused = Assert.Single(report["refused"]!.AsArray())!;
        Assert.Equal("audit-outsider", refused["userId"]!.GetValue<string>());

        await (await factory.As("auditor-01", "auditor", null, "01").GetAsync($"/api/v1/audit/subjects/{subjectId}/access-report")).ProblemShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_use_of_a_legal_basis_waits_in_the_review_queue_until_an_auditor_marks_it()
    {
        using var factory = new ApiFactory();
        var healthcare = factory.Caseworker(Agencies.HealthcareEkstad);
        var opened = await healthcare.OpenCaseAsync();
        var sent = await (await healthcare.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", new
        {
            toAgencyId = Agencies.SocialServicesEkstad, need = "child-protection-report", urgency = "immediate",
            basis = new { kind = "mandatory-child-report", justification = "Child at risk." },
        }, ApiCalls.Json)).ShouldBe(HttpStatusCode.Created);

        var auditor = factory.As("reviewer", "auditor", null, "99");
        var pending = await (await auditor.GetAsync("/api/v1/audit/reviews")).ShouldBe(HttpStatusCode.OK);
        var item = Assert.Single(pending["items"]!.AsArray())!;
        Assert.Equal(sent.Id(), item["referralId"]!.GetValue<string>());
        Assert.Equal("mandatory-child-report", item["kind"]!.GetValue<string>());
        Assert.Equal("Child at risk.", item["justification"]!.GetValue<string>());

        var reviewed = await (await auditor.PostAsJsonAsync($"/api/v1/audit/reviews/{item["id"]}/reviewed", new { note = "Justified." }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        Assert.NotNull(reviewed["reviewedAt"]);
        Assert.Empty((await (await auditor.GetAsync("/api/v1/audit/reviews")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray());
        Assert.Single((await (await auditor.GetAsync("/api/v1/audit/reviews?status=reviewed")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray());
        await (await auditor.PostAsJsonAsync($"/api/v1/audit/reviews/{item["id"]}/reviewed", new { }, ApiCalls.Json)).ProblemShouldBe(HttpStatusCode.Conflict, "already-reviewed");
        Assert.Equal(1, await factory.Db(db => db.AccessLog.CountAsync(e => e.Action == "audit.review" && e.Outcome == AccessOutcome.Allowed)));
    }

    [Fact]
    public async Task A_referral_list_leaves_one_entry_per_case_it_showed_found_by_case_and_by_person()
    {
        using var factory = new ApiFactory();
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, "list-lead");
        var receiver = factory.Caseworker(Agencies.HealthcareEkstad, "list-receiver");
        var first = await lead.OpenCaseAsync();
        var second = await lead.OpenCaseAsync();
        await lead.SendReferralAsync(first.Id(), Agencies.HealthcareEkstad, need: "trauma-support");
        await lead.SendReferralAsync(first.Id(), Agencies.HealthcareEkstad, need: "housing");
        await lead.SendReferralAsync(second.Id(), Agencies.HealthcareEkstad, need: "shelter");

        var listed = await (await receiver.GetAsync("/api/v1/referrals?direction=incoming&limit=50")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(3, listed["items"]!.AsArray().Count);

        var entries = await factory.Db(db => db.AccessLog.Where(e => e.Action == "referral.list" && e.UserId == "list-receiver").OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(2, entries.Count);
        Assert.Equal(new[] { first.Id(), second.Id() }.Order(), entries.Select(e => e.CaseId.ToString()!).Order());
        foreach (var entry in entries)
        {
            var opened = entry.CaseId.ToString() == first.Id() ? first : second;
            Assert.Equal(AccessOutcome.Allowed, entry.Outcome);
            Assert.Equal("case", entry.ResourceType);
            Assert.Equal(Guid.Parse(opened.Id()), entry.ResourceId);
            Assert.Equal(Guid.Parse(opened.Id()), entry.CaseId);
            Assert.Equal(Guid.Parse(opened.Str("subjectId")), entry.SubjectId);
            Assert.Equal("99", entry.RegionCode);
            Assert.Equal("party", entry.Basis);
            Assert.Equal(Agencies.HealthcareEkstad, entry.AgencyId);
        }

        // Auditors find the list read by case and by person, and the chain still verifies.
        var auditor = factory.As("auditor-99", "auditor", null, "99");
        var byCase = await (await auditor.GetAsync($"/api/v1/audit/entries?caseId={first.Id()}&action=referral.list")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("list-receiver", Assert.Single(byCase["items"]!.AsArray())!["userId"]!.GetValue<string>());
        var report = await (await auditor.GetAsync($"/api/v1/audit/subjects/{second.Str("subjectId")}/access-report")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(report["accesses"]!.AsArray(), e => e!["userId"]!.GetValue<string>() == "list-receiver" && e["action"]!.GetValue<string>() == "referral.list");
        var verified = await VerifyAsync(auditor);
        Assert.True(verified.Valid, verified.Reason);

        // A list that shows nothing still leaves one entry, naming no case.
        var empty = await (await factory.Caseworker(Agencies.PoliceEkstad, "list-empty").GetAsync("/api/v1/referrals?direction=incoming")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(empty["items"]!.AsArray());
        var none = Assert.Single(await factory.Db(db => db.AccessLog.Where(e => e.Action == "referral.list" && e.UserId == "list-empty").ToListAsync()));
        Assert.Null(none.CaseId);
        Assert.Null(none.SubjectId);
    }

    [Fact]
    public async Task Concurrent_writers_leave_a_chain_that_verifies()
    {
        using var factory = new ApiFactory();
        var clients = Enumerable.Range(0, 8).Select(i => factory.Caseworker(Agencies.SocialServicesEkstad, $"writer-{i}")).ToList();
        await Task.WhenAll(clients.Select(async c =>
        {
            for (var i = 0; i < 6; i++)
            {
                var opened = await c.OpenCaseAsync();
                await (await c.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.OK);
            }
        }));
        var result = await VerifyAsync(factory.As("auditor", "auditor", null, "99"));
        Assert.True(result.Valid, result.Reason);
        Assert.Equal(96, result.VerifiedEntries);
    }
}
