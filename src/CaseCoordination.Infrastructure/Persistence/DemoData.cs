using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// A fictional region for trying the API: region 99 "Region Exempel" with three invented
/// municipalities, each with social services, healthcare, police and an NGO, and their services in the
/// responsibility directory (with gaps). Ids are fixed so that a development token can name an agency.
/// Everything here is invented; no person is seeded.
/// </summary>
public static class DemoData
{
    public const string RegionCode = "99";

    public static readonly IReadOnlyList<(Guid Id, string Name, AgencyKind Kind, string Municipality, Need[] Needs)> Agencies =
    [
        (Id(1), "Socialtjänsten Ekstad", AgencyKind.SocialServices, "9901", [Need.ChildProtectionReport, Need.Housing, Need.FinancialSupport, Need.Shelter, Need.SubstanceUse, Need.Interpreter]),
        (Id(2), "Ekstads vårdcentral", AgencyKind.Healthcare, "9901", [Need.Healthcare, Need.SexualHealth, Need.TraumaSupport]),
        (Id(3), "Polisen Ekstad", AgencyKind.Police, "9901", [Need.PoliceReport]),
        (Id(4), "Stödcentrum Ekstad (ideell)", AgencyKind.Ngo, "9901", [Need.TraumaSupport, Need.Shelter, Need.LegalSupport, Need.Other]),
        (Id(5), "Socialtjänsten Lindholm", AgencyKind.SocialServices, "9902", [Need.ChildProtectionReport, Need.Housing, Need.FinancialSupport, Need.SubstanceUse]),
        (Id(6), "Psykiatrin Lindholm", AgencyKind.Healthcare, "9902", [Need.Psychiatry, Need.TraumaSupport, Need.SubstanceUse]),
        (Id(7), "Polisen Lindholm", AgencyKind.Police, "9902", [Need.PoliceReport]),
        (Id(8), "Kvinno- och tjejjouren Lindholm", AgencyKind.Ngo, "9902", [Need.Shelter, Need.TraumaSupport, Need.Interpreter]),
        (Id(9), "Socialtjänsten Storsjövik", AgencyKind.SocialServices, "9903", [Need.ChildProtectionReport, Need.Housing, Need.FinancialSupport]),
        (Id(10), "Sexuell hälsa-mottagningen Storsjövik", AgencyKind.Healthcare, "9903", [Need.SexualHealth, Need.Healthcare]),
        (Id(11), "Polisen Storsjövik", AgencyKind.Police, "9903", [Need.PoliceReport]),
        (Id(12), "Juridisk rådgivning Storsjövik (ideell)", AgencyKind.Ngo, "9903", [Need.LegalSupport, Need.Other]),
    ];

    private static readonly ServiceGroup[] Everyone = [ServiceGroup.Children, ServiceGroup.Adults];
    private static readonly ServiceGroup[] AdultsOnly = [ServiceGroup.Adults];

    /// <summary>
    /// The demo region's services in the responsibility directory, with the gaps of a real region: no trauma
    /// support for children in Storsjövik (9903: the psychiatry clinic's service is for adults), and no shelter
    /// in Ekstad (9901) that works in another language than Swedish, nor an interpreter service there.
    /// </summary>
    public static readonly IReadOnlyList<(int Agency, string Name, Need[] Needs, string[] Municipalities, bool RegionWide, bool National, ServiceGroup[] Groups, string[] Languages, Outreach[] Outreach, Capacity Capacity)> Services =
    [
        (1, "Barn och unga, vuxenstöd Ekstad", [Need.ChildProtectionReport, Need.Housing, Need.FinancialSupport, Need.SubstanceUse], ["9901"], false, false, Everyone, ["sv", "en"], [], Capacity.Open),
        (1, "Skyddat boende Ekstad", [Need.Shelter], ["9901"], false, false, AdultsOnly, ["sv"], [], Capacity.Open),
        (2, "Traumamottagningen Ekstad", [Need.TraumaSupport, Need.Healthcare, Need.SexualHealth], ["9901"], false, false, Everyone, ["sv", "en", "ar"], [], Capacity.Open),
        (3, "Polisen: anmälan och brottsofferstöd", [Need.PoliceReport], [], true, false, Everyone, ["sv", "en"], [], Capacity.Open),
        (4, "Stödsamtal och skyddat boende (ideell)", [Need.TraumaSupport, Need.Shelter, Need.LegalSupport], ["9901", "9902"], false, false, AdultsOnly, ["sv"], [Outreach.Street, Outreach.Digital], Capacity.Waitlist),
        (5, "Barn och unga, vuxenstöd Lindholm", [Need.ChildProtectionReport, Need.Housing, Need.FinancialSupport, Need.SubstanceUse], ["9902"], false, false, Everyone, ["sv"], [], Capacity.Open),
        (6, "Traumapsykiatri för vuxna", [Need.Psychiatry, Need.TraumaSupport, Need.SubstanceUse], ["9902", "9903"], false, false, AdultsOnly, ["sv", "en"], [], Capacity.Open),
        (7, "Polisen Lindholm", [Need.PoliceReport], ["9902"], false, false, Everyone, ["sv"], [], Capacity.Open),
        (8, "Jouren: stöd och skyddat boende", [Need.Shelter, Need.TraumaSupport], ["9902"], false, false, Everyone, ["sv", "en", "ro", "ar"], [Outreach.Digital], Capacity.Open),
        (8, "Tolkstöd", [Need.Interpreter], ["9902", "9903"], false, false, Everyone, ["sv", "en", "ro", "ar", "ti", "so"], [], Capacity.Open),
        (9, "Barn och unga, vuxenstöd Storsjövik", [Need.ChildProtectionReport, Need.Housing, Need.FinancialSupport, Need.Shelter], ["9903"], false, false, Everyone, ["sv"], [], Capacity.Open),
        (10, "Sexuell hälsa Storsjövik", [Need.SexualHealth, Need.Healthcare], ["9903"], false, false, Everyone, ["sv", "en"], [], Capacity.Open),
        (11, "Polisen Storsjövik", [Need.PoliceReport], ["9903"], false, false, Everyone, ["sv"], [], Capacity.Open),
        (12, "Juridisk rådgivning (ideell, hela landet)", [Need.LegalSupport], [], false, true, AdultsOnly, ["sv", "en"], [Outreach.Digital], Capacity.Waitlist),
    ];

    /// <summary><c>00000000-0000-0000-0000-0000000000NN</c>: short and easy to type in a demo.</summary>
    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    public static async Task SeedAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Agencies.AnyAsync(cancellationToken))
        {
            foreach (var (id, name, kind, municipality, needs) in Agencies)
            {
                db.Agencies.Add(Agency.Create(id, name, kind, RegionCode, municipality, needs));
            }

            await UnitOfWork.SaveActAsync(db, cancellationToken);
        }

        // The directory is seeded once, also into a demo database made before it existed.
        var demo = Agencies.Select(a => a.Id).ToList();
        if (!await db.Services.AnyAsync(cancellationToken) && await db.Agencies.CountAsync(a => demo.Contains(a.Id), cancellationToken) == demo.Count)
        {
            var seeder = new Actor("demo-seed", Role.Admin, null);
            var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < Services.Count; i++)
            {
                var (agency, name, needs, municipalities, regionWide, national, groups, languages, outreach, capacity) = Services[i];
                var offer = new ServiceOffer(name, null, needs, new ServiceArea(municipalities, regionWide, national), groups,
                    AcceptsWithoutPersonalIdentityNumber: true, AcceptsProtectedIdentity: agency is 1 or 5 or 9, languages, outreach, "Mån–fre 08–17", capacity);
                db.Services.Add(Service.Offer(Id(100 + i), Id(agency), RegionCode, offer, seeder, at));
            }

            await UnitOfWork.SaveActAsync(db, cancellationToken);
        }
    }
}
