namespace CaseCoordination.Application.Common.Security;

/// <summary>Upper bounds on text fields; longer input is refused with 400.</summary>
public static class TextLimits
{
    public const int Name = 200;
    public const int Reason = 2000;
    public const int FreeText = 8000;

    /// <summary>A person's language tag (<c>sv</c>, <c>ar</c>, <c>zh-Hant</c>): the length of its column.</summary>
    public const int LanguageTag = 20;
}
