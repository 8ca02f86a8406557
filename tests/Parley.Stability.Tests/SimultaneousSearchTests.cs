using Parley.Stability.Analysis;
using Parley.Stability.Engine;

namespace Parley.Stability.Tests;

/// <summary>
/// The SIM search has two ways to ask "can the last opponent complete this response into a sanction?":
/// prefix bitsets (the default) and a block scan (used when the last opponent has more than 10 options,
/// which the random conflicts never reach). Both must agree with the definitions.
/// </summary>
public class SimultaneousSearchTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Both_ways_of_completing_a_response_agree_with_the_reference(int decisionMakers)
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var conflict = RandomConflicts.Create(seed * 7717 + decisionMakers, decisionMakers,
                maxOptionsPerDm: decisionMakers == 4 ? 2 : 3, misperceptions: seed % 3 == 0);
            var graph = ConflictGraph.Build(conflict);
            var reference = new ReferenceStability(conflict);
            foreach (var prefix in new[] { true, false })
                for (var dm = 0; dm < decisionMakers; dm++)
                {
                    var search = new SimultaneousSanctionSearch(graph, dm, prefix);
                    var scratch = search.CreateScratch();
                    for (var s = 0; s < graph.StateCount; s++)
                        Assert.True(reference.IsStable(SolutionConcept.Sim, dm, graph.Codes[s]) == search.IsStable(s, null, scratch),
                            $"{conflict.Name} ({(prefix ? "bitsets" : "scan")}): SIM for DM{dm} at state {s + 1}");
                }
        }
    }
}
