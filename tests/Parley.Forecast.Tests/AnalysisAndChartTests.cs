using Parley.Forecast.Analysis;
using Parley.Forecast.Charts;
using Parley.Forecast.Eum;
using Parley.Forecast.Import;
using Parley.Forecast.Smp;

namespace Parley.Forecast.Tests;

public class AnalysisAndChartTests
{
    [Fact]
    public void Influence_credits_the_proposer_with_the_distance_moved()
    {
        // The hand-computed example: in round 1 A moves 50/3 because of B and C moves 37.5 because of B.
        var model = TestFiles.OneDimension(("A", 2, 0, 0.5), ("B", 1, 50, 1), ("C", 1, 100, 0.5));
        var result = new EumEngine(new EumOptions { RiskAttitudes = false, MaxRounds = 1 }).Run(model);
        Assert.Equal(50.0 / 3 / 100, result.Influence[1, 0], 9);
        Assert.Equal(37.5 / 100, result.Influence[1, 2], 9);
        Assert.Equal(0, result.Influence[0, 1]);
        Assert.Equal(("B", "C"), PivotalActors.TopInfluences(result)[0] is var top ? (top.Mover, top.Moved) : default);
    }

    [Fact]
    public void Removing_an_actor_changes_the_forecast_by_the_difference_of_two_runs()
    {
        var model = TestFiles.OneDimension(("A", 2, 0, 0.5), ("B", 1, 50, 1), ("C", 1, 100, 0.5), ("D", 3, 90, 0.9));
        ForecastResult Run(SpatialModel m) => new EumEngine(new EumOptions { MaxRounds = 20 }).Run(m);
        var effects = PivotalActors.Analyse(model, Run);
        Assert.Equal(8, effects.Count);
        var withoutD = effects.Single(e => e.Actor == "D" && e.Change == "removed");
        var expected = Run(model.WithoutActor(3)).Forecasts[0].Forecast - Run(model).Forecasts[0].Forecast;
        Assert.Equal(expected, withoutD.ForecastShift[0], 12);
        Assert.True(effects.Zip(effects.Skip(1)).All(p => p.First.MaxRelativeShift >= p.Second.MaxRelativeShift));
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".svg")]
    public void Charts_are_written_as_png_and_svg(string ext)
    {
        var model = KtabCsvReader.ReadFile(TestFiles.Path("ktab", "SOE-Pol-Comp.csv"));
        var result = new SmpEngine(new SmpOptions { MaxTurns = 10 }).Run(model);
        var path = Path.Combine(Path.GetTempPath(), $"parley-forecast-{Guid.NewGuid():N}{ext}");
        try
        {
            TrajectoryChart.Save(result, path);
            var bytes = File.ReadAllBytes(path);
            if (ext == ".png") Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            else Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(bytes));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Chart_rejects_unknown_extensions()
    {
        var result = new EumEngine().Run(TestFiles.OneDimension(("A", 1, 10, 0.5)));
        Assert.Throws<ForecastInputException>(() => TrajectoryChart.Save(result, "out.gif"));
    }
}
