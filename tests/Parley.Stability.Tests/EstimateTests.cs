using Parley.Stability.Analysis;
using Parley.Stability.Engine;

namespace Parley.Stability.Tests;

/// <summary>
/// <see cref="StabilityAnalyzer.Estimate"/>: counts, not timings. The simultaneous search is measured on an evenly
/// spread sample of states, the estimate is deterministic, it grows with the states, and making it leaves the
/// analysis's verdicts unchanged (the search structures it builds are the ones the analysis reuses).
/// </summary>
public class EstimateTests
{
    [Fact]
    public void Without_SIM_nothing_is_sampled()
    {
        var graph = ConflictGraph.Build(RandomConflicts.Create(5, 3));
        var estimate = new StabilityAnalyzer(graph).Estimate([SolutionConcept.Nash, SolutionConcept.Gmr, SolutionConcept.Seq]);
        Assert.Equal(0, estimate.SampledStates);
        Assert.Equal(0, estimate.SimultaneousWork);
        Assert.True(estimate.PropagationWork > 0);
        Assert.True(estimate.Bytes > 0);
    }

    [Theory]
    [InlineData(21, 2)]
    [InlineData(22, 3)]
    [InlineData(23, 4)]
    public void The_estimate_is_deterministic_and_leaves_the_verdicts_unchanged(int seed, int decisionMakers)
    {
        var conflict = RandomConflicts.Create(seed, decisionMakers, maxOptionsPerDm: 4);
        var graph = ConflictGraph.Build(conflict);
        var analyzer = new StabilityAnalyzer(graph);
        var first = analyzer.Estimate();
        var second = new StabilityAnalyzer(graph).Estimate();
        Assert.Equal(first, second);
        Assert.Equal(Math.Min(graph.StateCount, StabilityCost.Sample), first.SampledStates);
        var afterEstimate = analyzer.AnalyzeAll();
        var fresh = new StabilityAnalyzer(ConflictGraph.Build(conflict)).AnalyzeAll();
        foreach (var concept in SolutionConcepts.All)
            for (var dm = 0; dm < decisionMakers; dm++)
                Assert.Equal(fresh.StableStates(concept, dm).Members(), afterEstimate.StableStates(concept, dm).Members());
    }

    [Fact]
    public void More_states_cost_more()
    {
        var small = new StabilityAnalyzer(ConflictGraph.Build(SyntheticLike(8))).Estimate();
        var large = new StabilityAnalyzer(ConflictGraph.Build(SyntheticLike(14))).Estimate();
        Assert.True(large.States > small.States);
        Assert.True(large.Seconds > small.Seconds);
        Assert.True(large.Bytes > small.Bytes);
        Assert.True(large.SimultaneousWork > small.SimultaneousWork);
    }

    [Fact]
    public void Fewer_threads_estimate_more_wall_time()
    {
        var conflict = SyntheticLike(12);
        var all = new StabilityAnalyzer(ConflictGraph.Build(conflict)).Estimate();
        var one = new StabilityAnalyzer(ConflictGraph.Build(conflict, new StabilityOptions { MaxDegreeOfParallelism = 1 })).Estimate();
        Assert.Equal(all.SimultaneousWork, one.SimultaneousWork);
        Assert.Equal(all.Seconds * Environment.ProcessorCount, one.Seconds, 6);
    }

    /// <summary>Two decision makers with half the options each, every state feasible, a few prioritised statements.</summary>
    private static Model.Conflict SyntheticLike(int options)
    {
        var opts = Enumerable.Range(0, options).Select(k => new Model.ConflictOption($"o{k}", Model.OptionDirection.Both)).ToArray();
        Model.DecisionMaker Dm(int d) => new($"DM{d}", Enumerable.Range(0, options).Where(k => k % 2 == d).ToArray(),
            new Model.PrioritizedPreference(Enumerable.Range(0, 5).Select(i => (Model.StateCondition)new Model.OptionPattern(1UL << ((i * 3 + d) % options), 1UL << ((i * 5 + 1 + d) % options))).ToArray()));
        return new Model.Conflict($"like-{options}", opts, [Dm(0), Dm(1)], []);
    }
}
