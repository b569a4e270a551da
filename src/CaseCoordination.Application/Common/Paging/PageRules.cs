using FluentValidation;

namespace CaseCoordination.Application.Common.Paging;

/// <summary>A list query paged by <c>limit</c> and an opaque <c>cursor</c>.</summary>
public interface IPageQuery
{
    int? Limit { get; }

    string? Cursor { get; }
}

/// <summary>
/// The rules of every paged list, in one place: <c>limit</c> 1–<see cref="Cursor.MaxLimit"/>, and a cursor
/// shaped as the API writes them (base64url, the follow-up list's with its padding) and no longer.
/// </summary>
public static class PageRules
{
    /// <summary>Longer than any cursor the API issues (the longest, the follow-up list's, is about 160 characters).</summary>
    public const int MaxCursorLength = 200;

    /// <summary>The characters of every cursor the API issues (<see cref="Cursor.Encode"/> and the lists' own cursors).</summary>
    public const string CursorPattern = "^[A-Za-z0-9_=-]*$";

    public static void AddPageRules<T>(this AbstractValidator<T> v) where T : IPageQuery
    {
        v.RuleFor(x => x.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        v.RuleFor(x => x.Cursor)
            .MaximumLength(MaxCursorLength).WithMessage(NotValid)
            .Matches(CursorPattern).WithMessage(NotValid);
    }

    private const string NotValid = "The cursor is not valid.";
}
