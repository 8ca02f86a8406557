using Parley.Core.Evaluation;
using Parley.Core.Model;
using Parley.Robustness;
using ScottPlot;

namespace Parley.Report;

/// <summary>A required party's utility range for a proposal: a point when complete, a box over the completions when partial.</summary>
public sealed record ProposalPoint(string Id, double MinX, double MaxX, double MinY, double MaxY);

/// <summary>The mediator's charts, drawn with ScottPlot and saved as PNG or SVG (by the file's extension).</summary>
public static class Charts
{
    public const int Width = 900;
    public const int Height = 560;

    public static void Save(Plot plot, string path, int width = Width, int height = Height)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".png":
                plot.SavePng(path, width, height);
                break;
            case ".svg":
                // Skia's SVG canvas cannot express dash effects and prints a warning to stdout for each one,
                // which would corrupt machine-readable output: SVG charts draw those lines solid.
                foreach (var line in plot.GetPlottables().OfType<IHasLine>()) line.LinePattern = LinePattern.Solid;
                plot.SaveSvg(path, width, height);
                break;
            default:
                throw new ArgumentException($"a chart file must end in .png or .svg, got '{Path.GetFileName(path)}'");
        }
    }

    /// <summary>
    /// The two required parties' utility space: Pareto frontier of the complete packages, each party's
    /// reservation value as a line (the zone of agreement is the upper-right corner they cut off), the best
    /// packages and the proposals.
    /// </summary>
    public static Plot UtilitySpace(string xParty, string yParty, double xReservation, double yReservation,
        IReadOnlyList<(double X, double Y)> frontier, IReadOnlyList<(double X, double Y)> best, IReadOnlyList<ProposalPoint> proposals)
    {
        var plot = new Plot();
        var ordered = frontier.OrderBy(p => p.X).ToList();
        if (ordered.Count > 0)
        {
            var line = plot.Add.Scatter(ordered.Select(p => p.X).ToArray(), ordered.Select(p => p.Y).ToArray());
            line.LegendText = "Pareto frontier (complete packages)";
            line.MarkerSize = 4;
            line.LineWidth = 1;
            line.Color = Colors.SteelBlue;
        }
        var vertical = plot.Add.VerticalLine(xReservation);
        vertical.LinePattern = LinePattern.Dashed;
        vertical.Color = Colors.DarkRed;
        vertical.LegendText = $"{xParty} reservation value";
        var horizontal = plot.Add.HorizontalLine(yReservation);
        horizontal.LinePattern = LinePattern.Dashed;
        horizontal.Color = Colors.DarkGreen;
        horizontal.LegendText = $"{yParty} reservation value";
        foreach (var p in proposals)
        {
            if (p.MaxX - p.MinX < 1e-9 && p.MaxY - p.MinY < 1e-9)
            {
                var marker = plot.Add.Marker(p.MinX, p.MinY);
                marker.Color = Colors.DarkOrange;
                marker.Size = 8;
            }
            else
            {
                var box = plot.Add.Rectangle(p.MinX, p.MaxX, p.MinY, p.MaxY);
                // Partial proposals span their completions: an outline only, so many overlapping boxes stay readable.
                box.FillStyle.Color = Colors.Transparent;
                box.LineStyle.Color = Colors.DarkOrange.WithAlpha(0.35);
                var centre = plot.Add.Marker((p.MinX + p.MaxX) / 2, (p.MinY + p.MaxY) / 2);
                centre.Color = Colors.DarkOrange;
                centre.Shape = MarkerShape.OpenCircle;
                centre.Size = 7;
            }
            var label = plot.Add.Text(p.Id, (p.MinX + p.MaxX) / 2, (p.MinY + p.MaxY) / 2);
            label.LabelFontSize = 10;
            label.LabelFontColor = Colors.SaddleBrown;
        }
        if (best.Count > 0)
        {
            var stars = plot.Add.Scatter(best.Select(b => b.X).ToArray(), best.Select(b => b.Y).ToArray());
            stars.LineWidth = 0;
            stars.MarkerShape = MarkerShape.FilledDiamond;
            stars.MarkerSize = 11;
            stars.Color = Colors.Crimson;
            stars.LegendText = "best packages by Nash product";
        }
        plot.Title($"Utility space of the required parties ({xParty} × {yParty})");
        plot.XLabel($"{xParty} utility");
        plot.YLabel($"{yParty} utility");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    /// <summary>
    /// Classic tornado of the room for agreement: the Nash product of the Nash solution with one estimate at
    /// the low (red) and high (blue) end of its range, around the base value; labels give the verdicts
    /// that flip at each end. Ordered as ranked by <see cref="SensitivityAnalysis.Tornado"/>.
    /// </summary>
    public static Plot Tornado(IReadOnlyList<TornadoBar> bars, int count = 15)
    {
        var shown = bars.Take(count).ToList();
        var plot = new Plot();
        var list = new List<Bar>();
        var positions = new List<double>();
        var labels = new List<string>();
        var baseValue = shown.Count > 0 ? shown[0].BaseNashProduct : 0;
        for (var i = 0; i < shown.Count; i++)
        {
            var position = shown.Count - i;
            var b = shown[i];
            list.Add(new Bar { Position = position, ValueBase = baseValue, Value = b.NashProductAtLow, FillColor = Colors.IndianRed, Orientation = Orientation.Horizontal, Size = 0.7 });
            list.Add(new Bar { Position = position, ValueBase = baseValue, Value = b.NashProductAtHigh, FillColor = Colors.SteelBlue, Orientation = Orientation.Horizontal, Size = 0.7 });
            positions.Add(position);
            labels.Add($"{b.Estimate.Path.Replace("preferences.", "")} [{b.Estimate.Low:0.##}–{b.Estimate.High:0.##}] flips {b.FlipsAtLow}/{b.FlipsAtHigh}");
        }
        if (list.Count > 0) plot.Add.Bars(list);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions.ToArray(), labels.ToArray());
        var centre = plot.Add.VerticalLine(baseValue);
        centre.Color = Colors.Black;
        plot.Title("Tornado: Nash product at each end of the range (low red, high blue)");
        plot.XLabel("Nash product of the Nash solution");
        return plot;
    }

    /// <summary>Size of the zone of agreement (log scale) and the required parties' reservation values over time.</summary>
    public static Plot Timeline(TimelineResult timeline)
    {
        var plot = new Plot();
        var xs = timeline.Points.Select(p => p.Date.FirstDay.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
        var zone = timeline.Points.Select(p => p.ZoneSize is { } z ? Math.Log10(1 + z) : double.NaN).ToArray();
        var bars = plot.Add.Scatter(xs, zone);
        bars.LegendText = "zone of agreement: log10(1 + packages)";
        bars.Color = Colors.SteelBlue;
        bars.LineWidth = 3;
        bars.MarkerSize = 8;
        bars.ConnectStyle = ConnectStyle.StepHorizontal;
        var right = plot.Axes.Right;
        var palette = new[] { Colors.DarkRed, Colors.DarkGreen, Colors.DarkOrange, Colors.Purple };
        var required = timeline.Scenario.Agreement.RequiredParties;
        for (var i = 0; i < required.Count; i++)
        {
            var party = required[i];
            var ys = timeline.Points.Select(p => p.Reservations.TryGetValue(party, out var r) ? r : double.NaN).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.Axes.YAxis = right;
            line.LegendText = $"{party} reservation value (right axis)";
            line.Color = palette[i % palette.Length];
            line.LinePattern = LinePattern.Dashed;
            line.ConnectStyle = ConnectStyle.StepHorizontal;
        }
        // ISO dates: the invariant culture would print US month/day/year.
        var dateAxis = plot.Axes.DateTimeTicksBottom();
        if (dateAxis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic automatic)
            automatic.LabelFormatter = d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        plot.Axes.SetLimitsY(0, Math.Max(1, zone.Where(double.IsFinite).DefaultIfEmpty(1).Max() * 1.15));
        plot.Axes.SetLimitsY(0, 1, right);
        plot.YLabel("log10(1 + packages in the zone)");
        right.Label.Text = "reservation value";
        plot.Title($"How the zone of agreement changed ({timeline.Points.First().Date} – {timeline.Points.Last().Date})");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Utility ranges of the proposals for two parties.</summary>
    public static IReadOnlyList<ProposalPoint> ProposalPoints(UtilityModel model, int xParty, int yParty) =>
        model.Scenario.Proposals.Select(p =>
        {
            var package = Package.FromTerms(model.Scenario, p.Terms);
            var (minX, maxX) = model.Parties[xParty].UtilityBounds(package.Choices);
            var (minY, maxY) = model.Parties[yParty].UtilityBounds(package.Choices);
            return new ProposalPoint(p.Id, minX, maxX, minY, maxY);
        }).ToList();
}
