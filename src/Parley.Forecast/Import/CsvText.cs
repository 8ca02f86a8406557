using System.Globalization;

namespace Parley.Forecast.Import;

/// <summary>Minimal CSV reading shared by the importers: any line ending (CR, LF, CRLF), double-quoted fields, trimmed cells.</summary>
internal static class CsvText
{
    public static IReadOnlyList<(int Line, string[] Cells)> Rows(string text)
    {
        var rows = new List<(int, string[])>();
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (i == 0 && line.Length > 0 && line[0] == '\uFEFF') line = line[1..];
            if (string.IsNullOrWhiteSpace(line)) continue;
            rows.Add((i + 1, Split(line)));
        }
        return rows;
    }

    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else current.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { cells.Add(current.ToString().Trim()); current.Clear(); }
            else current.Append(ch);
        }
        cells.Add(current.ToString().Trim());
        return cells.ToArray();
    }

    /// <summary>Cells without the empty ones a trailing comma leaves behind.</summary>
    public static string[] TrimTrailingEmpty(string[] cells)
    {
        var end = cells.Length;
        while (end > 0 && cells[end - 1].Length == 0) end--;
        return cells[..end];
    }

    public static double Number(string cell, string what, string source, int line, int column)
    {
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new ForecastInputException($"{what} must be a number, got '{cell}'", source, line, column);
        return v;
    }
}
