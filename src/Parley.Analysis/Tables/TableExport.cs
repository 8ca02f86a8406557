using System.Net;
using System.Text;

namespace Parley.Analysis.Tables;

/// <summary>The text exporters of <see cref="TableModel"/>; the console exporter lives with the CLI (Spectre.Console).</summary>
public static class TableExport
{
    /// <summary>A GitHub-flavoured Markdown table with its notes below, and its title as a bold line unless a heading already says it.</summary>
    public static string Markdown(TableModel table, bool withTitle = true)
    {
        var b = new StringBuilder();
        if (withTitle && table.Title.Length > 0) b.Append("**").Append(EscapeMarkdown(table.Title)).AppendLine("**").AppendLine();
        b.Append("| ").AppendJoin(" | ", table.Columns.Select(c => EscapeMarkdown(c.Header))).AppendLine(" |");
        b.Append('|').AppendJoin("|", table.Columns.Select(c => c.Numeric ? "---:" : "---")).AppendLine("|");
        foreach (var row in table.Rows)
            b.Append("| ").AppendJoin(" | ", row.Select(c => c.Tone == Tone.Strong && c.Text.Length > 0 ? $"**{EscapeMarkdown(c.Text)}**" : EscapeMarkdown(c.Text))).AppendLine(" |");
        foreach (var note in table.Notes) b.AppendLine().Append(EscapeMarkdown(note)).AppendLine();
        return b.ToString();
    }

    /// <summary>
    /// An HTML table: <c>&lt;table class="parley" id="…"&gt;</c> with a caption, <c>num</c> on numeric cells, <c>id</c> on
    /// identifier cells (<c>white-space: nowrap</c> in the stylesheet) and the tone as a class (<c>good</c>, <c>bad</c>, …).
    /// Everything is HTML-encoded.
    /// </summary>
    public static string Html(TableModel table)
    {
        var b = new StringBuilder();
        b.Append("<table class=\"parley\" id=\"table-").Append(Encode(table.Id)).Append("\">");
        if (table.Title.Length > 0) b.Append("<caption>").Append(Encode(table.Title)).Append("</caption>");
        b.Append("<thead><tr>");
        foreach (var c in table.Columns) b.Append("<th").Append(Classes(c, Tone.Plain)).Append('>').Append(Encode(c.Header)).Append("</th>");
        b.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            b.Append("<tr>");
            for (var i = 0; i < row.Count; i++) b.Append("<td").Append(Classes(table.Columns[i], row[i].Tone)).Append('>').Append(Encode(row[i].Text)).Append("</td>");
            b.Append("</tr>");
        }
        b.Append("</tbody></table>");
        foreach (var note in table.Notes) b.Append("<p class=\"table-note\">").Append(Encode(note)).Append("</p>");
        return b.ToString();
    }

    /// <summary>The CSS class of a tone, shared by the HTML exporter and the workbench's table component.</summary>
    public static string? ToneClass(Tone tone) => tone switch
    {
        Tone.Good => "good",
        Tone.Bad => "bad",
        Tone.Mixed => "mixed",
        Tone.Muted => "muted",
        Tone.Strong => "strong",
        _ => null,
    };

    private static string Classes(Column column, Tone tone)
    {
        var classes = new[] { column.Numeric ? "num" : null, column.Identifiers ? "id" : null, ToneClass(tone) }.OfType<string>().ToList();
        return classes.Count == 0 ? "" : $" class=\"{string.Join(' ', classes)}\"";
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string EscapeMarkdown(string text) => text.Replace("|", "\\|").Replace("\r", "").Replace("\n", " ");
}
