using Parley.Core.Evaluation;
using Xunit;

namespace Parley.Bargaining.Tests;

public class ZopaEstimateTests
{
    private static readonly Scenarios.Shape Medium = new(2, 8, 8, 3, 5, 2, 0, 0.05);

    [Fact]
    public void Forced_estimates_are_unbiased_and_their_intervals_cover_the_enumerated_count()
    {
        var covered = 0;
        var relativeErrors = new List<double>();
        const int runs = 20;
        for (var seed = 1; seed <= runs; seed++)
        {
            var model = new UtilityModel(Scenarios.Random(seed, Medium));
            var truth = ExhaustiveAnalysis.Run(model, top: 0).AcceptableCount;
            var estimate = ZopaCounter.Count(new BargainingProblem(model), null, samples: 4000, seed: seed,
                exactHalfLimit: 1, estimateExactPartLimit: 30, CancellationToken.None);
            Assert.False(estimate.IsExact);
            if (truth >= estimate.Low && truth <= estimate.High) covered++;
            if (truth > 0) relativeErrors.Add((estimate.Estimate - truth) / truth);
        }
        // A 95% interval misses about one run in twenty; five misses would be far out of line.
        Assert.True(covered >= runs - 4, $"{covered} of {runs} intervals covered the true count");
        Assert.True(relativeErrors.Count >= runs / 2, "most random zones should be non-empty");
        Assert.InRange(relativeErrors.Average(), -0.05, 0.05);
    }

    [Fact]
    public void Exact_count_agrees_with_enumeration_on_a_million_packages_with_coupling_red_lines()
    {
        var model = new UtilityModel(Scenarios.Random(5, new Scenarios.Shape(3, 8, 8, 5, 6, 3, 1, 0.01)));
        var truth = ExhaustiveAnalysis.Run(model, top: 0).AcceptableCount;
        var count = ZopaCounter.Count(new BargainingProblem(model));
        Assert.InRange(truth, 1, 1_000_000);
        Assert.True(count.IsExact);
        Assert.Equal(truth, (long)count.Exact);
    }
}
