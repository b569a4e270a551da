using System.Globalization;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;
using Xunit;

namespace CaseCoordination.Domain.Tests;

/// <summary>
/// The access log (domain.md, "Access log"): entries are sealed once into a hash chain, never changed afterwards,
/// and the hash covers every field, the same on every machine whatever the culture or offset.
/// </summary>
public sealed class AccessLogEntryTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));
    private static readonly Guid AgencyId = Guid.Parse("a0000000-0000-0000-0000-00000000003a");
    private static readonly Guid CaseId = Guid.Parse("c0000000-0000-0000-0000-000000000004");
    private static readonly string Previous = new('7', 64);

    private static AccessLogEntry Entry(
        DateTimeOffset? at = null, string userId = "caseworker-1", string? callingSystem = "portal", string? basis = "party",
        AccessOutcome outcome = AccessOutcome.Allowed, string? refusalCode = null) =>
        new(at ?? At, userId, AgencyId, Role.Caseworker, callingSystem, "case.read", "case", CaseId, CaseId,
            Guid.Parse("d0000000-0000-0000-0000-000000000004"), outcome, basis, refusalCode);

    [Fact]
    public void The_chain_starts_from_sixty_four_zeros()
    {
        Assert.Equal(new string('0', 64), AccessLogEntry.GenesisHash);
    }

    [Fact]
    public void Sealing_gives_the_entry_its_place_and_a_sha256_hash_over_the_previous_hash_and_its_fields()
    {
        var entry = Entry();
        entry.PlaceInRegion("01");

        entry.Seal(5, Previous);

        Assert.Equal(5, entry.Id);
        Assert.Matches("^[0-9a-f]{64}$", entry.Hash);
        Assert.Equal(entry.ComputeHash(Previous), entry.Hash);
        Assert.NotEqual(entry.ComputeHash(AccessLogEntry.GenesisHash), entry.Hash);
    }

    [Fact]
    public void The_instant_is_kept_to_the_microsecond_that_every_database_stores()
    {
        // PostgreSQL keeps microseconds: an instant with 100-nanosecond ticks would be read back otherwise than hashed.
        var entry = Entry(at: At.AddTicks(1234567));

        Assert.Equal(At.AddTicks(1234560), entry.At);
        Assert.Equal(0, entry.At.UtcTicks % TimeSpan.TicksPerMicrosecond);
        Assert.Equal(TimeSpan.FromHours(1), entry.At.Offset);
    }

    [Fact]
    public void An_entry_is_sealed_once()
    {
        var entry = Entry();
        entry.Seal(5, Previous);
        var hash = entry.Hash;

        Assert.Throws<InvalidOperationException>(() => entry.Seal(6, AccessLogEntry.GenesisHash));

        Assert.Equal(5, entry.Id);
        Assert.Equal(hash, entry.Hash);
    }

    [Fact]
    public void A_sealed_entry_cannot_be_moved_to_another_region()
    {
        var entry = Entry();
        entry.PlaceInRegion("01");
        entry.Seal(5, Previous);

        Assert.Throws<InvalidOperationException>(() => entry.PlaceInRegion("14"));
        Assert.Equal("01", entry.RegionCode);
    }

    [Fact]
    public void The_hash_covers_the_place_in_the_chain_and_the_region()
    {
        var first = Entry();
        var second = Entry();
        first.PlaceInRegion("01");
        second.PlaceInRegion("14");

        Assert.NotEqual(first.ComputeHash(Previous), second.ComputeHash(Previous));

        var third = Entry();
        third.PlaceInRegion("01");
        first.Seal(1, Previous);
        third.Seal(2, Previous);
        Assert.NotEqual(first.Hash, third.Hash);
    }

    public static TheoryData<string, AccessLogEntry> Variants => new()
    {
        { "another instant", Entry(at: At.AddTicks(TimeSpan.TicksPerMicrosecond)) },
        { "another user", Entry(userId: "caseworker-2") },
        { "no calling system", Entry(callingSystem: null) },
        { "an empty calling system", Entry(callingSystem: string.Empty) },
        { "another basis", Entry(basis: "consent:e0000000-0000-0000-0000-000000000001") },
        { "refused", Entry(outcome: AccessOutcome.Refused, refusalCode: "not-a-party") },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Changing_any_field_changes_the_hash_and_null_differs_from_empty(string change, AccessLogEntry changed)
    {
        Assert.False(string.IsNullOrEmpty(change));
        Assert.NotEqual(Entry().ComputeHash(Previous), changed.ComputeHash(Previous));
    }

    [Fact]
    public void A_missing_value_is_told_apart_from_an_empty_one()
    {
        Assert.NotEqual(Entry(callingSystem: null).ComputeHash(Previous), Entry(callingSystem: string.Empty).ComputeHash(Previous));
    }

    [Fact]
    public void The_same_instant_in_another_offset_hashes_the_same()
    {
        Assert.Equal(Entry().ComputeHash(Previous), Entry(at: At.ToOffset(TimeSpan.FromHours(-5))).ComputeHash(Previous));
    }

    [Fact]
    public void The_canonical_form_is_the_same_whatever_the_culture()
    {
        var entry = Entry();
        entry.Seal(1234567, Previous);
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var invariant = entry.CanonicalForm();
            CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
            Assert.Equal(invariant, entry.CanonicalForm());
            Assert.StartsWith("1234567\u001f", invariant, StringComparison.Ordinal);
            Assert.Contains(At.UtcTicks.ToString(CultureInfo.InvariantCulture), invariant, StringComparison.Ordinal);
            Assert.Contains(AgencyId.ToString("D"), invariant, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void An_unsealed_copy_carries_every_field_and_seals_to_the_same_hash()
    {
        var entry = Entry(outcome: AccessOutcome.Refused, refusalCode: "not-a-party");
        entry.PlaceInRegion("01");
        entry.Seal(9, Previous);

        var copy = entry.Unsealed();

        Assert.Equal(0, copy.Id);
        Assert.Equal(string.Empty, copy.Hash);
        Assert.Equal("01", copy.RegionCode);
        Assert.Equal(AccessOutcome.Refused, copy.Outcome);
        Assert.Equal("not-a-party", copy.RefusalCode);
        copy.Seal(9, Previous);
        Assert.Equal(entry.Hash, copy.Hash);
    }
}
