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
    private readonly Lazy<SourceSentence[]> _sentences;

    public QuoteMatcher(string sourceText)
    {
        _normalisedText = Normalise(sourceText);
        // Built only when a quote is missing: most checks never need it.
        _sentences = new Lazy<SourceSentence[]>(() => SourceSentence.Split(sourceText));
    }

    public bool Contains(string quote)
    {
        var q = Normalise(quote);
        return q.Length > 0 && _normalisedText.Contains(q, StringComparison.Ordinal);
    }

    /// <summary>
    /// The sentence of the source closest to a quote that does not occur in it, so that a typo can be fixed: the one
    /// sharing most of the quote's character trigrams (letters and digits only, case ignored, so a misspelt word costs
    /// only the trigrams around the slip), less a small charge per trigram of its own that the quote lacks (so a long
    /// unpunctuated block does not win by containing everything). Null when no sentence shares at least
    /// <paramref name="minimumShare"/> of the quote's trigrams: then nothing in the source is near enough to name.
    /// A sentence longer than <paramref name="maxLength"/> is cut to the stretch that best matches the quote.
    /// </summary>
    public SourcePassage? Nearest(string quote, int maxLength = 120, double minimumShare = 0.4)
    {
        var wanted = Trigrams(Key(Unwrap(quote)));
        if (wanted.Count == 0) return null;
        SourceSentence? best = null;
        var bestScore = double.NegativeInfinity;
        var bestShared = 0;
        foreach (var sentence in _sentences.Value)
        {
            var shared = 0;
            foreach (var t in wanted)
                if (sentence.Codes.Contains(t)) shared++;
            var score = shared - 0.05 * (sentence.Codes.Count - shared);
            if (score > bestScore)
            {
                (best, bestScore, bestShared) = (sentence, score, shared);
            }
        }
        if (best is null || bestShared < minimumShare * wanted.Count) return null;
        return new SourcePassage(Excerpt(best.Text, wanted, maxLength), best.Line);
    }

    /// <summary>The text cut to the word-aligned window of at most <paramref name="maxLength"/> characters that shares most trigrams with the quote.</summary>
    private static string Excerpt(string text, HashSet<long> wanted, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        var width = maxLength - 2; // room for the ellipses
        var bestStart = 0;
        var bestShared = -1;
        for (var start = 0; start < text.Length; start++)
        {
            if (start > 0 && text[start - 1] != ' ') continue;
            var shared = Trigrams(Key(text.Substring(start, Math.Min(width, text.Length - start)))).Count(wanted.Contains);
            if (shared > bestShared) (bestStart, bestShared) = (start, shared);
            if (start + width >= text.Length) break;
        }
        var end = Math.Min(text.Length, bestStart + width);
        if (end < text.Length && text.LastIndexOf(' ', end - 1, end - bestStart) is var space and > 0 && space > bestStart) end = space;
        return (bestStart > 0 ? "…" : "") + text[bestStart..end].Trim() + (end < text.Length ? "…" : "");
    }

    /// <summary>
    /// Lower-case letters and digits, hyphens and dashes dropped as <see cref="Normalise"/> drops them, every other run
    /// of characters one space.
    /// </summary>
    private static string Key(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append(' ');
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
            else if (c is '-' or '\u2010' or '\u2011' or '\u2013' or '\u2014' or '\u00AD') continue;
            else if (builder[^1] != ' ') builder.Append(' ');
        }
        if (builder[^1] != ' ') builder.Append(' ');
        return builder.ToString();
    }

    private static HashSet<long> Trigrams(string key)
    {
        var set = new HashSet<long>();
        for (var i = 0; i + 2 < key.Length; i++)
            set.Add((long)key[i] << 32 | (long)key[i + 1] << 16 | key[i + 2]);
        set.Remove((long)' ' << 32 | (long)' ' << 16 | ' ');
        return set;
    }

    /// <summary>One sentence of a source: its text as printed (line breaks undone), the line it starts on, and its trigrams.</summary>
    private sealed record SourceSentence(string Text, int Line, HashSet<long> Codes)
    {
        /// <summary>Sentences end at '.', '!' or '?' (and any closing quote marks or brackets) followed by white space.</summary>
        public static SourceSentence[] Split(string text)
        {
            var result = new List<SourceSentence>();
            var line = 1;
            var i = 0;
            while (i < text.Length)
            {
                // Skip to the sentence's first visible character, counting the lines passed.
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                    if (text[i++] == '\n') line++;
                if (i == text.Length) break;
                var start = i;
                var startLine = line;
                var stop = text.Length;
                for (; i < text.Length; i++)
                {
                    if (text[i] == '\n') line++;
                    if (text[i] is not ('.' or '!' or '?')) continue;
                    var j = i + 1;
                    while (j < text.Length && text[j] is '\'' or '"' or '\u2019' or '\u201D' or ')' or ']') j++;
                    if (j < text.Length && !char.IsWhiteSpace(text[j])) continue;
                    stop = j;
                    break;
                }
                i = stop;
                var sentence = Unwrap(text[start..stop]);
                if (sentence.Length > 0) result.Add(new SourceSentence(sentence, startLine, Trigrams(Key(sentence))));
            }
            return [.. result];
        }
    }

    /// <summary>The text as printed, with line breaks (and the hyphens that broke words across them) undone: what an author would quote.</summary>
    private static string Unwrap(string text) => Clean(text, fold: false);

    public static string Normalise(string text) => Clean(text, fold: true);

    /// <summary>
    /// One pass for both forms: line-break hyphens joined and whitespace runs collapsed; with <paramref name="fold"/>,
    /// also every hyphen and dash dropped and typographic quotes made plain, so that a quote matches however it was typed.
    /// </summary>
    private static string Clean(string text, bool fold)
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
            if (fold && c is '-' or '\u2010' or '\u2011' or '\u2013' or '\u2014' or '\u00AD')
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
            builder.Append(!fold ? c : c switch
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

/// <summary>A passage of a source: its text with line breaks and hyphenation undone, and the line it starts on.</summary>
public sealed record SourcePassage(string Text, int Line);
