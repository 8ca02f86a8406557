using System.Text;

namespace Parley.Core.Format;

/// <summary>
/// Decides whether a quote occurs in a source text. Print layout breaks words across lines
/// ("negotia-\ntion"), wraps lines anywhere and uses typographic quote marks; all three are normalised
/// on both sides so a quote written as one would type it matches the printed text. Hyphens and dashes are
/// then dropped on both sides, because a line-end hyphen cannot tell a broken word ("pre-liminary") from a
/// hyphenated one ("Russia-NATO"); the letters must still match exactly.
/// </summary>
public sealed class QuoteMatcher
{
    private readonly string _normalisedText;

    public QuoteMatcher(string sourceText) => _normalisedText = Normalise(sourceText);

    public bool Contains(string quote)
    {
        var q = Normalise(quote);
        return q.Length > 0 && _normalisedText.Contains(q, StringComparison.Ordinal);
    }

    public static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // A hyphen at the end of a line joins the two halves of a broken word.
            if (c == '-' && IsLineBreakAhead(text, i + 1, out var next))
            {
                i = next - 1;
                continue;
            }
            if (c is '-' or '\u2010' or '\u2011' or '\u2013' or '\u2014' or '\u00AD')
                continue;
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c switch
            {
                '\u2018' or '\u2019' or '\u201A' or '\u2032' or '`' => '\'',
                '\u201C' or '\u201D' or '\u201E' or '\u2033' => '"',
                _ => c,
            });
        }
        return builder.ToString();
    }

    /// <summary>True when only spaces or tabs and then a line break follow position <paramref name="start"/>; <paramref name="next"/> is the first character after the break's trailing whitespace.</summary>
    private static bool IsLineBreakAhead(string text, int start, out int next)
    {
        var i = start;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        if (i < text.Length && text[i] is '\n' or '\r')
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            next = i;
            return true;
        }
        next = start;
        return false;
    }
}
