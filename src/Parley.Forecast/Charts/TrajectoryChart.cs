using ScottPlot;
using SkiaSharp;

namespace Parley.Forecast.Charts;

/// <summary>Renders each actor's path per round as a line chart (one panel per dimension, stacked) to PNG or SVG.</summary>
public static class TrajectoryChart
{
    public static void Save(ForecastResult result, string path, int width = 1000, int heightPerDimension = 420)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".png" or ".svg"))
            throw new ForecastInputException($"chart file must end in .png or .svg, got '{ext}'", path);
        var dims = result.Model.DimensionCount;
        var plots = new List<Plot>();
        for (var d = 0; d < dims; d++)
        {
            var plot = new Plot();
            plots.Add(plot);
            var dim = result.Model.Dimensions[d];
            var xs = Enumerable.Range(0, result.Rounds.Count).Select(t => (double)t).ToArray();
            for (var a = 0; a < result.Model.ActorCount; a++)
            {
                var line = plot.Add.Scatter(xs, result.Path(a, d));
                line.LegendText = result.Model.ActorCount <= 20 ? result.Model.Actors[a].Name : "";
                line.MarkerSize = result.Rounds.Count <= 30 ? 4 : 0;
            }
            var forecast = plot.Add.HorizontalLine(result.Forecasts[d].Forecast);
            forecast.LinePattern = LinePattern.Dashed;
            forecast.Color = Colors.Black;
            forecast.LegendText = "forecast";
            plot.Title($"{dim.Name} ({result.Engine.ToUpperInvariant()})");
            plot.XLabel("round");
            plot.YLabel($"{dim.MinLabel} … {dim.MaxLabel}".Trim(' ', '…'));
            plot.Axes.SetLimitsY(dim.Min, dim.Max);
            if (result.Model.ActorCount <= 20) plot.ShowLegend(Edge.Right);
        }
        var height = heightPerDimension * dims;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        // Panels are stacked by rendering each plot into its own band of one canvas.
        void Draw(SKCanvas canvas)
        {
            canvas.Clear(SKColors.White);
            for (var d = 0; d < dims; d++)
                plots[d].Render(canvas, new PixelRect(0, width, (d + 1) * heightPerDimension, d * heightPerDimension));
        }
        if (ext == ".png")
        {
            using var surface = SKSurface.Create(new SKImageInfo(width, height));
            Draw(surface.Canvas);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            using var file = File.Create(path);
            data.SaveTo(file);
        }
        else
        {
            using var file = File.Create(path);
            using (var canvas = SKSvgCanvas.Create(SKRect.Create(width, height), file))
            {
                Draw(canvas);
            }
        }
    }
}
