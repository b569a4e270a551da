using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Domain.Signals;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Signals;

/// <summary>
/// Loads cases as their signals and dashboard figures see them (<see cref="CaseState"/>): the case's
/// facts, every referral's facts (projections: no personal data, no free text is read) and the
/// social-services agencies. The read models' recomputation, the case reads and a referral act's
/// answer all load through here.
/// </summary>
public static class CaseStates
{
    private const int Chunk = 500;

    public static async Task<Dictionary<Guid, CaseState>> LoadAsync(IApplicationDbContext db, IReadOnlyCollection<Guid> caseIds, CancellationToken cancellationToken) =>
        await LoadAsync(db, caseIds, await SocialServicesAsync(db, cancellationToken), cancellationToken);

    /// <param name="socialServices">The social-services agencies, when the caller has them already.</param>
    public static async Task<Dictionary<Guid, CaseState>> LoadAsync(
        IApplicationDbContext db, IReadOnlyCollection<Guid> caseIds, IReadOnlySet<Guid> socialServices, CancellationToken cancellationToken)
    {
        var states = new Dictionary<Guid, CaseState>();
        foreach (var chunk in caseIds.Distinct().Chunk(Chunk))
        {
            // A request touches one case: plain equality keeps the cached query simple.
            var one = chunk[0];
            var cases = chunk.Length == 1 ? db.Cases.Where(c => c.Id == one) : db.Cases.Where(c => chunk.Contains(c.Id));
            var referrals = chunk.Length == 1 ? db.Referrals.Where(r => r.CaseId == one) : db.Referrals.Where(r => chunk.Contains(r.CaseId));
            var facts = await cases.AsNoTracking().Select(CaseFacts.Projection).ToListAsync(cancellationToken);
            var byCase = (await referrals.AsNoTracking().Select(ReferralFacts.Projection).ToListAsync(cancellationToken)).ToLookup(r => r.CaseId);
            foreach (var c in facts)
            {
                states[c.Id] = new CaseState(c, byCase[c.Id].ToList(), socialServices);
            }
        }

        return states;
    }

    public static async Task<IReadOnlySet<Guid>> SocialServicesAsync(IApplicationDbContext db, CancellationToken cancellationToken) =>
        (await db.Agencies.AsNoTracking().Where(a => a.Kind == AgencyKind.SocialServices).Select(a => a.Id).ToListAsync(cancellationToken)).ToHashSet();

    /// <summary>
    /// The signals open at <paramref name="now"/> on one referral that the current act has just changed
    /// (or sent), evaluated in memory on its case as it will stand once the act is saved.
    /// </summary>
    public static async Task<IReadOnlyList<string>> OpenOnChangedReferralAsync(
        IApplicationDbContext db, Referral referral, SignalWindows windows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = (await LoadAsync(db, [referral.CaseId], cancellationToken))[referral.CaseId];
        var changed = ReferralFacts.Of(referral);
        var state = stored with { Referrals = [.. stored.Referrals.Where(r => r.Id != referral.Id), changed] };
        return SignalDefinitions.OpenIn(state, windows, now).Where(o => o.ReferralId == referral.Id).OrderBy(o => o.DueAt).Select(o => o.Code).ToList();
    }
}
