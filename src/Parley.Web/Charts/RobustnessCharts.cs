using System.Globalization;
using System.Text;
using Parley.Analysis.Results;

namespace Parley.Web.Charts;

/// <summary>
/// The tornado of a robustness run as inline SVG: one row per estimate (most influential first), a bar from
/// the base Nash product to its value with the estimate at the low end (blue) and at the high end (orange);
/// hovering a row shows the estimate, its range and both ends' effect (Nash product, verdict flips).
/// </summary>
public static class TornadoSvg
{
    public const string LowColour = "#1f77b4", HighColour = "#ff7f0e";

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string N(double v) => v.ToString("0.#####", CultureInfo.InvariantCulture);
    private static string Esc(string s) => System.Net.WebUtility.HtmlEncode(s);

    /// <summary>What one end of the range does, as the hover text says it.</summary>
    public static string Effect(string end, double at, double nash, double baseNash, int flips, int requiredFlips, bool nashChanges) =>
        string.Create(CultureInfo.InvariantCulture,
            $"at {end} {N(at)}: Nash product {N(nash)} ({(nash - baseNash >= 0 ? "+" : "−")}{N(Math.Abs(nash - baseNash))}), {flips} verdict flip(s) ({requiredFlips} of required parties){(nashChanges ? ", the Nash solution changes" : "")}");

    public static string Title(TornadoDto b) =>
        $"{b.Estimate}: estimate {N(b.Value)} [{N(b.Low)}–{N(b.High)}]; " +
        Effect("low", b.Low, b.NashProductAtLow, b.BaseNashProduct, b.FlipsAtLow, b.RequiredFlipsAtLow, b.NashChangesAtLow) + "; " +
        Effect("high", b.High, b.NashProductAtHigh, b.BaseNashProduct, b.FlipsAtHigh, b.RequiredFlipsAtHigh, b.NashChangesAtHigh);

    public static string Render(IReadOnlyList<TornadoDto> tornado, int rows = 15, int width = 900)
    {
        var bars = tornado.Take(rows).ToList();
        const int left = 280, right = 110, top = 40, rowHeight = 22, bottom = 36;
        var height = top + Math.Max(1, bars.Count) * rowHeight + bottom;
        var plotW = width - left - right;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tornado\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Tornado: the estimates the conclusions hang on\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"16\" font-weight=\"bold\">Nash product with one estimate at the low / high end of its range</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"31\" font-size=\"11\"><tspan fill=\"{LowColour}\">■ low end</tspan> <tspan fill=\"{HighColour}\">■ high end</tspan> <tspan fill=\"#555\">right: verdict flips low / high, * the Nash solution changes</tspan></text>");
        if (bars.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{top + 15}\">The scenario has no estimates with a range.</text></svg>");
            return sb.ToString();
        }
        var baseNash = bars[0].BaseNashProduct;
        var lo = bars.Min(b => Math.Min(baseNash, Math.Min(b.NashProductAtLow, b.NashProductAtHigh)));
        var hi = bars.Max(b => Math.Max(baseNash, Math.Max(b.NashProductAtLow, b.NashProductAtHigh)));
        if (hi - lo < 1e-12) { lo -= 0.001; hi += 0.001; }
        double X(double v) => left + plotW * (v - lo) / (hi - lo);
        var axisY = top + bars.Count * rowHeight;
        for (var t = 0; t <= 4; t++)
        {
            var v = lo + (hi - lo) * t / 4;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(X(v))}\" x2=\"{F(X(v))}\" y1=\"{top}\" y2=\"{axisY}\" stroke=\"#eee\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(v))}\" y=\"{axisY + 14}\" text-anchor=\"middle\" font-size=\"11\">{N(v)}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW / 2}\" y=\"{height - 6}\" text-anchor=\"middle\" font-size=\"11\">Nash product of the Nash solution (base {N(baseNash)})</text>");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = top + i * rowHeight;
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"bar\" data-estimate=\"{Esc(b.Estimate)}\"><title>{Esc(Title(b))}</title>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"{y}\" width=\"{width}\" height=\"{rowHeight}\" fill=\"transparent\"/>");
            var label = b.Estimate.StartsWith("preferences.", StringComparison.Ordinal) ? b.Estimate["preferences.".Length..] : b.Estimate;
            if (label.Length > 42) label = "…" + label[^41..];
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{y + 15}\" text-anchor=\"end\" font-size=\"11\">{Esc(label)}</text>");
            Bar(sb, X(baseNash), X(b.NashProductAtLow), y + 3, LowColour);
            Bar(sb, X(baseNash), X(b.NashProductAtHigh), y + 11, HighColour);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW + 6}\" y=\"{y + 15}\" font-size=\"11\">{b.FlipsAtLow}{(b.NashChangesAtLow ? "*" : "")} / {b.FlipsAtHigh}{(b.NashChangesAtHigh ? "*" : "")}</text>");
            sb.Append("</g>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(X(baseNash))}\" x2=\"{F(X(baseNash))}\" y1=\"{top - 2}\" y2=\"{axisY}\" stroke=\"#000\"/>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>A bar between two x positions; a zero-length effect still gets a visible tick.</summary>
    private static void Bar(StringBuilder sb, double from, double to, double y, string colour)
    {
        var x = Math.Min(from, to);
        var w = Math.Max(2, Math.Abs(to - from));
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(w)}\" height=\"8\" fill=\"{colour}\"/>");
    }
}

/// <summary>
/// A timeline as inline SVG: the size of the zone of agreement per date on a log scale (left axis; an empty
/// zone sits on the bottom line) and the required parties' reservation values (right axis, dashed). Hovering
/// a date shows the date, its snapshot and every value.
/// </summary>
public static class TimelineSvg
{
    private static readonly string[] Palette = ["#d62728", "#1f77b4", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string Esc(string s) => System.Net.WebUtility.HtmlEncode(s);

    public static string Title(TimelineResult timeline, TimelinePointDto p) =>
        $"{p.Date}{(p.Label is { Length: > 0 } l ? $" — {l}" : "")}: zone of agreement {(p.ZoneOfAgreement is { } z ? z.ToString("#,0", CultureInfo.InvariantCulture) : "not counted")} packages; " +
        string.Join(", ", timeline.Required.Select(id => p.Reservations.TryGetValue(id, out var r) ? $"{id} reservation {r.ToString("0.###", CultureInfo.InvariantCulture)}" : $"{id} –"));

    public static string Render(TimelineResult timeline, int width = 900, int height = 380)
    {
        const int left = 70, right = 70, top = 40, bottom = 60;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var points = timeline.Points;
        var n = Math.Max(1, points.Count);
        double X(int i) => n == 1 ? left + plotW / 2.0 : left + plotW * i / (double)(n - 1);
        var maxZone = points.Select(p => p.ZoneOfAgreement ?? 0).DefaultIfEmpty(0).Max();
        var decades = Math.Max(1, (int)Math.Ceiling(Math.Log10(Math.Max(1, maxZone)) + 1e-9));
        const double emptyLevel = -0.5; // log10 position of an empty zone, half a decade below one package
        double YZone(long z) => top + plotH * (1 - ((z <= 0 ? emptyLevel : Math.Log10(z)) - emptyLevel) / (decades - emptyLevel));
        double YRes(double r) => top + plotH * (1 - r);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Timeline: zone of agreement and reservation values per date\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"16\" font-weight=\"bold\">Zone of agreement (packages, log scale) and reservation values per date</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"31\" font-size=\"11\"><tspan fill=\"#2ca02c\">● zone of agreement</tspan>");
        for (var k = 0; k < timeline.Required.Count; k++)
            sb.Append(CultureInfo.InvariantCulture, $" <tspan fill=\"{Palette[k % Palette.Length]}\">- - {Esc(timeline.Required[k])} reservation</tspan>");
        sb.Append("</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#999\"/>");
        for (var d = 0; d <= decades; d++)
        {
            var y = YZone((long)Math.Pow(10, d));
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#eee\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\" font-size=\"11\">{(d <= 3 ? Math.Pow(10, d).ToString("0", CultureInfo.InvariantCulture) : $"1e{d}")}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{F(YZone(0) + 4)}\" text-anchor=\"end\" font-size=\"11\">0</text>");
        for (var t = 0; t <= 4; t++)
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW + 6}\" y=\"{F(YRes(t / 4.0) + 4)}\" font-size=\"11\">{F(t / 4.0)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - 14}\" y=\"{top + plotH / 2}\" font-size=\"11\" transform=\"rotate(90 {width - 14} {top + plotH / 2})\" text-anchor=\"middle\">reservation value</text>");
        for (var i = 0; i < points.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i))}\" y=\"{top + plotH + 16}\" text-anchor=\"middle\" font-size=\"11\">{Esc(points[i].Date)}</text>");

        var counted = Enumerable.Range(0, points.Count).Where(i => points[i].ZoneOfAgreement is not null).ToList();
        sb.Append(CultureInfo.InvariantCulture, $"<polyline class=\"zone\" fill=\"none\" stroke=\"#2ca02c\" stroke-width=\"2\" points=\"{string.Join(' ', counted.Select(i => $"{F(X(i))},{F(YZone(points[i].ZoneOfAgreement!.Value))}"))}\"/>");
        for (var k = 0; k < timeline.Required.Count; k++)
        {
            var id = timeline.Required[k];
            var with = Enumerable.Range(0, points.Count).Where(i => points[i].Reservations.ContainsKey(id)).ToList();
            sb.Append(CultureInfo.InvariantCulture, $"<polyline class=\"reservation\" data-party=\"{Esc(id)}\" fill=\"none\" stroke=\"{Palette[k % Palette.Length]}\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\" points=\"{string.Join(' ', with.Select(i => $"{F(X(i))},{F(YRes(points[i].Reservations[id]))}"))}\"/>");
            foreach (var i in with)
                sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(i))}\" cy=\"{F(YRes(points[i].Reservations[id]))}\" r=\"3\" fill=\"{Palette[k % Palette.Length]}\"/>");
        }
        foreach (var i in counted)
        {
            var z = points[i].ZoneOfAgreement!.Value;
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(i))}\" cy=\"{F(YZone(z))}\" r=\"4\" fill=\"{(z == 0 ? "#fff" : "#2ca02c")}\" stroke=\"#2ca02c\"/>");
        }
        // One hover strip per date on top of everything, so the title shows wherever the pointer is over that date.
        var strip = points.Count > 1 ? plotW / (double)(points.Count - 1) : plotW;
        for (var i = 0; i < points.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"date\" data-date=\"{Esc(points[i].Date)}\" x=\"{F(Math.Max(left, X(i) - strip / 2))}\" y=\"{top}\" width=\"{F(Math.Min(strip, plotW))}\" height=\"{plotH}\" fill=\"transparent\"><title>{Esc(Title(timeline, points[i]))}</title></rect>");
        sb.Append("</svg>");
        return sb.ToString();
    }
}
