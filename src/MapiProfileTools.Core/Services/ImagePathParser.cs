using System;
using System.Text;

namespace MapiProfileTools.Core.Services
{
    /// <summary>
    /// The program file named by a service's <c>ImagePath</c>, as the service control manager would start it.
    /// </summary>
    public static class ImagePathParser
    {
        /// <summary>
        /// The image file of an ImagePath as stored: %NAME% expanded through <paramref name="variables"/>
        /// (unknown names left as written, as ExpandEnvironmentStrings does); a quoted path up to its closing
        /// quote; an unquoted one up to the end of its ".exe" (an unquoted path with spaces is common in old
        /// installers, and CreateProcess tries the same split), else to the first space; the kernel forms
        /// "\SystemRoot\..." and "system32\..." (drivers) rooted at %SystemRoot%. Null for an empty value.
        /// </summary>
        public static string? ImageFile(string? imagePath, Func<string, string?>? variables = null)
        {
            if (imagePath == null)
            {
                return null;
            }

            string text = Expand(imagePath, variables).Trim();
            if (text.Length == 0)
            {
                return null;
            }

            string image;
            if (text[0] == '"')
            {
                int close = text.IndexOf('"', 1);
                image = close < 0 ? text.Substring(1) : text.Substring(1, close - 1);
            }
            else
            {
                int exe = IndexOfExeEnd(text);
                if (exe > 0)
                {
                    image = text.Substring(0, exe);
                }
                else
                {
                    int space = text.IndexOf(' ');
                    image = space < 0 ? text : text.Substring(0, space);
                }
            }

            image = image.Trim();
            if (image.Length == 0)
            {
                return null;
            }

            if (image.StartsWith(@"\SystemRoot\", StringComparison.OrdinalIgnoreCase))
            {
                string? root = variables?.Invoke("SystemRoot");
                image = (root ?? "%SystemRoot%").TrimEnd('\\') + image.Substring(@"\SystemRoot".Length);
            }
            else if (image.StartsWith(@"system32\", StringComparison.OrdinalIgnoreCase))
            {
                // A path without a root is relative to the system root (drivers' ImagePath form).
                string? root = variables?.Invoke("SystemRoot");
                image = (root ?? "%SystemRoot%").TrimEnd('\\') + "\\" + image;
            }

            return image;
        }

        /// <summary>Expands %NAME% as ExpandEnvironmentStrings does: unknown names and a lone '%' stay as written.</summary>
        public static string Expand(string text, Func<string, string?>? variables)
        {
            if (variables == null || text.IndexOf('%') < 0)
            {
                return text;
            }

            var result = new StringBuilder(text.Length);
            int i = 0;
            while (i < text.Length)
            {
                int open = text.IndexOf('%', i);
                int close = open < 0 ? -1 : text.IndexOf('%', open + 1);
                if (open < 0 || close < 0)
                {
                    result.Append(text, i, text.Length - i);
                    break;
                }

                result.Append(text, i, open - i);
                string name = text.Substring(open + 1, close - open - 1);
                string? value = name.Length == 0 ? null : variables(name);
                if (value == null)
                {
                    // Keep the first '%' and look again from the second: it may open the next name.
                    result.Append('%').Append(name);
                    i = close;
                    continue;
                }

                result.Append(value);
                i = close + 1;
            }

            return result.ToString();
        }

        private static int IndexOfExeEnd(string text)
        {
            int from = 0;
            while (true)
            {
                int at = text.IndexOf(".exe", from, StringComparison.OrdinalIgnoreCase);
                if (at < 0)
                {
                    return -1;
                }

                int end = at + 4;
                if (end == text.Length || char.IsWhiteSpace(text[end]))
                {
                    return end;
                }

                from = end;
            }
        }
    }
}
