using Parley.Forecast.Eum;
using Parley.Forecast.Import;

namespace Parley.Forecast.Tests;

/// <summary>
/// The sorted, O(n²) probabilities of success against the voter-by-voter definition (O(n³)), on random
/// cases chosen to hit the edges: ties, everyone at one point, voters exactly at a midpoint (grid
/// positions make midpoints exact), zero weights, positions a hair apart.
/// </summary>
public class EumProbabilitiesTests
{
    private static readonly ParallelOptions Serial = new() { MaxDegreeOfParallelism = 1 };

    private enum Layout { Uniform, Grid, Coarse, OnePoint, Clustered }

    private static (double[] X, double[] W) Case(Random rng, int n, Layout layout, double zeroShare)
    {
        var x = new double[n];
        var w = new double[n];
        var centre = 100 * rng.NextDouble();
        for (var k = 0; k < n; k++)
        {
            x[k] = layout switch
            {
                Layout.Uniform => 100 * rng.NextDouble(),
                Layout.Grid => 0.25 * rng.Next(0, 401),   // exact binary fractions: ties and exact midpoints
                Layout.Coarse => 10 * rng.Next(0, 11),    // many actors on few points
                Layout.OnePoint => centre,
                Layout.Clustered => centre + 1e-7 * rng.NextDouble(),
                _ => throw new ArgumentOutOfRangeException(nameof(layout)),
            };
            w[k] = rng.NextDouble() < zeroShare ? 0 : (10 + 190 * rng.NextDouble()) * rng.NextDouble();
        }
        return (x, w);
    }

    [Fact]
    public void Sorted_probabilities_equal_the_definition_on_hundreds_of_random_cases()
    {
        var rng = new Random(20240611);
        var cases = 0;
        foreach (var n in new[] { 1, 2, 3, 4, 7, 12, 31, 64, 150 })
        {
            foreach (var layout in Enum.GetValues<Layout>())
            {
                foreach (var zeroShare in new[] { 0.0, 0.3, 1.0 })
                {
                    var repeats = n <= 12 ? 8 : n <= 64 ? 3 : 1;
                    for (var r = 0; r < repeats; r++)
                    {
                        var (x, w) = Case(rng, n, layout, zeroShare);
                        var slow = new double[n * n];
                        var fast = new double[n * n];
                        EumProbabilities.Direct(x, w, slow, Serial);
                        EumProbabilities.Sorted(x, w, fast, Serial);
                        for (var i = 0; i < n * n; i++)
                        {
                            if (Math.Abs(slow[i] - fast[i]) <= 1e-9) continue;
                            Assert.Fail($"{layout}, n={n}, zero share {zeroShare}: P[{i / n},{i % n}] = {fast[i]:R}, definition {slow[i]:R} (x = {string.Join(", ", x)}; w = {string.Join(", ", w)})");
                        }
                        cases++;
                    }
                }
            }
        }
        Assert.True(cases >= 300, $"{cases} cases");
    }

    [Fact]
    public void Sorted_probabilities_keep_the_definitions_symmetry_and_ties()
    {
        var rng = new Random(7);
        var (x, w) = Case(rng, 40, Layout.Coarse, 0.2);
        var p = new double[40 * 40];
        EumProbabilities.Sorted(x, w, p, Serial);
        for (var i = 0; i < 40; i++)
            for (var j = 0; j < 40; j++)
            {
                Assert.Equal(1.0, p[i * 40 + j] + p[j * 40 + i], 12);
                if (x[i] == x[j]) Assert.Equal(0.5, p[i * 40 + j]);
            }
    }

    [Theory]
    [InlineData("EU_emissions_BDM1994_ExampleActors.csv", true)]
    [InlineData("EU_emissions_BDM1994_ExampleActors.csv", false)]
    [InlineData("Sultan.csv", true)]
    [InlineData("China1989_ChinaData.csv", true)]
    [InlineData("HondurasNicaragua_HondurasCrisisData.csv", true)]
    public void Whole_runs_with_sorted_probabilities_follow_the_direct_ones(string file, bool risk)
    {
        var model = BdmCsvReader.ReadFile(TestFiles.Path("bdm", file));
        AssertSameRun(model, new EumOptions { RiskAttitudes = risk, MaxRounds = 100 });
    }

    [Theory]
    [InlineData(25, 1, 1)]
    [InlineData(40, 3, 2)]
    [InlineData(90, 2, 3)]
    public void Whole_runs_on_random_models_follow_the_direct_ones(int actors, int dims, int seed) =>
        AssertSameRun(CancellationTests.RandomModel(actors, dims, seed), new EumOptions { MaxRounds = 30 });

    private static void AssertSameRun(SpatialModel model, EumOptions options)
    {
        var fast = new EumEngine(options).Run(model);
        var slow = new EumEngine(options with { DirectProbabilities = true }).Run(model);
        Assert.Equal(slow.RoundCount, fast.RoundCount);
        Assert.Equal(slow.Converged, fast.Converged);
        for (var t = 0; t < slow.Rounds.Count; t++)
            for (var i = 0; i < model.ActorCount; i++)
                for (var d = 0; d < model.DimensionCount; d++)
                    Assert.Equal(slow.Rounds[t][i, d], fast.Rounds[t][i, d], 9);
        for (var d = 0; d < model.DimensionCount; d++)
            Assert.Equal(slow.Forecasts[d].Forecast, fast.Forecasts[d].Forecast, 9);
    }
}
