using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;

namespace Parley.Stability.Tests;

public class ExplanationTests
{
    [Theory]
    [InlineData(2, 11)]
    [InlineData(3, 12)]
    [InlineData(3, 13)]
    [InlineData(4, 14)]
    public void Explanations_agree_with_the_table_and_every_sanction_is_a_legal_deterring_chain(int dms, int seed)
    {
        for (var round = 0; round < 10; round++)
        {
            var conflict = RandomConflicts.Create(seed * 101 + round, dms, maxOptionsPerDm: dms == 4 ? 2 : 3, misperceptions: round % 3 == 0);
            var graph = ConflictGraph.Build(conflict);
            var table = new StabilityAnalyzer(graph).AnalyzeAll();
            var explainer = new StabilityExplainer(graph);
            foreach (var concept in SolutionConcepts.All)
                for (var dm = 0; dm < dms; dm++)
                    for (var s = 0; s < graph.StateCount; s++)
                    {
                        var explanation = explainer.Explain(concept, dm, s);
                        Assert.Equal(table.IsStable(concept, dm, s), explanation.Stable);
                        foreach (var improvement in explanation.Improvements)
                        {
                            Assert.True(graph.CanMove(dm, s, improvement.Target));
                            Assert.True(graph.Ranks[dm][improvement.Target] > graph.Ranks[dm][s]);
                            if (improvement.Sanction is { } chain) CheckSanction(graph, concept, dm, s, improvement, chain);
                        }
                    }
        }
    }

    private static void CheckSanction(ConflictGraph graph, SolutionConcept concept, int dm, int s, ImprovementVerdict improvement, IReadOnlyList<MoveStep> chain)
    {
        Assert.NotEmpty(chain);
        Assert.DoesNotContain(chain, m => m.Mover == dm);
        if (improvement.Simultaneous)
        {
            var code = graph.Codes[improvement.Target];
            foreach (var move in chain)
            {
                Assert.True(graph.CanMove(move.Mover, s, move.State) && graph.Ranks[move.Mover][move.State] > graph.Ranks[move.Mover][s]);
                code = (code & ~graph.OptionMasks[move.Mover]) | (graph.Codes[move.State] & graph.OptionMasks[move.Mover]);
            }
            Assert.True(graph.Ranks[dm][graph.IndexOf(code)] <= graph.Ranks[dm][s]);
            return;
        }
        var from = improvement.Target;
        var last = -1;
        foreach (var move in chain)
        {
            Assert.NotEqual(last, move.Mover);
            Assert.True(graph.CanMove(move.Mover, from, move.State));
            if (concept is SolutionConcept.Seq or SolutionConcept.SeqSim)
                Assert.True(graph.Ranks[move.Mover][move.State] > graph.Ranks[move.Mover][from]);
            from = move.State;
            last = move.Mover;
        }
        Assert.True(graph.Ranks[dm][from] <= graph.Ranks[dm][s]);
    }

    [Fact]
    public void Prisoners_dilemma_cooperation_is_deterred_by_the_other_defecting()
    {
        var graph = ConflictGraph.Build(GmcrFile.ToConflict(GmcrFile.Load(GmcrFileTests.SamplePath("Prisoners.gmcr"))));
        var explanation = new StabilityExplainer(graph).Explain(SolutionConcept.Seq, 0, 3);
        Assert.True(explanation.Stable);
        var improvement = Assert.Single(explanation.Improvements);
        Assert.Equal(2, improvement.Target); // prisoner one defects: NY
        Assert.Equal([new MoveStep(1, 0)], improvement.Sanction!); // prisoner two defects too: NN
        Assert.Contains("deterred by prisoner 2 moving to state 1 (NN)", explanation.Describe(graph));
    }
}

public class StatusQuoTests
{
    [Fact]
    public void Paths_are_shortest_legal_sequences_checked_against_brute_force()
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var conflict = RandomConflicts.Create(seed + 500, 2 + seed % 3, maxOptionsPerDm: 2);
            var graph = ConflictGraph.Build(conflict);
            var analysis = new StatusQuoAnalysis(graph);
            foreach (var improvementsOnly in new[] { false, true })
            {
                var paths = analysis.ShortestPaths(0, improvementsOnly);
                // Brute force: layer by layer over (state, last mover) pairs.
                var distance = new Dictionary<int, int> { [0] = 0 };
                var frontier = new HashSet<(int, int)> { (0, -1) };
                var seen = new HashSet<(int, int)>(frontier);
                for (var length = 1; frontier.Count > 0; length++)
                {
                    var next = new HashSet<(int, int)>();
                    foreach (var (state, last) in frontier)
                        for (var mover = 0; mover < graph.DecisionMakerCount; mover++)
                        {
                            if (mover == last) continue;
                            for (var t = 0; t < graph.StateCount; t++)
                                if (graph.CanMove(mover, state, t) && (!improvementsOnly || graph.Ranks[mover][t] > graph.Ranks[mover][state]) && seen.Add((t, mover)))
                                {
                                    next.Add((t, mover));
                                    distance.TryAdd(t, length);
                                }
                        }
                    frontier = next;
                }
                Assert.Equal(distance.Keys.Order(), paths.Keys.Order());
                foreach (var (target, path) in paths)
                {
                    Assert.Equal(distance[target], path.Moves.Count);
                    var at = 0;
                    var lastMover = -1;
                    foreach (var move in path.Moves)
                    {
                        Assert.NotEqual(lastMover, move.Mover);
                        Assert.True(graph.CanMove(move.Mover, at, move.State));
                        at = move.State;
                        lastMover = move.Mover;
                    }
                    Assert.Equal(target, at);
                }
            }
        }
    }
}
