using System;
using System.Text;

namespace MapiProfileTools.Formatting
{
    /// <summary>
    /// Text for the table views' narrow columns. PowerShell cuts a long value from the right, which leaves
    /// a path's useless beginning ("C:\Program Fi…"); a path or a distinguished name is identified by its
    /// end, so these columns are cut from the left instead. Public only so the format file can call it.
    /// </summary>
    public static class TableText
    {
        private const char Ellipsis = '\u2026';

        /// <summary>
        /// <paramref name="value"/> as text of at most <paramref name="width"/> characters: whole when it fits,
        /// else an ellipsis and as much of its end as fits (a path keeps its file name).
        /// </summary>
        public static string FromLeft(object? value, int width)
        {
            string text = value?.ToString() ?? string.Empty;
            return text.Length <= width || width < 2 ? text : Ellipsis + text.Substring(text.Length - (width - 1));
        }

        /// <summary>
        /// <paramref name="value"/> broken into lines of at most <paramref name="width"/> characters between
        /// words, for a wrapped column: PowerShell's own wrapping cuts words in two.
        /// </summary>
        public static string Wrap(object? value, int width)
        {
            string text = value?.ToString() ?? string.Empty;
            if (text.Length <= width || width < 1)
            {
                return text;
            }

            var lines = new StringBuilder(text.Length + 16);
            int lineLength = 0;
            foreach (string word in text.Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string rest = word;
                while (rest.Length > 0)
                {
                    int room = lineLength == 0 ? width : width - lineLength - 1;
                    if (rest.Length <= room)
                    {
                        lines.Append(lineLength == 0 ? string.Empty : " ").Append(rest);
                        lineLength += (lineLength == 0 ? 0 : 1) + rest.Length;
                        rest = string.Empty;
                    }
                    else if (lineLength > 0)
                    {
                        lines.Append('\n');
                        lineLength = 0;
                    }
                    else
                    {
                        // A word longer than the column is split; nothing else can be done with it.
                        lines.Append(rest, 0, width).Append('\n');
                        rest = rest.Substring(width);
                    }
                }
            }

            return lines.ToString();
        }
    }
}
