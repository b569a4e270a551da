namespace CaseCoordination.Application.Common.Security;

/// <summary>Upper bounds on text fields; longer input is refused with 400.</summary>
public static class TextLimits
{
    public const int Name = 200;
    public const int Reason = 2000;
    public const int FreeText = 8000;
}
