using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>
/// A fictional region for trying the API: region 99 "Region Exempel" with three invented
/// municipalities, each with social services, healthcare, police and an NGO. Ids are fixed so that
/// a development token can name an agency. Everything here is invented; no person is seeded.
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

    /// <summary><c>00000000-0000-0000-0000-0000000000NN</c>: short and easy to type in a demo.</summary>
    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    public static async Task SeedAsync(CaseCoordinationDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Agencies.AnyAsync(cancellationToken))
        {
            return;
        }

        foreach (var (id, name, kind, municipality, needs) in Agencies)
        {
            db.Agencies.Add(Agency.Create(id, name, kind, RegionCode, municipality, needs));
        }

        await UnitOfWork.SaveActAsync(db, cancellationToken);
    }
}
