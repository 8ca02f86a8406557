using System.Text.Json.Serialization;

namespace Parley.Analysis.Tables;

/// <summary>How a cell should stand out; each exporter maps it to its medium (colour, bold, CSS class).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Tone>))]
public enum Tone { Plain, Good, Bad, Mixed, Muted, Strong }

/// <summary>One cell: its text, already worded and formatted (<see cref="Text.Fmt"/>), and its tone.</summary>
public sealed record Cell(string Text, Tone Tone = Tone.Plain)
{
    public static implicit operator Cell(string text) => new(text);
    public static readonly Cell Empty = new("");
}

/// <summary>
/// A column. <paramref name="Identifiers"/>: its cells are names a reader searches for (proposal and issue ids), which
/// must never be broken across lines; a narrow console drops columns of lower <paramref name="Priority"/> first instead.
/// </summary>
public sealed record Column(string Header, bool Numeric = false, bool Identifiers = false, int Priority = 0);

/// <summary>
/// The one table model: what every front end shows as a table is built once from a result (the analysis's
/// <c>…Tables</c> builder) and written by an exporter — console (the CLI), Markdown, HTML (the report and the
/// workbench) — the way BenchmarkDotNet's summary table feeds its exporters.
/// </summary>
/// <param name="Id">A stable name ("proposals", "best-packages"), for anchors and tests.</param>
/// <param name="Notes">Sentences printed under the table: legends, abbreviations, caveats.</param>
public sealed record TableModel(string Id, string Title, IReadOnlyList<Column> Columns, IReadOnlyList<IReadOnlyList<Cell>> Rows, IReadOnlyList<string> Notes)
{
    public TableModel(string id, string title, IReadOnlyList<Column> columns, IReadOnlyList<IReadOnlyList<Cell>> rows)
        : this(id, title, columns, rows, []) { }

    /// <summary>The table without the columns at these indices (the console drops low-priority columns to fit).</summary>
    public TableModel Without(IReadOnlySet<int> columns) => this with
    {
        Columns = Columns.Where((_, i) => !columns.Contains(i)).ToList(),
        Rows = Rows.Select(r => (IReadOnlyList<Cell>)r.Where((_, i) => !columns.Contains(i)).ToList()).ToList(),
    };
}

/// <summary>Builds a table row by row, checking every row has one cell per column.</summary>
public sealed class TableBuilder(string id, string title)
{
    private readonly List<Column> _columns = [];
    private readonly List<IReadOnlyList<Cell>> _rows = [];
    private readonly List<string> _notes = [];

    public TableBuilder Column(string header, bool numeric = false, bool identifiers = false, int priority = 0)
    {
        _columns.Add(new Column(header, numeric, identifiers, priority));
        return this;
    }

    public TableBuilder Row(params IEnumerable<Cell> cells)
    {
        var row = cells.ToList();
        if (row.Count != _columns.Count) throw new ArgumentException($"table '{id}': a row has {row.Count} cells for {_columns.Count} columns");
        _rows.Add(row);
        return this;
    }

    public TableBuilder Note(string note)
    {
        _notes.Add(note);
        return this;
    }

    public TableModel Build() => new(id, title, _columns.ToList(), _rows.ToList(), _notes.ToList());
}
