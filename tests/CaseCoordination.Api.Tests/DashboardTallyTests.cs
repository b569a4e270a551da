using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Common.Options;
using CaseCoordination.Application.Signals;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Domain.Signals;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// The dashboards read tallies kept by every save (ADR 0012). These tests prove that the tallies kept
/// incrementally equal a computation from scratch after many kinds of change, and that the open-signal
/// counts the dashboard gives equal those of the signal definitions evaluated in memory at any moment.
/// </summary>
public sealed class DashboardTallyTests(ApiFactory factory) : DashboardTallyTestsBase<ApiFactory>(factory);

/// <summary>
/// The same tests on SQL Server (skipped, with the reason, where none is available): the MERGE
/// upserts, the cases' row locks, and the signal rows' deletes and inserts run there.
/// </summary>
public sealed class DashboardTallyTestsOnSqlServer(SqlServerSuiteFactory factory) : DashboardTallyTestsBase<SqlServerSuiteFactory>(factory);

/// <summary>The same on PostgreSQL (skipped, with the reason, where none is available).</summary>
public sealed class DashboardTallyTestsOnPostgreSql(PostgreSqlSuiteFactory factory) : DashboardTallyTestsBase<PostgreSqlSuiteFactory>(factory);

/// <summary>
/// The tests of a class share one database (and clock): each adds its own synthetic cases, and every
/// comparison is of the whole database (stored against computed, dashboard against catalogue), so
/// what earlier tests left behind only makes the data larger.
/// </summary>
public abstract class DashboardTallyTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly TFactory _factory = factory;

    private ServiceLevels Levels => _factory.Services.GetRequiredService<IOptions<ReferralOptions>>().Value.ToServiceLevels();

    private async Task FillAndChangeAsync()
    {
        var start = _factory.Clock.GetUtcNow();
        // The tests of a class share the database: this fill's cases and referrals are the ones changed
        // below, found by the case numbers its own seed gives them.
        var earlier = await _factory.Db(db => db.Cases.Select(c => c.Id).ToListAsync());
        await _factory.Db(async db => await SyntheticData.FillAsync(db, "99", 400, 0.3, 11 + earlier.Count, start, Levels, withTimeline: false, CancellationToken.None));

        // Every kind of change, saved in small batches like requests do: transitions, cancellations,
        // reroutes after a rejection or failure, lost and assigned leads, closed cases.
        _factory.Clock.Advance(TimeSpan.FromHours(5));
        var now = _factory.Clock.GetUtcNow();
        await _factory.Db(async db =>
        {
            var referrals = await db.Referrals.Where(r => !earlier.Contains(r.CaseId)).OrderBy(r => r.Id).Take(160).ToListAsync();
            var i = 0;
            foreach (var r in referrals)
            {
                var receiver = new Actor("tally-receiver", Role.Caseworker, r.ToAgencyId);
                var sender = new Actor("tally-sender", Role.Caseworker, r.FromAgencyId);
                var even = i++ % 2 == 0;
                switch (r.Status)
                {
                    case ReferralStatus.Requested when even: r.Receive(receiver, now); break;
                    case ReferralStatus.Requested: r.Cancel("no longer needed", sender, now); break;
                    case ReferralStatus.Received when even: r.Accept(receiver, now); break;
                    case ReferralStatus.Received: r.Reject("full", null, receiver, now); break;
                    case ReferralStatus.Accepted: r.Start(receiver, now); break;
                    case ReferralStatus.InProgress when even: r.Complete(CompletionOutcome.NeedsMet, receiver, now); break;
                    case ReferralStatus.InProgress: r.Fail(FailureReason.LostContact, null, receiver, now); break;
                    case ReferralStatus.Rejected or ReferralStatus.Failed:
                        db.Referrals.Add(Referral.Send(Guid.NewGuid(), r.CaseId, r.FromAgencyId, r.ToAgencyId, r.Need, Urgency.Urgent, [], null, null, Levels, sender, now));
                        break;
                }

                if (i % 7 == 0)
                {
                    await UnitOfWork.SaveActAsync(db);
                }
            }

            await UnitOfWork.SaveActAsync(db);
            var cases = await db.Cases.Where(c => !earlier.Contains(c.Id)).OrderBy(c => c.Id).Take(60).ToListAsync();
            foreach (var (c, n) in cases.Select((c, n) => (c, n)))
            {
                var lead = c.LeadAgencyId;
                if (n % 3 == 0)
                {
                    c.LoseLead(new Actor("tally-admin", Role.Coordinator, null), now);
                }
                else if (n % 3 == 1 && lead is { } agency)
                {
                    c.Close(CaseOutcome.NeedsMet, "tested", 1, new Actor("tally-lead", Role.Caseworker, agency), now);
                }

                await UnitOfWork.SaveActAsync(db);
            }

            foreach (var c in cases.Where((_, n) => n % 6 == 0))
            {
                c.AssignLead(Agencies.SocialServicesEkstad, new Actor("tally-coordinator", Role.Coordinator, null), now);
            }

            await UnitOfWork.SaveActAsync(db);
            return 0;
        });
    }

    [Fact]
    public async Task Tallies_kept_by_every_save_equal_a_computation_from_scratch()
    {
        await FillAndChangeAsync();

        var (stored, computed, storedAnchors, computedAnchors) = await StoredAndComputedAsync();

        Assert.NotEmpty(computed);
        Assert.Empty(stored.Except(computed));
        Assert.Empty(computed.Except(stored));
        Assert.NotEmpty(computedAnchors);
        Assert.Equal(computedAnchors.Order(), storedAnchors.Order());
    }

    /// <summary>
    /// Each act replaces its case's contribution inside its own transaction, from the case as stored
    /// there (ADR 0022). Many concurrent acts on one person's referrals must take turns on the case, or
    /// one would subtract a contribution another had already replaced and the tallies would drift.
    /// </summary>
    [Fact]
    public async Task Concurrent_acts_on_one_case_keep_the_tallies_and_signal_anchors_exact()
    {
        var sender = _factory.Caseworker(Agencies.SocialServicesEkstad, "tally-sender");
        var receiver = _factory.Caseworker(Agencies.HealthcareEkstad, "tally-receiver");
        var caseId = (await sender.OpenCaseAsync()).Id();
        var referrals = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            referrals.Add((await sender.SendReferralAsync(caseId, Agencies.HealthcareEkstad, i % 2 == 0 ? "trauma-support" : "healthcare")).Id());
        }

        var acts = referrals.Select((id, i) => i % 3 == 2
                ? sender.PostAsJsonAsync($"/api/v1/referrals/{id}/cancel", new { reason = "no longer needed" }, ApiCalls.Json)
                : receiver.PostAsJsonAsync($"/api/v1/referrals/{id}/receive", new { }, ApiCalls.Json))
            .Concat(Enumerable.Range(0, 8).Select(_ => sender.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals",
                new { toAgencyId = Agencies.HealthcareEkstad, need = "psychiatry", urgency = "routine", sharedCategories = new[] { "coordination" } }, ApiCalls.Json)));
        foreach (var response in await Task.WhenAll(acts))
        {
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.RequestUri} answered {(int)response.StatusCode}");
        }

        var (stored, computed, storedAnchors, computedAnchors) = await StoredAndComputedAsync();
        Assert.Equal(computed.OrderBy(x => x.Key.ToString()), stored.OrderBy(x => x.Key.ToString()));
        Assert.Contains(computedAnchors, a => a.StartsWith(caseId, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(computedAnchors.Order(), storedAnchors.Order());
    }

    [Fact]
    public async Task The_dashboard_counts_the_same_open_signals_as_the_definitions_at_every_moment()
    {
        await FillAndChangeAsync();
        var coordinator = _factory.As("tally-coordinator", "coordinator", null, "99");

        // Across deadlines and day boundaries: minutes, hours, the reroute and lead windows, the stall window.
        foreach (var step in new[] { 0, 1, 59, 60 * 7, 60 * 24, 60 * 24 * 3, 60 * 24 * 3 + 1, 60 * 24 * 31 })
        {
            _factory.Clock.Advance(TimeSpan.FromMinutes(step));
            var now = _factory.Clock.GetUtcNow();
            var dashboard = await (await coordinator.GetAsync("/api/v1/dashboards/99")).ShouldBe(HttpStatusCode.OK);
            var expected = await DefinitionCountsAsync(now);
            foreach (var code in SignalCodes.All)
            {
                Assert.True(
                    expected[code] == dashboard["openSignals"]![code]!.GetValue<int>(),
                    $"{code} at {now:O}: definitions {expected[code]}, dashboard {dashboard["openSignals"]![code]}");
            }

            Assert.True(expected.Values.Sum() > 0, "the scenario must have open signals to compare");
        }
    }

    [Fact]
    public async Task A_case_read_shows_the_same_open_signals_as_the_definitions_at_every_moment()
    {
        await FillAndChangeAsync();
        var compared = 0;
        foreach (var step in new[] { 0, 1, 60 * 24, 60 * 24 * 3 + 1, 60 * 24 * 31 })
        {
            _factory.Clock.Advance(TimeSpan.FromMinutes(step));
            var now = _factory.Clock.GetUtcNow();
            await using var scope = _factory.Services.CreateAsyncScope();
            var windows = scope.ServiceProvider.GetRequiredService<SignalWindows>();
            var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
            var states = await CaseStates.LoadAsync(db, await db.Cases.Where(c => c.Status == CaseStatus.Open).Select(c => c.Id).ToListAsync(), CancellationToken.None);
            var read = await db.OpenOnCasesAsync(states.Keys, now, CancellationToken.None);
            foreach (var state in states.Values)
            {
                var evaluated = SignalDefinitions.OpenIn(state, windows, now).Select(o => o.Code).Distinct().Order();
                Assert.Equal(evaluated, read[state.Case.Id].Order());
                compared += evaluated.Count();
            }
        }

        Assert.True(compared > 100, "the scenario must show open signals on cases");
    }

    [Fact]
    public async Task Changing_whether_an_agency_is_social_services_recomputes_the_child_signal()
    {
        await FillAndChangeAsync();
        await _factory.Db(async db =>
        {
            var agency = await db.Agencies.SingleAsync(a => a.Id == Agencies.SocialServicesEkstad);
            agency.Change(agency.Name, Domain.Agencies.AgencyKind.Ngo, agency.RegionCode, agency.MunicipalityCode, agency.Needs);
            await UnitOfWork.SaveActAsync(db);
            return 0;
        });

        var (stored, computed, storedAnchors, computedAnchors) = await StoredAndComputedAsync();
        Assert.Equal(computed.OrderBy(x => x.Key.ToString()), stored.OrderBy(x => x.Key.ToString()));
        Assert.Equal(computedAnchors.Order(), storedAnchors.Order());

        var now = _factory.Clock.GetUtcNow();
        var dashboard = await (await _factory.As("tally-coordinator", "coordinator", null, "99").GetAsync("/api/v1/dashboards/99")).ShouldBe(HttpStatusCode.OK);
        const string child = "child-without-social-services";
        Assert.Equal((await DefinitionCountsAsync(now))[child], dashboard["openSignals"]![child]!.GetValue<int>());
    }

    /// <summary>The stored tallies and signal rows beside the same computed from scratch (rows as "case signal referral anchor due-at …" lines).</summary>
    private Task<(Dictionary<TallyKey, int> Stored, Dictionary<TallyKey, int> Computed, List<string> StoredAnchors, List<string> ComputedAnchors)> StoredAndComputedAsync() =>
        _factory.Db(async db =>
        {
            var rows = await db.DashboardTallies.AsNoTracking().Where(t => t.Amount != 0).ToListAsync();
            var anchors = await db.CaseSignalAnchors.AsNoTracking().ToListAsync();
            var (tallies, computedAnchors) = await CaseReadModels.ComputeAllAsync(db, CancellationToken.None);
            return (rows.ToDictionary(t => new TallyKey(t.RegionCode, t.Grain, t.Period, t.Figure, t.Dimension, t.Key, t.Status, t.Value), t => t.Amount),
                tallies,
                anchors.Select(Line).ToList(),
                computedAnchors.Select(Line).ToList());

            static string Line(Application.Dashboards.CaseSignalAnchor a) =>
                $"{a.CaseId} {a.Signal} {a.ReferralId} {a.Anchor:O} {a.DueAt:O} {a.AgencyToActId} {a.RegionCode} {a.MunicipalityCode} {a.Need} {a.FromAgencyId} {a.ToAgencyId}";
        });

    /// <summary>The open signals of region 99 at <paramref name="now"/>, by evaluating the definitions in memory on every case as stored.</summary>
    private async Task<Dictionary<string, int>> DefinitionCountsAsync(DateTimeOffset now)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var windows = scope.ServiceProvider.GetRequiredService<SignalWindows>();
        var db = scope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        var states = await CaseStates.LoadAsync(db, await db.Cases.Where(c => c.RegionCode == "99").Select(c => c.Id).ToListAsync(), CancellationToken.None);
        var open = states.Values.SelectMany(s => SignalDefinitions.OpenIn(s, windows, now)).ToList();
        return SignalCodes.All.ToDictionary(code => code, code => open.Count(o => o.Code == code));
    }
}
