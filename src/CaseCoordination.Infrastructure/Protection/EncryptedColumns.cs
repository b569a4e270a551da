using System.Globalization;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CaseCoordination.Infrastructure.Protection;

/// <summary>
/// The one place that encrypts columns at rest (ADR 0010, ADR 0019). A configuration marks a property
/// as an identity field (<see cref="IsIdentityField{T}"/>) or as free text a person typed
/// (<see cref="IsFreeText{T}"/>); <see cref="Apply"/> binds every marked property of the model to the
/// converters of one <see cref="PersonalDataProtection"/>. Encrypted columns cannot be compared,
/// searched or sorted in SQL: no query may filter or order by one.
/// </summary>
public static class EncryptedColumns
{
    private const string Annotation = "CaseCoordination:EncryptedAtRest";
    private const string Identity = "identity";
    private const string FreeText = "free-text";

    /// <summary>An identity field (name, identity number, birth date, contact): always stored encrypted.</summary>
    public static PropertyBuilder<T> IsIdentityField<T>(this PropertyBuilder<T> property) => property.HasAnnotation(Annotation, Identity);

    /// <summary>
    /// Free text a person typed, of at most <paramref name="clearLength"/> characters (the limit its
    /// validator enforces): stored encrypted, in a column sized for the longest ciphertext. Clear text
    /// an earlier build stored is read as it is until the start encrypts it (<see cref="LegacyFreeText"/>).
    /// </summary>
    public static PropertyBuilder<T> IsFreeText<T>(this PropertyBuilder<T> property, int clearLength) =>
        property.HasMaxLength(PersonalDataProtection.ProtectedLength(clearLength)).HasAnnotation(Annotation, FreeText);

    /// <summary>Whether the model stores this property as encrypted free text.</summary>
    public static bool IsFreeText(IReadOnlyProperty property) => property.FindAnnotation(Annotation)?.Value as string == FreeText;

    /// <summary>Gives every marked property of the model its converter, bound to <paramref name="protection"/>.</summary>
    public static void Apply(IMutableModel model, PersonalDataProtection protection)
    {
        var identity = new ValueConverter<string, string>(v => protection.Protect(v), v => protection.Unprotect(v));
        var freeText = new ValueConverter<string, string>(
            v => protection.Protect(v), v => PersonalDataProtection.IsProtected(v) ? protection.Unprotect(v) : v);
        var identityDate = new ValueConverter<DateOnly?, string?>(
            v => v == null ? null : protection.Protect(v.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            v => v == null ? null : DateOnly.ParseExact(protection.Unprotect(v), "yyyy-MM-dd", CultureInfo.InvariantCulture));
        foreach (var property in model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()))
        {
            var kind = property.FindAnnotation(Annotation)?.Value as string;
            if (kind is null)
            {
                continue;
            }

            property.SetValueConverter(
                property.ClrType == typeof(string) ? kind == FreeText ? freeText : identity
                : property.ClrType == typeof(DateOnly?) && kind == Identity ? identityDate
                : throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} cannot be encrypted as {kind}."));
        }
    }
}
