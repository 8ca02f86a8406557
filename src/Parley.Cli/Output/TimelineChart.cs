using Parley.Core.Model;
using ScottPlot;

namespace Parley.Cli.Output;

/// <summary>
/// <c>parley timeline --chart</c>: the size of the zone of agreement per date (log scale) and the required
/// parties' reservation values, drawn from the analysis layer's timeline result.
/// </summary>
public static class TimelineChart
{
    public static Plot Plot(TimelineResult timeline)
    {
        var plot = new Plot();
        // The result's dates are the scenario's own partial dates, so they always parse.
        var xs = timeline.Points.Select(p => PartialDate.TryParse(p.Date, out _)!.Value.FirstDay.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
        var zone = timeline.Points.Select(p => p.ZoneOfAgreement is { } z ? Math.Log10(1 + z) : double.NaN).ToArray();
        var bars = plot.Add.Scatter(xs, zone);
        bars.LegendText = "zone of agreement: log10(1 + packages)";
        bars.Color = Colors.SteelBlue;
        bars.LineWidth = 3;
        bars.MarkerSize = 8;
        bars.ConnectStyle = ConnectStyle.StepHorizontal;
        var right = plot.Axes.Right;
        var palette = new[] { Colors.DarkRed, Colors.DarkGreen, Colors.DarkOrange, Colors.Purple };
        for (var i = 0; i < timeline.Required.Count; i++)
        {
            var party = timeline.Required[i];
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
}
