using System.Globalization;

namespace CaseCoordination.Api.OpenApi;

/// <summary>
/// The longest text an anchored pattern (<c>^…$</c>) of the validators matches, so that a field bounded by
/// its pattern (a municipality code, a personnummer) is declared with that <c>maxLength</c> rather than a
/// number written a second time (ADR 0031). Understands literals, escapes, <c>.</c>, classes, groups,
/// alternation and the quantifiers <c>?</c>, <c>{n}</c> and <c>{n,m}</c>; anything else (<c>*</c>,
/// <c>+</c>, <c>{n,}</c>, a pattern that is not anchored at both ends) is unbounded or not understood: null.
/// </summary>
public static class PatternLength
{
    public static int? Of(string pattern)
    {
        if (pattern.Length < 2 || pattern[0] != '^' || pattern[^1] != '$' || pattern.EndsWith("\\$", StringComparison.Ordinal))
        {
            return null;
        }

        var reader = new Reader(pattern[1..^1]);
        var length = reader.Alternation();
        return reader.AtEnd ? length : null;
    }

    private sealed class Reader(string text)
    {
        private int _at;

        public bool AtEnd => _at == text.Length;

        private char? Peek => _at < text.Length ? text[_at] : null;

        /// <summary>Branches separated by <c>|</c>: the longest.</summary>
        public int? Alternation()
        {
            var longest = Sequence();
            while (Peek == '|')
            {
                _at++;
                var next = Sequence();
                longest = longest is null || next is null ? null : Math.Max(longest.Value, next.Value);
            }

            return longest;
        }

        /// <summary>Atoms one after the other, each with its quantifier: the sum.</summary>
        private int? Sequence()
        {
            int? total = 0;
            while (Peek is { } c && c != '|' && c != ')')
            {
                var atom = Atom();
                var times = Quantifier();
                total = total is null || atom is null || times is null ? null : total + (atom * times);
            }

            return total;
        }

        private int? Atom()
        {
            var c = text[_at++];
            switch (c)
            {
                case '(':
                    if (Peek == '?')
                    {
                        if (_at + 1 >= text.Length || text[_at + 1] != ':')
                        {
                            _at = text.Length;
                            return null;
                        }

                        _at += 2;
                    }

                    var inner = Alternation();
                    if (Peek != ')')
                    {
                        _at = text.Length;
                        return null;
                    }

                    _at++;
                    return inner;
                case '[':
                    // A class is one character; skip to its closing bracket (a leading ] or an escaped one is part of it).
                    if (Peek == '^')
                    {
                        _at++;
                    }

                    if (Peek == ']')
                    {
                        _at++;
                    }

                    while (Peek is { } d && d != ']')
                    {
                        _at += d == '\\' ? 2 : 1;
                    }

                    if (Peek != ']')
                    {
                        _at = text.Length;
                        return null;
                    }

                    _at++;
                    return 1;
                case '\\':
                    // An escaped character or a one-character class (\d, \w, \s, \.); a back-reference or an anchor is not understood.
                    if (Peek is not { } e || char.IsDigit(e) || e is 'b' or 'B' or 'A' or 'z' or 'Z' or 'G' or 'k' or 'p' or 'P' or 'u' or 'x' or 'c')
                    {
                        _at = text.Length;
                        return null;
                    }

                    _at++;
                    return 1;
                case '*' or '+' or '?' or '{' or '^' or '$':
                    _at = text.Length;
                    return null;
                default:
                    return 1;
            }
        }

        /// <summary>How many times the atom before may repeat at most: 1, or null when unbounded.</summary>
        private int? Quantifier()
        {
            int? times;
            switch (Peek)
            {
                case '?':
                    _at++;
                    times = 1;
                    break;
                case '*' or '+':
                    _at++;
                    return null;
                case '{':
                    var close = text.IndexOf('}', _at);
                    if (close < 0)
                    {
                        return null;
                    }

                    var range = text[(_at + 1)..close].Split(',');
                    _at = close + 1;
                    times = range.Length switch
                    {
                        1 when int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
                        2 when int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out _) && int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) => m,
                        _ => null,
                    };
                    break;
                default:
                    return 1;
            }

            if (Peek == '?')
            {
                _at++;
            }

            return times;
        }
    }
}
