using System.Text.Json;
using Parley.Forecast.Eum;
using Parley.Forecast.Import;

namespace Parley.Forecast.Tests;

/// <summary>
/// The Scholz-code form of the EUM (<see cref="EumVariant.ScholzCode"/>) against the output of the public Python
/// reconstruction it follows (TestData/bdm/README.md says how the oracle files were made) and a hand-worked case.
/// </summary>
public class EumScholzCodeTests
{
    [Fact]
    public void Probabilities_divide_by_the_votes_over_all_pairs()
    {
        // x = 0, 1, 2 (R = 2), c = s = r = 1. Voter k's weighted distances: 0 → [0, .5, 1], 1 → [.5, 0, .5],
        // 2 → [1, .5, 0]; |vote| summed over ordered pairs: 4 + 2 + 4 = 10.
        // P_01 = (voter 0's .5)/10; P_10 = (voter 1's .5 + voter 2's .5)/10; P_02 = (voter 0's 1)/10 (voter 1 is indifferent).
        var p = new double[9];
        EumEngine.ScholzCodeProbabilities([0, 1, 2], [1, 1, 1], [1, 1, 1], 2, [1, 1, 1], p,
            new ParallelOptions { MaxDegreeOfParallelism = 1 });
        Assert.Equal(0.05, p[0 * 3 + 1], 12);
        Assert.Equal(0.10, p[1 * 3 + 0], 12);
        Assert.Equal(0.10, p[0 * 3 + 2], 12);
        Assert.Equal(0.0, p[1 * 3 + 1]);
        // Risk exponent 2 for voter 0 only: its distances become [0, .25, 1], the sum over pairs 2·(.25 + 1 + .75) = 4.
        EumEngine.ScholzCodeProbabilities([0, 1, 2], [1, 1, 1], [1, 1, 1], 2, [2, 1, 1], p,
            new ParallelOptions { MaxDegreeOfParallelism = 1 });
        Assert.Equal(0.25 / 10, p[0 * 3 + 1], 12);
    }

    [Theory]
    [InlineData("EU_emissions_BDM1994_ExampleActors", 12)]
    [InlineData("Sultan", 0)] // nobody moves in the reconstruction either
    public void Rounds_match_the_python_reconstruction(string name, int minRounds)
    {
        var model = BdmCsvReader.ReadFile(TestFiles.Path("bdm", name + ".csv"));
        using var oracle = JsonDocument.Parse(File.ReadAllText(TestFiles.Path("bdm", name + ".scholz-code-oracle.json")));
        var names = oracle.RootElement.GetProperty("actors").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal(names, model.Actors.Select(a => a.Name));
        var expected = oracle.RootElement.GetProperty("rounds").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();

        var result = new EumEngine(new EumOptions { Variant = EumVariant.ScholzCode, MaxRounds = expected.Count - 1 }).Run(model);
        Assert.True(result.RoundCount >= minRounds, $"ran {result.RoundCount} rounds");
        for (var t = 0; t < result.Rounds.Count; t++)
            for (var i = 0; i < model.ActorCount; i++)
                Assert.True(Math.Abs(expected[t][i] - result.Rounds[t][i, 0]) < 1e-9,
                    $"round {t}, {names[i]}: python {expected[t][i]}, parley {result.Rounds[t][i, 0]}");
        // When Parley stopped early it was because positions stopped moving: the reconstruction's later rounds agree.
        for (var t = result.Rounds.Count; t < expected.Count; t++)
            for (var i = 0; i < model.ActorCount; i++)
                Assert.True(Math.Abs(expected[t][i] - result.Rounds[^1][i, 0]) < 1e-9, $"round {t}, {names[i]} after Parley stopped");
    }

    [Fact]
    public void The_published_form_stays_the_default()
    {
        Assert.Equal(EumVariant.Published, new EumOptions().Variant);
        var model = BdmCsvReader.ReadFile(TestFiles.Path("bdm", "EU_emissions_BDM1994_ExampleActors.csv"));
        var published = new EumEngine().Run(model);
        var code = new EumEngine(new EumOptions { Variant = EumVariant.ScholzCode }).Run(model);
        Assert.NotEqual(published.Rounds[1], code.Rounds[1]);
    }
}
