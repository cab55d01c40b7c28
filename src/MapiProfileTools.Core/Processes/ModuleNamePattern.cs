using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace MapiProfileTools.Core.Processes
{
    /// <summary>
    /// Module file names to look for: PowerShell-style wildcards (* ? [a-z]), case-insensitive, as Windows
    /// compares file names. Also offers, per pattern, its longest literal run in lower case, so a scanner
    /// can skip a whole maps file that cannot match without parsing a line of it.
    /// </summary>
    public sealed class ModuleNamePattern
    {
        private readonly Regex[] _patterns;

        public ModuleNamePattern(IEnumerable<string> patterns)
        {
            var regexes = new List<Regex>();
            var literals = new List<byte[]>();
            foreach (string pattern in patterns)
            {
                regexes.Add(new Regex(ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
                // The prefilter folds ASCII letters only; a literal with other characters gives no prefilter.
                string literal = LongestLiteral(pattern).ToLowerInvariant();
                literals.Add(IsAscii(literal) ? Encoding.ASCII.GetBytes(literal) : Array.Empty<byte>());
            }

            if (regexes.Count == 0)
            {
                throw new ArgumentException("At least one module name is needed.", nameof(patterns));
            }

            _patterns = regexes.ToArray();
            Literals = literals;
        }

        /// <summary>Per pattern, the lower-case UTF-8 bytes that any match must contain (may be empty).</summary>
        public IReadOnlyList<byte[]> Literals { get; }

        public bool IsMatch(string fileName)
        {
            foreach (Regex pattern in _patterns)
            {
                if (pattern.IsMatch(fileName))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsAscii(string text)
        {
            foreach (char c in text)
            {
                if (c > 0x7F)
                {
                    return false;
                }
            }

            return true;
        }

        private static string ToRegex(string pattern)
        {
            var regex = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                switch (c)
                {
                    case '*':
                        regex.Append(".*");
                        break;
                    case '?':
                        regex.Append('.');
                        break;
                    case '`' when i + 1 < pattern.Length:
                        regex.Append(Regex.Escape(pattern[++i].ToString()));
                        break;
                    case '[':
                        int close = pattern.IndexOf(']', i + 1);
                        if (close > i + 1)
                        {
                            regex.Append('[').Append(pattern.Substring(i + 1, close - i - 1).Replace("\\", "\\\\").Replace("^", "\\^")).Append(']');
                            i = close;
                        }
                        else
                        {
                            regex.Append("\\[");
                        }

                        break;
                    default:
                        regex.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            return regex.Append('$').ToString();
        }

        private static string LongestLiteral(string pattern)
        {
            string best = string.Empty;
            var current = new StringBuilder();
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '*' || c == '?' || c == '[')
                {
                    if (current.Length > best.Length)
                    {
                        best = current.ToString();
                    }

                    current.Clear();
                    if (c == '[')
                    {
                        int close = pattern.IndexOf(']', i + 1);
                        i = close > i ? close : i;
                    }
                }
                else if (c == '`' && i + 1 < pattern.Length)
                {
                    current.Append(pattern[++i]);
                }
                else
                {
                    current.Append(c);
                }
            }

            return current.Length > best.Length ? current.ToString() : best;
        }
    }
}
