using Xunit;
using System.Numerics;
using Parley.Core.Evaluation;

namespace Parley.Bargaining.Tests;

/// <summary>
/// <see cref="ZoneExplorer.UnrankAll"/>, the batched unranking behind <c>zone --sample</c>: the same packages as one
/// <see cref="ZoneExplorer.Unrank"/> per rank, and each prefix counted once for all the ranks under it (so the
/// number of zone counts does not grow with the number of samples). Counts, not timings.
/// </summary>
public class ZoneSamplingCostTests
{
    // 8 to 9 issues of 3 to 4 options: more packages than the walk limit (2^14), so the counting descent runs.
    private static readonly Scenarios.Shape Large = new(2, 8, 9, 3, 4, 1, 0, 0.05);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Batched_unranking_gives_what_one_unrank_per_rank_gives(int seed)
    {
        var problem = new BargainingProblem(new UtilityModel(Scenarios.Random(seed, Large)));
        var zone = ZopaCounter.Count(problem);
        Assert.True(zone.IsExact);
        if (zone.Exact.IsZero) return;
        var random = new Random(seed);
        var ranks = Enumerable.Range(0, 300).Select(_ => new BigInteger(random.NextInt64((long)zone.Exact))).ToList();
        ranks.Add(BigInteger.Zero);
        ranks.Add(zone.Exact - 1);
        ranks.Add(ranks[5]); // a repeated rank: sampling is with replacement
        var batched = ZoneExplorer.UnrankAll(problem, ranks);
        for (var i = 0; i < ranks.Count; i++) Assert.Equal(ZoneExplorer.Unrank(problem, ranks[i]), batched[i]);
    }

    [Fact]
    public void Samples_are_the_same_as_before_and_prefixes_are_counted_once()
    {
        var problem = new BargainingProblem(new UtilityModel(Scenarios.Random(4, Large)));
        var zone = ZopaCounter.Count(problem);
        Assert.True(zone.Exact > 1000);
        var few = ZoneExplorer.Sample(problem, 50, seed: 7);
        var fewCounts = ZoneExplorer.CountsMade;
        var many = ZoneExplorer.Sample(problem, 5000, seed: 7);
        var manyCounts = ZoneExplorer.CountsMade;
        // The first 50 draws of a seed are the same whatever the sample size.
        Assert.Equal(few, many.Take(50));
        // Per-sample unranking made one count per option tried per counted issue for every sample (5000 × that);
        // the batched descent counts each prefix once: at most the number of prefixes above the walk limit.
        var options = problem.OptionCounts;
        long prefixes = 0, product = 1;
        for (var i = 0; i < options.Length; i++)
        {
            double rest = 1;
            for (var j = i; j < options.Length; j++) rest *= options[j];
            if (rest <= 1 << 14) break;
            product *= options[i];
            prefixes += product;
        }
        Assert.InRange(manyCounts, fewCounts, prefixes);
        Assert.True(manyCounts < 5000, $"{manyCounts} counts for 5000 samples");
    }
}
