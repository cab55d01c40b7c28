using System;
using System.Collections.Generic;
using System.Text;

namespace MapiProfileTools.HelpWriter;

/// <summary>
/// Renders an about topic as about_Name.help.txt in the classic layout Get-Help prints as is:
/// upper-case section headings at the margin, text indented by 4 and wrapped at 80 columns,
/// code blocks indented a further 4 and never wrapped, tables indented by 4 as written.
/// </summary>
internal static class AboutTopicWriter
{
    private const int Width = 80;
    private const int TextIndent = 4;
    private const int CodeIndent = TextIndent + 4;
    private const int SubheadingIndent = 2;

    public static string Render(AboutTopicDocument topic)
    {
        var text = new StringBuilder();
        WriteSection(text, "TOPIC", new[] { new TextBlock(TextBlockKind.Paragraph, topic.Name) });
        WriteSection(text, "SHORT DESCRIPTION", topic.ShortDescription);
        WriteSection(text, "LONG DESCRIPTION", topic.LongDescription);
        foreach (AboutSection section in topic.Sections)
        {
            WriteSection(text, section.Title.ToUpperInvariant(), section.Blocks);
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static void WriteSection(StringBuilder text, string title, IReadOnlyList<TextBlock> blocks)
    {
        text.Append(title).Append('\n');
        for (int i = 0; i < blocks.Count; i++)
        {
            TextBlock block = blocks[i];

            // Items of one list stay together; every other block is set off by a blank line.
            if (i > 0 && !(block.Kind == TextBlockKind.ListItem && blocks[i - 1].Kind == TextBlockKind.ListItem))
            {
                text.Append('\n');
            }

            switch (block.Kind)
            {
                case TextBlockKind.Heading:
                    text.Append(' ', SubheadingIndent).Append(block.Text).Append('\n');
                    break;
                case TextBlockKind.Code:
                    foreach (string line in block.Text.Split('\n'))
                    {
                        text.Append(line.Length > 0 ? new string(' ', CodeIndent) + line : "").Append('\n');
                    }

                    break;
                case TextBlockKind.Table:
                    foreach (string line in block.Text.Split('\n'))
                    {
                        text.Append(' ', TextIndent).Append(line).Append('\n');
                    }

                    break;
                case TextBlockKind.ListItem:
                    string indent = new(' ', TextIndent + 2 * block.Depth);
                    string marker = block.Marker.Length > 0 ? block.Marker + " " : "  ";
                    Wrap(text, block.Text, indent + marker, indent + new string(' ', marker.Length));
                    break;
                default:
                    string margin = new(' ', TextIndent);
                    Wrap(text, block.Text, margin, margin);
                    break;
            }
        }

        text.Append('\n');
    }

    /// <summary>Greedy word wrap; a hard line break in the markdown starts a new line.</summary>
    private static void Wrap(StringBuilder text, string paragraph, string firstPrefix, string restPrefix)
    {
        string prefix = firstPrefix;
        foreach (string hardLine in paragraph.Split('\n'))
        {
            var line = new StringBuilder(prefix);
            bool lineHasWord = false;
            foreach (string word in hardLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (lineHasWord && line.Length + 1 + word.Length > Width)
                {
                    text.Append(line).Append('\n');
                    line.Clear().Append(restPrefix);
                    lineHasWord = false;
                }

                if (lineHasWord)
                {
                    line.Append(' ');
                }

                line.Append(word);
                lineHasWord = true;
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
            prefix = restPrefix;
        }
    }
}
