using System.Globalization;
using CaseCoordination.Domain.Common;
using FluentValidation;
using FluentValidation.Results;

namespace CaseCoordination.Api.Infrastructure;

/// <summary>ETag and If-Match: the ETag of a case, referral or agency is its version.</summary>
public static class ETags
{
    public static string Format(int version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>
    /// The version named by <c>If-Match</c>, or null when the header is absent or <c>*</c>. A value that
    /// is not one of our ETags can never match, and so answers 412 like a stale one.
    /// </summary>
    public static int? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return value.Length > 2 && value[0] == '"' && value[^1] == '"'
            && int.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : -1;
    }

    public static T WithETag<T>(this HttpContext context, T body, int version)
    {
        context.Response.Headers.ETag = Format(version);
        return body;
    }
}

/// <summary>Query-string enums in the kebab case of domain.md; an unknown value is a 400 naming the parameter.</summary>
public static class QueryValues
{
    public static TEnum? Enum<TEnum>(string? value, string parameter) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        foreach (var candidate in System.Enum.GetValues<TEnum>())
        {
            if (Codes.Of(candidate) == value)
            {
                return candidate;
            }
        }

        var allowed = string.Join(", ", System.Enum.GetValues<TEnum>().Select(Codes.Of));
        throw new ValidationException([new ValidationFailure(parameter, $"'{parameter}' must be one of: {allowed}.")]);
    }
}
