using System.Globalization;
using System.Net;
using System.Text;

namespace Parley.Report;

/// <summary>A tiny HTML writer: every text goes through <see cref="E"/>, so scenario content can never inject markup.</summary>
internal sealed class Html
{
    private readonly StringBuilder _b = new();

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
    public static string N(double value, int decimals = 3) =>
        double.IsNaN(value) ? "–" : value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    public static string Pct(double value) => double.IsNaN(value) ? "–" : (100 * value).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public Html Raw(string html)
    {
        _b.Append(html);
        return this;
    }

    public Html Text(string? text) => Raw(E(text));
    public Html Tag(string tag, string? text, string? cls = null) => Raw($"<{tag}{Class(cls)}>{E(text)}</{tag}>\n");
    public Html Open(string tag, string? cls = null, string? id = null) => Raw($"<{tag}{Class(cls)}{(id is null ? "" : $" id=\"{E(id)}\"")}>\n");
    public Html Close(string tag) => Raw($"</{tag}>\n");

    public Html Table(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rowsOfHtml, string? cls = null)
    {
        Raw($"<table{Class(cls)}><thead><tr>");
        foreach (var h in headers) Raw($"<th>{E(h)}</th>");
        Raw("</tr></thead><tbody>\n");
        foreach (var row in rowsOfHtml)
        {
            Raw("<tr>");
            foreach (var cell in row) Raw($"<td>{cell}</td>");
            Raw("</tr>\n");
        }
        return Raw("</tbody></table>\n");
    }

    private static string Class(string? cls) => cls is null ? "" : $" class=\"{E(cls)}\"";
    public override string ToString() => _b.ToString();
}
