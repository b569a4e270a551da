using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.LeadHandovers;
using CaseCoordination.Infrastructure.Persistence;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// The read models (dashboard tallies, signal rows) that every act keeps for the cases it touches equal
/// a rebuild from scratch after random histories, and so do the dashboard's figures (ADR 0022). The
/// acts go through the API (opening, referrals and their transitions) and through the unit of work
/// (lead changes, closing, an agency's kind), with the fake clock moved between them.
/// </summary>
public sealed class ReadModelPropertyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly Guid[] AgencyIds = [Agencies.SocialServicesEkstad, Agencies.HealthcareEkstad, Agencies.PoliceEkstad, Agencies.NgoEkstad];
    private static readonly string[] Needs = ["trauma-support", "psychiatry", "healthcare", "housing", "shelter", "child-protection-report"];
    private static readonly string[] Acts = ["receive", "accept", "reject", "start", "complete", "fail", "cancel"];
    private static readonly string[] BirthDates = ["2012-03-01", "1990-01-01", "1985-06-15"];

    /// <summary>One step of a history: a kind (0-9) and three random choices it uses as it needs.</summary>
    private readonly record struct Step(int Kind, int A, int B, int C);

    private static readonly Gen<Step[]> Histories =
        Gen.Select(Gen.Int[0, 9], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 1000], (k, a, b, c) => new Step(k, a, b, c)).Array[4, 30];

    [Fact]
    public async Task After_random_histories_the_read_models_and_the_dashboard_equal_a_rebuild()
    {
        var coordinator = factory.As("property-coordinator", "coordinator", null, "99");
        await Histories.SampleAsync(
            async history =>
            {
                var cases = new List<(string Id, Guid Opener)>();
                var referrals = new List<(string Id, Guid From, Guid To)>();
                foreach (var step in history)
                {
                    await RunAsync(step, cases, referrals);
                }

                var stored = await ReadModelsAsync();
                var dashboard = await DashboardAsync(coordinator);
                await factory.Db(async db =>
                {
                    await CaseReadModels.RebuildAsync(db, CancellationToken.None);
                    return 0;
                });
                Assert.Equal(await ReadModelsAsync(), stored);
                Assert.Equal(await DashboardAsync(coordinator), dashboard);
            },
            iter: 10,
            threads: 1);
    }

    private async Task RunAsync(Step step, List<(string Id, Guid Opener)> cases, List<(string Id, Guid From, Guid To)> referrals)
    {
        switch (step.Kind)
        {
            case 0 or 1:
                var opener = AgencyIds[step.A % AgencyIds.Length];
                var body = new
                {
                    person = new { name = "Alias Property", birthDate = BirthDates[step.B % BirthDates.Length], nationality = step.C % 2 == 0 ? "SE" : "NG" },
                    municipalityCode = "9901",
                    intakeChannel = "outreach",
                };
                cases.Add(((await factory.Caseworker(opener, "property-cw").OpenCaseAsync(body)).Id(), opener));
                break;
            case 2 or 3 when cases.Count > 0:
                var (caseId, from) = cases[step.A % cases.Count];
                var to = AgencyIds[step.B % AgencyIds.Length];
                var sender = factory.Caseworker(from, "property-cw");
                await sender.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new { recipientAgencyId = to, categories = new[] { "coordination" }, purpose = "Support", method = "written", givenBy = "person" }, ApiCalls.Json);
                var sent = await sender.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new
                {
                    toAgencyId = to,
                    need = Needs[step.C % Needs.Length],
                    urgency = step.C % 3 == 0 ? "immediate" : "routine",
                    sharedCategories = new[] { "coordination" },
                }, ApiCalls.Json);
                if (sent.StatusCode == HttpStatusCode.Created)
                {
                    referrals.Add(((await sent.ShouldBe(HttpStatusCode.Created)).Id(), from, to));
                }

                break;
            case 4 or 5 when referrals.Count > 0:
                var (referralId, sentBy, sentTo) = referrals[step.A % referrals.Count];
                var act = Acts[step.B % Acts.Length];
                var actor = factory.Caseworker(act == "cancel" ? sentBy : sentTo, "property-cw");
                object payload = act switch
                {
                    "reject" => new { reason = "Full." },
                    "complete" => new { outcome = "needs-met" },
                    "fail" => new { reason = "lost-contact" },
                    _ => new { },
                };
                var answer = await actor.PostAsJsonAsync($"/api/v1/referrals/{referralId}/{act}", payload, ApiCalls.Json);
                Assert.True((int)answer.StatusCode < 500, $"{act} answered {(int)answer.StatusCode}");
                break;
            case 6 when cases.Count > 0:
                await ChangeCaseAsync(cases[step.A % cases.Count].Id, step.B);
                break;
            case 7 or 8:
                factory.Clock.Advance(TimeSpan.FromMinutes(step.A * step.B % (60 * 24 * 20)));
                break;
            case 9 when step.A % 10 == 0:
                // Which agencies are social services decides every child's signal: a change of kind recomputes everything.
                await factory.Db(async db =>
                {
                    var agency = await db.Agencies.SingleAsync(a => a.Id == Agencies.NgoEkstad);
                    agency.Change(agency.Name, agency.Kind == AgencyKind.Ngo ? AgencyKind.SocialServices : AgencyKind.Ngo, agency.RegionCode, agency.MunicipalityCode, agency.Needs);
                    await UnitOfWork.SaveActAsync(db);
                    return 0;
                });
                break;
        }
    }

    /// <summary>A lead change (lost, assigned, proposed) or a closing, through the unit of work.</summary>
    private Task<int> ChangeCaseAsync(string caseId, int choice) => factory.Db(async db =>
    {
        var @case = await db.Cases.SingleAsync(c => c.Id == Guid.Parse(caseId));
        if (@case.Status != CaseStatus.Open)
        {
            return 0;
        }

        var now = factory.Clock.GetUtcNow();
        var coordinator = new Actor("property-coordinator", Role.Coordinator, null);
        var agency = AgencyIds[choice % AgencyIds.Length];
        var pending = @case.PendingLeadHandoverId is { } pendingId ? await db.LeadHandovers.SingleAsync(h => h.Id == pendingId) : null;
        try
        {
            Change(@case, choice % 4, agency, coordinator, now, db, pending);
        }
        catch (RefusalException)
        {
            db.ChangeTracker.Clear();
            return 0;
        }

        await UnitOfWork.SaveActAsync(db);
        return 1;
    });

    private static void Change(Case @case, int kind, Guid agency, Actor coordinator, DateTimeOffset now, CaseCoordinationDbContext db, LeadHandover? pending)
    {
        switch (kind)
        {
            case 0 when @case.LeadAgencyId is not null:
                @case.LoseLead(coordinator, now);
                break;
            case 1:
                @case.AssignLead(agency, coordinator, now, pending);
                break;
            case 2 when @case.LeadAgencyId is { } lead && lead != agency && @case.PendingLeadHandoverId is null:
                db.LeadHandovers.Add(@case.ProposeLead(Guid.NewGuid(), agency, null, new Actor("property-cw", Role.Caseworker, lead), now));
                break;
            case 3 when @case.LeadAgencyId is { } closer:
                @case.Close(CaseOutcome.NeedsMet, "tested", 1, new Actor("property-cw", Role.Caseworker, closer), now, 1);
                break;
        }
    }

    /// <summary>The stored tallies (non-zero) and signal rows, as sorted lines.</summary>
    private Task<List<string>> ReadModelsAsync() => factory.Db(async db =>
    {
        var tallies = (await db.DashboardTallies.AsNoTracking().Where(t => t.Amount != 0).ToListAsync())
            .Select(t => $"{t.RegionCode} {t.Grain} {t.Period} {t.Figure} {t.Dimension} {t.Key} {t.Status} {t.Value} = {t.Amount}");
        var rows = (await db.CaseSignalAnchors.AsNoTracking().ToListAsync())
            .Select(s => $"{s.CaseId} {s.Signal} {s.ReferralId} {s.Anchor:O} {s.DueAt:O} {s.AgencyToActId} {s.RegionCode} {s.MunicipalityCode} {s.Need} {s.FromAgencyId} {s.ToAgencyId}");
        return tallies.Concat(rows).Order(StringComparer.Ordinal).ToList();
    });

    private static async Task<string> DashboardAsync(HttpClient coordinator)
    {
        var dashboard = await (await coordinator.GetAsync("/api/v1/dashboards/99")).ShouldBe(HttpStatusCode.OK);
        dashboard.Remove("computedAt");
        var list = await (await coordinator.GetAsync("/api/v1/dashboards/99/signals?limit=500")).ShouldBe(HttpStatusCode.OK);
        return dashboard.ToJsonString() + ((JsonNode)list).ToJsonString();
    }
}
