using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CaseCoordination.Domain.Common;

namespace CaseCoordination.Domain.AccessLog;

public enum AccessOutcome
{
    Allowed = 1,
    Refused,
}

/// <summary>
/// One entry of the access log: when, who, what, on which basis, and the outcome. Written in the
/// same transaction as the act it records; never changed or deleted.
/// </summary>
public sealed class AccessLogEntry
{
    private AccessLogEntry()
    {
        UserId = string.Empty;
        Action = string.Empty;
        ResourceType = string.Empty;
    }

    public AccessLogEntry(
        DateTimeOffset at,
        string userId,
        Guid? agencyId,
        Role? role,
        string? callingSystem,
        string action,
        string resourceType,
        Guid? resourceId,
        Guid? caseId,
        Guid? subjectId,
        AccessOutcome outcome,
        string? basis,
        string? refusalCode)
    {
        // To the microsecond: the finest instant every database stores (PostgreSQL's timestamptz), so the
        // instant read back for verification is the one the hash covers.
        At = at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerMicrosecond));
        UserId = userId;
        AgencyId = agencyId;
        Role = role;
        CallingSystem = callingSystem;
        Action = action;
        ResourceType = resourceType;
        ResourceId = resourceId;
        CaseId = caseId;
        SubjectId = subjectId;
        Outcome = outcome;
        Basis = basis;
        RefusalCode = refusalCode;
    }

    /// <summary>The hash before the first entry of the chain.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>The entry's place in the chain: 1, 2, 3, … without gaps, assigned when the entry is sealed.</summary>
    public long Id { get; private set; }

    /// <summary>SHA-256 (hex) over the previous entry's hash and this entry's canonical form.</summary>
    public string Hash { get; private set; } = string.Empty;

    /// <summary>The region of the case the entry concerns (auditors see their region), or null.</summary>
    public string? RegionCode { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string UserId { get; private set; }
    public Guid? AgencyId { get; private set; }
    public Role? Role { get; private set; }

    /// <summary>The client system that made the call (token <c>azp</c>/<c>client_id</c>), where known.</summary>
    public string? CallingSystem { get; private set; }

    /// <summary>A dotted code such as <c>case.read</c> or <c>referral.accept</c>.</summary>
    public string Action { get; private set; }

    public string ResourceType { get; private set; }
    public Guid? ResourceId { get; private set; }
    public Guid? CaseId { get; private set; }
    public Guid? SubjectId { get; private set; }
    public AccessOutcome Outcome { get; private set; }

    /// <summary>The ground of the access: <c>party</c>, <c>consent:{id}</c> or a legal basis code.</summary>
    public string? Basis { get; private set; }

    /// <summary>Why a refused attempt was refused (a stable error code), never free text.</summary>
    public string? RefusalCode { get; private set; }

    public void PlaceInRegion(string? regionCode)
    {
        if (Id != 0)
        {
            throw new InvalidOperationException("A sealed entry cannot change.");
        }

        RegionCode = regionCode;
    }

    /// <summary>
    /// Gives the entry its place in the chain and its hash, once, in the transaction that writes it.
    /// </summary>
    public void Seal(long id, string previousHash)
    {
        if (Id != 0)
        {
            throw new InvalidOperationException("The entry is already sealed.");
        }

        Id = id;
        Hash = ComputeHash(previousHash);
    }

    /// <summary>A copy not yet sealed, for writing again after a failed attempt.</summary>
    public AccessLogEntry Unsealed() =>
        new(At, UserId, AgencyId, Role, CallingSystem, Action, ResourceType, ResourceId, CaseId, SubjectId, Outcome, Basis, RefusalCode) { RegionCode = RegionCode };

    /// <summary>Recomputes the hash from the stored fields: what verification compares against <see cref="Hash"/>.</summary>
    public string ComputeHash(string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + "\n" + CanonicalForm())));

    /// <summary>
    /// Every field in a fixed order, unit-separated, instants as UTC ticks: the same bytes on every
    /// machine and provider, whatever the culture.
    /// </summary>
    public string CanonicalForm()
    {
        static string Of(object? value) => value switch
        {
            null => "\u2400",
            DateTimeOffset d => d.UtcTicks.ToString(CultureInfo.InvariantCulture),
            Guid g => g.ToString("D"),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString()!,
        };

        return string.Join('\u001f', new[]
        {
            Of(Id), Of(At), Of(UserId), Of(AgencyId), Of(Role?.ToString()), Of(CallingSystem), Of(Action), Of(ResourceType),
            Of(ResourceId), Of(CaseId), Of(SubjectId), Of(RegionCode), Of(Outcome.ToString()), Of(Basis), Of(RefusalCode),
        });
    }
}
