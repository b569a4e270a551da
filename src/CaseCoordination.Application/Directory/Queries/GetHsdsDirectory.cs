using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Agencies;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Directory;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Directory.Queries;

#pragma warning disable SA1402 // The HSDS shapes belong together.

/// <summary>The directory in the terms of the Open Referral Human Services Data Specification 3.0 (HSDS).</summary>
public sealed record HsdsDirectory(
    [property: JsonPropertyName("organizations")] IReadOnlyList<HsdsOrganization> Organizations,
    [property: JsonPropertyName("services")] IReadOnlyList<HsdsService> Services);

public sealed record HsdsOrganization(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("legal_status")] string LegalStatus);

public sealed record HsdsService(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("organization_id")] Guid OrganizationId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("wait_time"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WaitTime,
    [property: JsonPropertyName("interpretation_services"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InterpretationServices,
    [property: JsonPropertyName("eligibility_description")] string EligibilityDescription,
    [property: JsonPropertyName("minimum_age"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MinimumAge,
    [property: JsonPropertyName("maximum_age"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaximumAge,
    [property: JsonPropertyName("assured_date")] string AssuredDate,
    [property: JsonPropertyName("last_modified")] DateTimeOffset LastModified,
    [property: JsonPropertyName("service_areas")] IReadOnlyList<HsdsServiceArea> ServiceAreas,
    [property: JsonPropertyName("languages")] IReadOnlyList<HsdsLanguage> Languages,
    [property: JsonPropertyName("schedules")] IReadOnlyList<HsdsSchedule> Schedules,
    [property: JsonPropertyName("attributes")] IReadOnlyList<HsdsAttribute> Attributes);

public sealed record HsdsServiceArea(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("service_id")] Guid ServiceId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("extent")] string Extent,
    [property: JsonPropertyName("extent_type")] string ExtentType);

public sealed record HsdsLanguage(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("service_id")] Guid ServiceId,
    [property: JsonPropertyName("code")] string Code);

public sealed record HsdsSchedule(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("service_id")] Guid ServiceId,
    [property: JsonPropertyName("description")] string Description);

public sealed record HsdsAttribute(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("link_id")] Guid LinkId,
    [property: JsonPropertyName("link_type")] string LinkType,
    [property: JsonPropertyName("link_entity")] string LinkEntity,
    [property: JsonPropertyName("taxonomy_term_id")] Guid TaxonomyTermId,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("taxonomy_term")] HsdsTaxonomyTerm TaxonomyTerm);

public sealed record HsdsTaxonomyTerm(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("taxonomy")] string Taxonomy);

#pragma warning restore SA1402

/// <summary>
/// The directory as HSDS 3.0 JSON, for guides, municipal websites and the agencies' own systems. Nothing
/// personal (no user ids either: <c>assured_date</c> only), so anyone may read it, without a token.
/// </summary>
[Authorize(Role.Caseworker, Role.Coordinator, Role.Auditor, Role.Admin, Anonymous = true)]
public sealed record GetHsdsDirectory : IQuery<HsdsDirectory>;

public sealed class GetHsdsDirectoryHandler(IApplicationDbContext db) : IQueryHandler<GetHsdsDirectory, HsdsDirectory>
{
    public const string NeedTaxonomy = "case-coordination-need";
    public const string OutreachTaxonomy = "case-coordination-outreach";

    public async ValueTask<HsdsDirectory> Handle(GetHsdsDirectory query, CancellationToken cancellationToken)
    {
        var agencies = await db.Agencies.AsNoTracking().Where(a => a.Active).OrderBy(a => a.Name).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        var active = agencies.Select(a => a.Id).ToHashSet();
        var services = (await db.Services.AsNoTracking().Where(s => s.WithdrawnAt == null).ToListAsync(cancellationToken))
            .Where(s => active.Contains(s.AgencyId)).OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id).ToList();
        return new HsdsDirectory([.. agencies.Select(Organization)], [.. services.Select(Service)]);
    }

    private static HsdsOrganization Organization(Agency a) =>
        new(a.Id, a.Name, $"{KindText(a.Kind)} in municipality {a.MunicipalityCode} (region {a.RegionCode}).", a.Kind == AgencyKind.Ngo ? "non-profit" : "public authority");

    private static HsdsService Service(Service s)
    {
        var children = s.Groups.Contains(ServiceGroup.Children);
        var adults = s.Groups.Contains(ServiceGroup.Adults);
        var eligibility = new StringBuilder(children && adults ? "Children and adults." : children ? "Children (under 18)." : "Adults (18 and over).");
        eligibility.Append(s.AcceptsWithoutPersonalIdentityNumber ? " Takes people without a Swedish personal identity number." : " Requires a Swedish personal identity number.");
        eligibility.Append(s.AcceptsProtectedIdentity ? " Takes people with protected identity." : string.Empty);
        var area = s.National
            ? new HsdsServiceArea(Derived(s.Id, "area"), s.Id, "Sweden", "SE", "text")
            : s.RegionWide
                ? new HsdsServiceArea(Derived(s.Id, "area"), s.Id, $"Region {s.RegionCode}", s.RegionCode, "text")
                : null;
        var areas = area is not null ? [area] : s.Municipalities.Select(m => new HsdsServiceArea(Derived(s.Id, "area:" + m), s.Id, $"Municipality {m}", m, "text")).ToList();
        var attributes = s.Needs.Select(n => Attribute(s.Id, NeedTaxonomy, Codes.Of(n)))
            .Concat(s.Outreach.Select(o => Attribute(s.Id, OutreachTaxonomy, Codes.Of(o))))
            .ToList();
        return new HsdsService(
            s.Id,
            s.AgencyId,
            s.Name,
            s.Description,
            s.Capacity == Capacity.Closed ? "temporarily closed" : "active",
            s.Capacity == Capacity.Waitlist ? "Waiting list" : null,
            s.Languages.Any(l => l != Coverage.Swedish) ? "Works in: " + string.Join(", ", s.Languages) : null,
            eligibility.ToString(),
            adults && !children ? 18 : null,
            children && !adults ? 17 : null,
            s.CapacityConfirmedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            s.ChangedAt,
            areas,
            [.. s.Languages.Select(l => new HsdsLanguage(Derived(s.Id, "language:" + l), s.Id, l))],
            s.ContactHours is { } hours ? [new HsdsSchedule(Derived(s.Id, "schedule"), s.Id, hours)] : [],
            attributes);
    }

    private static HsdsAttribute Attribute(Guid serviceId, string taxonomy, string code)
    {
        var term = new HsdsTaxonomyTerm(Derived(Guid.Empty, taxonomy + ":" + code), code, code, $"{taxonomy}: {code}", taxonomy);
        return new HsdsAttribute(Derived(serviceId, taxonomy + ":" + code), serviceId, "service", "service", term.Id, code, term);
    }

    private static string KindText(AgencyKind kind) => kind switch
    {
        AgencyKind.SocialServices => "Social services",
        AgencyKind.Healthcare => "Healthcare",
        AgencyKind.Police => "Police",
        _ => "Non-governmental organisation",
    };

    /// <summary>A stable id for a part of a service that has none of its own (HSDS wants a UUID for each).</summary>
    private static Guid Derived(Guid owner, string part)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(owner.ToString("N") + "/" + part));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
