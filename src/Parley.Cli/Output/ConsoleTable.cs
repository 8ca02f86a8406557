using Parley.Analysis.Tables;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Parley.Cli.Output;

/// <summary>
/// The console exporter of <see cref="TableModel"/>. Identifier columns never wrap (a proposal or issue id broken
/// across lines cannot be searched for or copied); when the table would not fit the console's width at its columns'
/// narrowest, the columns of lowest priority are left out and a note names them.
/// </summary>
public static class ConsoleTable
{
    /// <summary>Spectre's table: a border and one space of padding each side of every column.</summary>
    private const int ColumnOverhead = 3;

    public static void Write(IAnsiConsole console, TableModel model)
    {
        var (fitted, dropped) = Fit(model, console.Profile.Width);
        var widths = Widths(fitted, console.Profile.Width);
        var table = new Table();
        if (fitted.Title.Length > 0) table.Title(Markup.Escape(fitted.Title));
        for (var i = 0; i < fitted.Columns.Count; i++)
        {
            var c = fitted.Columns[i];
            var column = new TableColumn(Markup.Escape(c.Header));
            if (c.Numeric) column.RightAligned();
            if (c.Identifiers) column.NoWrap();
            // Explicit widths, never below a column's longest word: left to itself Spectre squeezes columns
            // proportionally and breaks words ("alignment→non-ali / gned") even when whole words would fit.
            if (widths is not null) column.Width(widths[i]);
            table.AddColumn(column);
        }
        foreach (var row in fitted.Rows) table.AddRow(row.Select(Render).ToArray());
        console.Write(table);
        foreach (var note in fitted.Notes) console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        if (dropped.Count > 0)
            console.MarkupLine($"[grey]Not shown at {console.Profile.Width} columns: {Markup.Escape(string.Join(", ", dropped))} (widen the terminal, or use --format markdown or json).[/]");
    }

    private static string Render(Analysis.Tables.Cell cell)
    {
        var text = Markup.Escape(cell.Text);
        return cell.Tone switch
        {
            Tone.Good => $"[green]{text}[/]",
            Tone.Bad => $"[red]{text}[/]",
            Tone.Mixed => $"[yellow]{text}[/]",
            Tone.Muted => $"[grey]{text}[/]",
            Tone.Strong when text.Length > 0 => $"[bold]{text}[/]",
            _ => text,
        };
    }

    /// <summary>The table with low-priority columns left out until its narrowest layout fits <paramref name="width"/>, and the headers left out.</summary>
    public static (TableModel Table, IReadOnlyList<string> Dropped) Fit(TableModel model, int width)
    {
        var dropped = new HashSet<int>();
        while (true)
        {
            var needed = 1 + Enumerable.Range(0, model.Columns.Count).Where(i => !dropped.Contains(i)).Sum(i => MinimumWidth(model, i) + ColumnOverhead);
            if (needed <= width) break;
            var candidate = Enumerable.Range(0, model.Columns.Count)
                .Where(i => !dropped.Contains(i) && model.Columns[i].Priority > 0)
                .OrderByDescending(i => model.Columns[i].Priority).ThenByDescending(i => i)
                .Select(i => (int?)i).FirstOrDefault();
            if (candidate is null) break; // nothing left to drop: Spectre wraps what it can
            dropped.Add(candidate.Value);
        }
        return (dropped.Count == 0 ? model : model.Without(dropped), dropped.Order().Select(i => model.Columns[i].Header).ToList());
    }

    /// <summary>
    /// Column widths that fit <paramref name="width"/>: each column's narrowest (its longest word), the rest of the room
    /// shared out one cell at a time to the column furthest from its natural width. Null when even the narrowest do not fit.
    /// </summary>
    public static int[]? Widths(TableModel model, int width)
    {
        var n = model.Columns.Count;
        if (n == 0) return null;
        var min = Enumerable.Range(0, n).Select(i => MinimumWidth(model, i)).ToArray();
        var max = Enumerable.Range(0, n).Select(i => Math.Max(min[i], NaturalWidth(model, i))).ToArray();
        var room = width - 1 - ColumnOverhead * n;
        if (min.Sum() > room) return null;
        var widths = (int[])min.Clone();
        var extra = Math.Min(room, max.Sum()) - min.Sum();
        while (extra-- > 0)
        {
            var widest = -1;
            for (var i = 0; i < n; i++)
                if (widths[i] < max[i] && (widest < 0 || (double)(max[i] - widths[i]) / max[i] > (double)(max[widest] - widths[widest]) / max[widest])) widest = i;
            if (widest < 0) break;
            widths[widest]++;
        }
        return widths;
    }

    private static int NaturalWidth(TableModel model, int column) =>
        Math.Max(Cells(model.Columns[column].Header), model.Rows.Select(r => Cells(r[column].Text)).DefaultIfEmpty(0).Max());

    /// <summary>The narrowest a column can be: its longest identifier whole, or otherwise its longest word.</summary>
    private static int MinimumWidth(TableModel model, int column)
    {
        var identifiers = model.Columns[column].Identifiers;
        int Width(string text) => identifiers
            ? Cells(text)
            : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Cells).DefaultIfEmpty(0).Max();
        return Math.Max(Width(model.Columns[column].Header), model.Rows.Select(r => Width(r[column].Text)).DefaultIfEmpty(0).Max());
    }

    private static int Cells(string text) => new Segment(text).CellCount();
}
