using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Cases;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Consents;
using CaseCoordination.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Cases;

/// <summary>
/// Which cases an agency takes part in, and which data categories it may see in them. Every handler
/// narrows its query with <see cref="VisibleTo"/> before any case data is loaded.
/// </summary>
public static class CaseAccess
{
    public static readonly IReadOnlyList<DataCategory> AllCategories = SharingPolicy.AllCategories;

    /// <summary>
    /// The cases the agency takes part in: it opened the case, leads it, sent a referral in it, or
    /// received one that was not rejected or cancelled.
    /// </summary>
    public static IQueryable<Case> VisibleTo(this IQueryable<Case> cases, IApplicationDbContext db, Guid agencyId) =>
        cases.Where(c => c.OpenedByAgencyId == agencyId
            || c.LeadAgencyId == agencyId
            || c.ProposedLeadAgencyId == agencyId
            || db.Referrals.Any(r => r.CaseId == c.Id
                && (r.FromAgencyId == agencyId
                    || (r.ToAgencyId == agencyId && r.Status != ReferralStatus.Rejected && r.Status != ReferralStatus.Cancelled))));

    /// <summary>
    /// What the agency may see of each case — every case must be one it takes part in — and on which
    /// grounds: the recording agency sees everything; another party sees <c>coordination</c>, plus what
    /// an active consent covers for it now, plus what a referral to it shared under a legal basis
    /// (until that referral is rejected or cancelled). Protected identity is seen by the recording
    /// agency only. The rules themselves are <see cref="SharingPolicy"/>.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, Visibility>> VisibilityAsync(
        this IApplicationDbContext db, IReadOnlyCollection<Case> cases, Guid agencyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var shared = cases.Where(c => c.OpenedByAgencyId != agencyId).Select(c => c.Id).ToList();

        // The agency's kind matters only for what others share with it (consents to a kind of agency).
        var kind = shared.Count == 0 ? null : await db.Agencies.Where(a => a.Id == agencyId).Select(a => (AgencyKind?)a.Kind).SingleOrDefaultAsync(cancellationToken);
        var consents = shared.Count == 0 ? [] : await db.Consents.AsNoTracking().Where(c => shared.Contains(c.CaseId)).ToListAsync(cancellationToken);
        var toAgency = shared.Count == 0 ? [] : await db.Referrals.AsNoTracking().Where(r => shared.Contains(r.CaseId) && r.ToAgencyId == agencyId).ToListAsync(cancellationToken);
        return cases.ToDictionary(
            c => c.Id,
            c => SharingPolicy.VisibleTo(
                agencyId,
                kind ?? default,
                isRecordingAgency: c.OpenedByAgencyId == agencyId,
                isParty: true,
                c.Person.ProtectedIdentity,
                consents.Where(x => x.CaseId == c.Id),
                toAgency.Where(r => r.CaseId == c.Id),
                now));
    }

    public static async Task<Visibility> VisibilityAsync(this IApplicationDbContext db, Case @case, Guid agencyId, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await db.VisibilityAsync([@case], agencyId, now, cancellationToken))[@case.Id];

    /// <summary>
    /// The refusal for a case the agency may not see. The access log still names the case and the
    /// person (when the case exists), so that a person's access report lists attempts; the answer
    /// says nothing more than "not found".
    /// </summary>
    public static async Task<NotFoundException> RefuseCaseAsync(this IApplicationDbContext db, AccessRecord record, Guid caseId, CancellationToken cancellationToken)
    {
        var subjectId = await db.Cases.Where(c => c.Id == caseId).Select(c => (Guid?)c.Person.SubjectId).SingleOrDefaultAsync(cancellationToken);
        record.Concerns(caseId, subjectId);
        return new NotFoundException("case");
    }

    /// <summary>
    /// The cases among <paramref name="caseIds"/> where social services take part for a child — the
    /// rule of the <c>child-without-social-services</c> signal (<see cref="Domain.Signals.CaseState.SocialServicesTakePart"/>).
    /// </summary>
    public static async Task<HashSet<Guid>> ChildProtectionCoveredAsync(this IApplicationDbContext db, IReadOnlyCollection<Guid> caseIds, CancellationToken cancellationToken) =>
        [.. (await Signals.CaseStates.LoadAsync(db, caseIds, cancellationToken)).Values.Where(s => s.SocialServicesTakePart).Select(s => s.Case.Id)];

    /// <summary>
    /// An agency made lead, or proposed as lead, becomes a party to the case and sees its coordination
    /// data. Like a referral, that needs a basis covering <c>coordination</c> for it (domain.md): it takes
    /// part in the case already, or an active consent covers coordination for it. The consent found
    /// is relied on until the act commits (a withdrawal that commits first makes the act fail).
    /// </summary>
    public static async Task EnsureMayBecomePartyAsync(this IApplicationDbContext db, IUnitOfWork unitOfWork, Case @case, Agency agency, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.Cases.VisibleTo(db, agency.Id).AnyAsync(c => c.Id == @case.Id, cancellationToken))
        {
            // A party on a lasting ground (it opened or leads the case — the act's own update of the case
            // guards those — or sent a referral in it) needs nothing more. A party only through referrals
            // to it relies on them: one rejected or cancelled before this act commits ends that ground.
            // Read as stored: the act may already have changed the tracked case (an assignment sets its lead).
            var caseId = @case.Id;
            var lasting = await db.Cases.AnyAsync(c => c.Id == caseId && (c.OpenedByAgencyId == agency.Id || c.LeadAgencyId == agency.Id), cancellationToken)
                || await db.Referrals.AnyAsync(r => r.CaseId == caseId && r.FromAgencyId == agency.Id, cancellationToken);
            if (!lasting)
            {
                foreach (var referral in await db.Referrals.AsNoTracking()
                    .Where(r => r.CaseId == @case.Id && r.ToAgencyId == agency.Id && r.Status != ReferralStatus.Rejected && r.Status != ReferralStatus.Cancelled)
                    .ToListAsync(cancellationToken))
                {
                    unitOfWork.ReliesOn(referral);
                }
            }

            return;
        }

        var consents = await db.Consents.AsNoTracking().Where(c => c.CaseId == @case.Id).ToListAsync(cancellationToken);
        var consent = SharingPolicy.ConsentToBecomeParty(agency, consents, now);
        unitOfWork.ReliesOn(consent);
    }

    public static string BasisFor(Case @case, Guid agencyId) =>
        @case.OpenedByAgencyId == agencyId ? AccessBasis.RecordingAgency : AccessBasis.Party;
}
