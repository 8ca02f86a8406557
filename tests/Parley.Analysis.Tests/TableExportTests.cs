using Xunit;
using Parley.Analysis.Tables;

namespace Parley.Analysis.Tests;

public class TableExportTests
{
    private static TableModel Sample() => new TableBuilder("t", "A <title> | with pipes")
        .Column("name", identifiers: true).Column("value", numeric: true)
        .Row("a|b", new Cell("1", Tone.Good))
        .Row(new Cell("<script>", Tone.Strong), "2")
        .Note("a note")
        .Build();

    [Fact]
    public void Markdown_escapes_pipes_aligns_numbers_and_keeps_notes()
    {
        var md = TableExport.Markdown(Sample());
        Assert.Contains("| name | value |", md);
        Assert.Contains("|---|---:|", md);
        Assert.Contains("| a\\|b | 1 |", md);
        Assert.Contains("| **<script>** | 2 |", md);
        Assert.Contains("a note", md);
        Assert.DoesNotContain("**A <title>", TableExport.Markdown(Sample(), withTitle: false));
    }

    [Fact]
    public void Html_encodes_every_text_and_marks_numbers_identifiers_and_tones()
    {
        var html = TableExport.Html(Sample());
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<caption>A &lt;title&gt; | with pipes</caption>", html);
        Assert.Contains("<td class=\"num good\">1</td>", html);
        Assert.Contains("<td class=\"id strong\">&lt;script&gt;</td>", html);
        Assert.Contains("<p class=\"table-note\">a note</p>", html);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused()
    {
        var builder = new TableBuilder("t", "").Column("a").Column("b");
        Assert.Throws<ArgumentException>(() => builder.Row("only one"));
    }

    [Fact]
    public void Without_removes_columns_and_their_cells()
    {
        var t = Sample().Without(new HashSet<int> { 0 });
        Assert.Equal(["value"], t.Columns.Select(c => c.Header));
        Assert.All(t.Rows, r => Assert.Single(r));
    }
}
