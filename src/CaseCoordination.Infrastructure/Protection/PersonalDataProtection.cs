using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace CaseCoordination.Infrastructure.Protection;

/// <summary>The <c>PersonalData</c> configuration section.</summary>
public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>Where the data-protection key ring lives (a folder shared by every API instance). Relative to the content root.</summary>
    public string KeysDirectory { get; set; } = "data/keys";

    /// <summary>
    /// The key (base64, at least 32 bytes) of the keyed hash used to look up identity numbers without
    /// storing them in clear. Required outside Development; a development-only default lives in
    /// appsettings.Development.json.
    /// </summary>
    public string? LookupKey { get; set; }

    /// <summary>
    /// A PFX certificate that encrypts the key ring at rest (recommended in production; without it the
    /// keys are stored unencrypted in <see cref="KeysDirectory"/>, which must then be protected by
    /// file-system permissions alone).
    /// </summary>
    public string? KeyCertificatePath { get; set; }

    public string? KeyCertificatePassword { get; set; }
}

/// <summary>
/// Encrypts identity fields and free text at rest with the platform's data-protection tooling (ADR
/// 0010, ADR 0019), and hashes identity numbers with a keyed hash (HMAC-SHA-256) for lookups. Clear
/// values exist only in memory.
/// </summary>
public sealed class PersonalDataProtection
{
    public const string Purpose = "CaseCoordination.PersonalData.v1";

    private readonly IDataProtector _protector;
    private readonly byte[] _lookupKey;

    public PersonalDataProtection(IDataProtectionProvider provider, string lookupKey)
    {
        _protector = provider.CreateProtector(Purpose);
        _lookupKey = Convert.FromBase64String(lookupKey);
        if (_lookupKey.Length < 32)
        {
            throw new InvalidOperationException("PersonalData:LookupKey must be at least 32 bytes (base64).");
        }
    }

    /// <summary>For building the model at design time (migrations): nothing is encrypted with it.</summary>
    public static PersonalDataProtection ForDesignTime() =>
        new(new EphemeralDataProtectionProvider(), Convert.ToBase64String(new byte[32]));

    /// <summary>
    /// How every protected value starts: the base64url form of the data-protection payload's magic
    /// header (0x09F0C9F0), whatever the key or algorithm.
    /// </summary>
    public const string ProtectedPrefix = "CfDJ8";

    /// <summary>
    /// The longest protected form of a text of at most <paramref name="clearLength"/> UTF-16 characters:
    /// up to 3 UTF-8 bytes per character, plus at most 100 bytes of payload header, padding and MAC
    /// (84 + 16 with AES-CBC and HMAC-SHA-256), in base64url (4 characters per 3 bytes).
    /// </summary>
    public static int ProtectedLength(int clearLength) => (4 * ((3 * clearLength) + 100) + 2) / 3;

    /// <summary>Whether a stored value is a protected payload (and not clear text an earlier build wrote).</summary>
    public static bool IsProtected(string stored) => stored.StartsWith(ProtectedPrefix, StringComparison.Ordinal);

    public string Protect(string value) => _protector.Protect(value);

    public string Unprotect(string value) => _protector.Unprotect(value);

    /// <summary>The keyed hash of an identity number, normalised (digits and letters only, upper case).</summary>
    public string LookupHash(string identityNumber)
    {
        var normalised = new string(identityNumber.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return Convert.ToHexStringLower(HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(normalised)));
    }
}
