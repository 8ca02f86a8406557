using System.Text;

namespace Parley.Storage;

/// <summary>
/// A unified-style line diff ("-" removed, "+" added, " " context), enough to see what a save changed.
/// The common head and tail are stripped first, so a small edit of a long file costs little; the middle
/// uses a longest-common-subsequence table, bounded so a wholesale rewrite degrades to "replace all".
/// </summary>
public static class LineDiff
{
    private const long MaxTableCells = 4_000_000;

    public static string Unified(string oldText, string newText, int context = 2)
    {
        var a = SplitLines(oldText);
        var b = SplitLines(newText);
        var edits = Edits(a, b);
        if (edits.All(e => e.Kind == ' ')) return "";

        var output = new StringBuilder();
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ') { i++; continue; }
            var start = Math.Max(0, i - context);
            var end = i;
            // Extend the hunk while changes are separated by at most 2·context unchanged lines.
            while (end < edits.Count)
            {
                if (edits[end].Kind != ' ') { end++; continue; }
                var run = end;
                while (run < edits.Count && edits[run].Kind == ' ') run++;
                if (run == edits.Count || run - end > 2 * context) { end = Math.Min(edits.Count, end + context); break; }
                end = run;
            }
            output.Append("@@ line ").Append(edits[start].OldLine + 1).Append(" → ").Append(edits[start].NewLine + 1).Append(" @@\n");
            for (var k = start; k < end; k++) output.Append(edits[k].Kind).Append(edits[k].Text).Append('\n');
            i = end;
        }
        return output.ToString();
    }

    private readonly record struct Edit(char Kind, string Text, int OldLine, int NewLine);

    private static string[] SplitLines(string text) =>
        text.Length == 0 ? [] : text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');

    private static List<Edit> Edits(string[] a, string[] b)
    {
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail]) tail++;

        var edits = new List<Edit>(a.Length + b.Length);
        for (var k = 0; k < head; k++) edits.Add(new Edit(' ', a[k], k, k));
        var n = a.Length - head - tail;
        var m = b.Length - head - tail;
        if ((long)(n + 1) * (m + 1) > MaxTableCells)
        {
            for (var k = 0; k < n; k++) edits.Add(new Edit('-', a[head + k], head + k, head));
            for (var k = 0; k < m; k++) edits.Add(new Edit('+', b[head + k], head + n, head + k));
        }
        else
        {
            // lcs[x, y] = length of the longest common subsequence of a[head+x..] and b[head+y..] within the middle.
            var lcs = new int[n + 1, m + 1];
            for (var x = n - 1; x >= 0; x--)
                for (var y = m - 1; y >= 0; y--)
                    lcs[x, y] = a[head + x] == b[head + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            int i = 0, j = 0;
            while (i < n || j < m)
            {
                if (i < n && j < m && a[head + i] == b[head + j]) { edits.Add(new Edit(' ', a[head + i], head + i, head + j)); i++; j++; }
                else if (i < n && (j == m || lcs[i + 1, j] >= lcs[i, j + 1])) { edits.Add(new Edit('-', a[head + i], head + i, head + j)); i++; }
                else { edits.Add(new Edit('+', b[head + j], head + i, head + j)); j++; }
            }
        }
        for (var k = 0; k < tail; k++) edits.Add(new Edit(' ', a[a.Length - tail + k], a.Length - tail + k, b.Length - tail + k));
        return edits;
    }
}
