using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CaseCoordination.Application.Common.Exceptions;

namespace CaseCoordination.Application.Common.Paging;

/// <summary>A page of a list: the items and the cursor of the next page (null at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// An opaque keyset cursor: the sort instant and id of the last item of a page. Opaque to clients;
/// base64url so that it travels in a query string.
/// </summary>
public readonly record struct Cursor(DateTimeOffset At, Guid Id)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{At.UtcTicks}.{Id:N}")));

    public static Cursor? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var parts = text.Split('.');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && Guid.TryParseExact(parts[1], "N", out var id)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks)
            {
                return new Cursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
        }
        catch (FormatException)
        {
        }

        throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("cursor", "The cursor is not valid.")]);
    }

    public static Page<T> ToPage<T>(List<T> fetched, int limit, Func<T, Cursor> cursorOf)
    {
        if (fetched.Count <= limit)
        {
            return new Page<T>(fetched, null);
        }

        var items = fetched.GetRange(0, limit);
        return new Page<T>(items, cursorOf(items[^1]).Encode());
    }
}
