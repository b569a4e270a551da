using System.Text;

namespace CaseCoordination.Domain.Common;

/// <summary>Turns enum members into the kebab-case codes of domain.md (<c>InProgress</c> → <c>in-progress</c>).</summary>
public static class Codes
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Kebab(value.ToString());

    public static string Kebab(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('-');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
