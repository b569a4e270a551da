using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Directory;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Infrastructure.Persistence;

public sealed record SyntheticSummary(int Cases, int Referrals, int LeftDropped, TimeSpan Took);

/// <summary>
/// Fills a region with invented cases and referral histories for demos and benchmarks: aliases such
/// as "Syntetisk 17", no real person's data. A chosen share of the referrals is left dropped (stuck
/// past a deadline, or rejected or failed without a new referral), so the signals and dashboards
/// have something to show. Histories go through the domain's own methods, with times in the past.
/// </summary>
public static class SyntheticData
{
    private static readonly Need[] Needs = Enum.GetValues<Need>();
    private static readonly ComplexNeed[] ComplexNeeds = Enum.GetValues<ComplexNeed>();
    private static readonly IntakeChannel[] Intakes = Enum.GetValues<IntakeChannel>();
    private static readonly string[] Nationalities = ["RO", "NG", "TH", "UA", "SY", "CN", "BG", "HU"];

    public static async Task<SyntheticSummary> FillAsync(
        CaseCoordinationDbContext db, string regionCode, int referrals, double droppedShare, int seed, DateTimeOffset now, ServiceLevels levels,
        bool withTimeline, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(seed);
        var agencies = await db.Agencies.AsNoTracking().Where(a => a.RegionCode == regionCode && a.Active).ToListAsync(cancellationToken);
        if (agencies.Count < 2)
        {
            throw new InvalidOperationException($"Region {regionCode} needs at least two active agencies (load the demo region first).");
        }

        // The directory decides whether each synthetic referral went outside coverage, as a real send does.
        var services = (await db.Services.AsNoTracking().Where(s => s.WithdrawnAt == null).ToListAsync(cancellationToken)).ToLookup(s => s.AgencyId);
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var made = 0;
        var cases = 0;
        var dropped = 0;
        try
        {
            while (made < referrals)
            {
                var opener = agencies[random.Next(agencies.Count)];
                var actor = new Actor($"synthetic-{opener.Id:N}"[..20], Role.Caseworker, opener.Id);
                var openedAt = now - TimeSpan.FromMinutes(random.Next(60, 180 * 24 * 60));
                var child = random.NextDouble() < 0.3;
                var birthYear = child ? now.Year - random.Next(12, 18) : now.Year - random.Next(19, 60);
                var person = new Person(
                    Guid.NewGuid(), $"Syntetisk {cases + 1}", null, birthYear, null,
                    random.NextDouble() < 0.25 ? Nationalities[random.Next(Nationalities.Length)] : "SE", null,
                    random.NextDouble() < 0.2, false,
                    random.NextDouble() < 0.35 ? [ComplexNeeds[random.Next(ComplexNeeds.Length)]] : [],
                    random.NextDouble() < 0.6 ? true : null);
                var @case = Case.Open(Guid.NewGuid(), $"S{seed % 1000:D3}-{cases + 1:D7}", person, opener.MunicipalityCode, Intakes[random.Next(Intakes.Length)], null, actor, openedAt);
                db.Cases.Add(@case);
                cases++;

                var perCase = Math.Min(referrals - made, 1 + random.Next(6));
                var at = openedAt;
                for (var i = 0; i < perCase; i++)
                {
                    var receiver = agencies[random.Next(agencies.Count)];
                    if (receiver.Id == opener.Id)
                    {
                        receiver = agencies[(agencies.IndexOf(receiver) + 1) % agencies.Count];
                    }

                    at += TimeSpan.FromMinutes(random.Next(10, 3 * 24 * 60));
                    if (at >= now)
                    {
                        at = now - TimeSpan.FromMinutes(random.Next(1, 60));
                    }

                    var urgency = (Urgency)random.Next(1, 4);
                    var referral = Referral.Send(Guid.NewGuid(), @case.Id, opener.Id, receiver.Id, Needs[random.Next(Needs.Length)], urgency,
                        [DataCategory.Coordination], null, null, levels, actor, at);
                    referral.RecordCoverage(
                        Coverage.OfReferral(services[receiver.Id], referral.Need, @case.MunicipalityCode, person.IsChildOn(DateOnly.FromDateTime(at.UtcDateTime)) == true,
                            @case.OtherLanguage, @case.OtherLanguage && Coverage.InterpreterCovers(services.SelectMany(g => g), @case.MunicipalityCode, openOnly: false)),
                        actor);
                    var leave = random.NextDouble() < droppedShare;
                    dropped += leave ? 1 : 0;
                    Walk(referral, new Actor("synthetic-receiver", Role.Caseworker, receiver.Id), actor, levels.For(urgency), at, now, leave, random);
                    db.Referrals.Add(referral);
                    made++;
                }

                if (!withTimeline)
                {
                    @case.ClearRecordedEvents();
                    foreach (var r in db.ChangeTracker.Entries<Referral>().Where(e => e.State == EntityState.Added))
                    {
                        r.Entity.ClearRecordedEvents();
                    }
                }

                if (cases % 500 == 0)
                {
                    db.ChangeTracker.DetectChanges();
                    await UnitOfWork.SaveActAsync(db, cancellationToken);
                    db.ChangeTracker.Clear();
                }
            }

            db.ChangeTracker.DetectChanges();
            await UnitOfWork.SaveActAsync(db, cancellationToken);
            db.ChangeTracker.Clear();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }

        return new SyntheticSummary(cases, made, dropped, started.Elapsed);
    }

    /// <summary>Moves a referral along its lifecycle in the past; a dropped one stops where a signal will show.</summary>
    private static void Walk(Referral r, Actor receiver, Actor sender, ServiceLevel level, DateTimeOffset sentAt, DateTimeOffset now, bool leaveDropped, Random random)
    {
        DateTimeOffset Step(DateTimeOffset from, TimeSpan within) => from + TimeSpan.FromMinutes(random.Next(1, Math.Max(2, (int)within.TotalMinutes)));

        var received = Step(sentAt, level.ReceiveWithin);
        if (leaveDropped && random.Next(3) == 0 || received >= now)
        {
            return; // requested, probably past receive-by
        }

        r.Receive(receiver, received);
        var answered = Step(received, level.AnswerWithin);
        if (answered >= now)
        {
            return;
        }

        if (random.NextDouble() < 0.2)
        {
            r.Reject("Synthetic: another agency fits better.", null, receiver, answered);
            return; // rejected; rerouted or not is decided by whether a later referral for the need follows
        }

        if (leaveDropped && random.Next(2) == 0)
        {
            return; // received, left unanswered
        }

        r.Accept(receiver, answered);
        var contact = Step(answered, level.FirstContactWithin);
        if (leaveDropped || contact >= now)
        {
            return; // accepted, no first contact
        }

        r.Start(receiver, contact);
        var ended = contact + TimeSpan.FromDays(random.Next(1, 40));
        if (ended >= now)
        {
            return;
        }

        if (random.NextDouble() < 0.15)
        {
            r.Fail(FailureReason.LostContact, null, receiver, ended);
        }
        else
        {
            r.Complete(CompletionOutcome.NeedsMet, receiver, ended);
        }

        _ = sender;
    }
}
