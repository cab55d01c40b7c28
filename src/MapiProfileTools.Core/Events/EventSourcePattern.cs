using System;

namespace MapiProfileTools.Core.Events
{
    /// <summary>
    /// A source name pattern with the wildcards PowerShell users type (* ? [a-z], ` to escape), matched
    /// case-insensitively like event source names. The core has no PowerShell reference, so it matches itself.
    /// </summary>
    public sealed class EventSourcePattern
    {
        private readonly string _pattern;

        public EventSourcePattern(string pattern)
        {
            _pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
            HasWildcards = pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;
        }

        public string Pattern => _pattern;

        public bool HasWildcards { get; }

        /// <summary>
        /// Whether <paramref name="name"/> matches: the two-pointer walk that backs up to the last '*' on a
        /// mismatch, so time stays proportional to pattern times name, whatever the pattern.
        /// </summary>
        public bool IsMatch(string name)
        {
            int pi = 0, si = 0, starP = -1, starS = 0;
            while (si < name.Length)
            {
                if (pi < _pattern.Length && _pattern[pi] == '*')
                {
                    starP = ++pi;
                    starS = si;
                    continue;
                }

                if (pi < _pattern.Length && MatchOne(_pattern, pi, name[si], out int next))
                {
                    pi = next;
                    si++;
                    continue;
                }

                if (starP < 0)
                {
                    return false;
                }

                pi = starP;
                si = ++starS;
            }

            while (pi < _pattern.Length && _pattern[pi] == '*')
            {
                pi++;
            }

            return pi == _pattern.Length;
        }

        /// <summary>Whether the pattern element at <paramref name="pi"/> (a character, ?, [set] or `escaped) matches <paramref name="c"/>.</summary>
        private static bool MatchOne(string p, int pi, char c, out int next)
        {
            char token = p[pi];
            next = pi + 1;
            if (token == '?')
            {
                return true;
            }

            if (token == '[')
            {
                int close = p.IndexOf(']', pi + 1);
                if (close > pi + 1)
                {
                    next = close + 1;
                    return InSet(p, pi + 1, close, c);
                }
            }

            if (token == '`' && pi + 1 < p.Length)
            {
                token = p[pi + 1];
                next = pi + 2;
            }

            return char.ToUpperInvariant(token) == char.ToUpperInvariant(c);
        }

        private static bool InSet(string p, int from, int to, char ch)
        {
            char x = char.ToUpperInvariant(ch);
            for (int i = from; i < to; i++)
            {
                char lo = char.ToUpperInvariant(p[i]);
                if (i + 2 < to && p[i + 1] == '-')
                {
                    char hi = char.ToUpperInvariant(p[i + 2]);
                    if (x >= lo && x <= hi)
                    {
                        return true;
                    }

                    i += 2;
                }
                else if (x == lo)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
