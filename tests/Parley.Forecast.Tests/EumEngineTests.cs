using Parley.Forecast.Eum;
using Parley.Forecast.Import;

namespace Parley.Forecast.Tests;

public class EumEngineTests
{
    [Theory]
    [InlineData("EU_emissions_BDM1994_ExampleActors.csv", true)]
    [InlineData("EU_emissions_BDM1994_ExampleActors.csv", false)]
    [InlineData("Sultan.csv", true)]
    [InlineData("China1989_ChinaData.csv", true)]
    [InlineData("HondurasNicaragua_HondurasCrisisData.csv", true)]
    public void Engine_matches_slow_reference_round_by_round(string file, bool risk)
    {
        var model = BdmCsvReader.ReadFile(TestFiles.Path("bdm", file));
        const int rounds = 6;
        var result = new EumEngine(new EumOptions { RiskAttitudes = risk, MaxRounds = rounds }).Run(model);
        var n = model.ActorCount;
        var c = model.Actors.Select(a => a.Capability.Value).ToArray();
        var s = model.Actors.Select(a => a.Stances[0].Salience.Value).ToArray();
        var reference = new ReferenceEum(c, s, model.Dimensions[0].Range, risk);
        var x = model.Actors.Select(a => a.Stances[0].Position.Value).ToArray();
        for (var t = 1; t < result.Rounds.Count; t++)
        {
            x = reference.Round(x);
            for (var i = 0; i < n; i++) Assert.Equal(x[i], result.Rounds[t][i, 0], 9);
        }
        if (result.Converged)
        {
            // The engine stopped because nobody moved: the reference must agree the state is a fixed point.
            var again = reference.Round(x);
            for (var i = 0; i < n; i++) Assert.Equal(x[i], again[i], 9);
        }
    }

    [Fact]
    public void Median_forecast_is_the_position_winning_every_pairwise_vote()
    {
        var model = BdmCsvReader.ReadFile(TestFiles.Path("bdm", "EU_emissions_BDM1994_ExampleActors.csv"));
        var result = new EumEngine(new EumOptions { MaxRounds = 0 }).Run(model);
        var x = model.Actors.Select(a => a.Stances[0].Position.Value).ToArray();
        var w = model.Actors.Select(a => a.Capability.Value * a.Stances[0].Salience.Value).ToArray();
        // Brute force: the candidate whose total weighted distance to all actors is smallest beats every other.
        var best = x.Distinct().MinBy(m => x.Select((xk, k) => w[k] * Math.Abs(xk - m)).Sum());
        Assert.Equal(best, result.Forecasts[0].WeightedMedian);
        foreach (var other in x.Distinct().Where(o => o != best))
        {
            var votes = x.Select((xk, k) => w[k] * (Math.Abs(xk - other) - Math.Abs(xk - best))).Sum();
            Assert.True(votes >= 0, $"{other} beats the median {best}");
        }
    }

    [Fact]
    public void Positions_stay_within_the_initial_range()
    {
        foreach (var file in Directory.GetFiles(TestFiles.Path("bdm"), "*.csv"))
        {
            var model = BdmCsvReader.ReadFile(file);
            var result = new EumEngine(new EumOptions { MaxRounds = 30 }).Run(model);
            var lo = model.Actors.Min(a => a.Stances[0].Position.Value);
            var hi = model.Actors.Max(a => a.Stances[0].Position.Value);
            foreach (var round in result.Rounds)
                for (var i = 0; i < model.ActorCount; i++)
                    Assert.InRange(round[i, 0], lo - 1e-9, hi + 1e-9);
        }
    }

    [Fact]
    public void Unanimous_and_single_actor_scenarios_do_not_move()
    {
        var unanimous = TestFiles.OneDimension(("A", 1, 40, 0.5), ("B", 3, 40, 0.9), ("C", 2, 40, 0.1));
        var single = TestFiles.OneDimension(("A", 1, 70, 0.5));
        foreach (var model in new[] { unanimous, single })
        {
            var result = new EumEngine().Run(model);
            Assert.True(result.Converged);
            Assert.Equal(0, result.RoundCount);
            Assert.All(Enumerable.Range(0, model.ActorCount), i => Assert.Equal(model.Actors[i].Stances[0].Position.Value, result.FinalPositions[i, 0]));
        }
    }

    [Fact]
    public void Results_do_not_depend_on_thread_count()
    {
        var model = KtabCsvReader.ReadFile(TestFiles.Path("ktab", "dummyData-a080.csv"));
        var one = new EumEngine(new EumOptions { MaxDegreeOfParallelism = 1, MaxRounds = 20 }).Run(model);
        var many = new EumEngine(new EumOptions { MaxDegreeOfParallelism = 8, MaxRounds = 20 }).Run(model);
        Assert.Equal(one.RoundCount, many.RoundCount);
        for (var t = 0; t < one.Rounds.Count; t++)
            Assert.Equal(Flatten(one.Rounds[t]), Flatten(many.Rounds[t]));
    }

    internal static double[] Flatten(double[,] m) => m.Cast<double>().ToArray();
}
