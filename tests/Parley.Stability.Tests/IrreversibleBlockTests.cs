using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Model;

namespace Parley.Stability.Tests;

/// <summary>
/// Move blocks with irreversible options are aggregated by grouping up to four irreversible options and
/// pairwise beyond that. The random conflicts never give a decision maker five irreversible options, so
/// these conflicts do, next to one with exactly four, and compare every concept with the reference.
/// </summary>
public class IrreversibleBlockTests
{
    [Theory]
    [InlineData(4, 0)]
    [InlineData(4, 1)]
    [InlineData(5, 0)]
    [InlineData(5, 1)]
    [InlineData(5, 2)]
    public void Many_irreversible_options_agree_with_the_reference(int irreversible, int seed)
    {
        var random = new Random(seed * 31 + irreversible);
        var options = Enumerable.Range(0, irreversible + 1)
            .Select(k => new ConflictOption($"a{k}", k < irreversible ? (random.Next(2) == 0 ? OptionDirection.Forward : OptionDirection.Backward) : OptionDirection.Both))
            .Append(new ConflictOption("b0")).Append(new ConflictOption("b1", OptionDirection.Forward)).ToArray();
        var n = options.Length;
        var states = Enumerable.Range(0, 1 << n).Select(s => (ulong)s).Where(s => (s & 0b11) != 0b11).ToList();
        RankedPreference RandomRanking()
        {
            var tiers = Enumerable.Range(0, 12).Select(_ => new List<ulong>()).ToList();
            foreach (var s in states) tiers[random.Next(tiers.Count)].Add(s);
            return new RankedPreference(tiers.Where(t => t.Count > 0).Select(t => (IReadOnlyList<ulong>)t).ToArray());
        }
        var conflict = new Conflict($"irreversible-{irreversible}-{seed}", options,
            [
                new DecisionMaker("A", Enumerable.Range(0, irreversible + 1).ToArray(), RandomRanking()),
                new DecisionMaker("B", [irreversible + 1, irreversible + 2], RandomRanking()),
            ],
            [StateCondition.Pattern("YY")]);
        var graph = ConflictGraph.Build(conflict);
        var reference = new ReferenceStability(conflict);
        var table = new StabilityAnalyzer(graph).AnalyzeAll();
        foreach (var concept in SolutionConcepts.All)
            for (var dm = 0; dm < 2; dm++)
                for (var s = 0; s < graph.StateCount; s++)
                    Assert.True(reference.IsStable(concept, dm, graph.Codes[s]) == table.IsStable(concept, dm, s),
                        $"{conflict.Name}: {concept.Label()} for DM{dm} at state {s + 1} ({graph.OptionForm(s)})");
    }
}
