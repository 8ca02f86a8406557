using Parley.Stability.Analysis;
using Parley.Stability.Engine;

namespace Parley.Stability.Tests;

/// <summary>The fast engine must agree with the from-the-definitions reference on every state, DM and concept.</summary>
public class ReferenceAgreementTests
{
    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (var dms in new[] { 2, 3, 4 })
            for (var seed = 0; seed < (dms == 4 ? 80 : 120); seed++)
                data.Add(dms, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Engine_matches_reference(int decisionMakers, int seed)
    {
        var conflict = RandomConflicts.Create(seed * 7919 + decisionMakers, decisionMakers,
            maxOptionsPerDm: decisionMakers == 4 ? 2 : 3, misperceptions: seed % 4 == 3);
        var graph = ConflictGraph.Build(conflict);
        var reference = new ReferenceStability(conflict);
        Assert.Equal(reference.States, graph.Codes);

        var table = new StabilityAnalyzer(graph).AnalyzeAll();
        foreach (var concept in SolutionConcepts.All)
            for (var dm = 0; dm < graph.DecisionMakerCount; dm++)
                for (var s = 0; s < graph.StateCount; s++)
                {
                    var expected = reference.IsStable(concept, dm, graph.Codes[s]);
                    if (expected != table.IsStable(concept, dm, s))
                        Assert.Fail($"{conflict.Name}: {concept.Label()} for DM{dm} at state {s + 1} ({graph.OptionForm(s)}): reference says {expected}");
                }
    }
}

/// <summary>Guards the agreement test against vacuity: the random conflicts must separate the concepts.</summary>
public class RandomConflictDiversityTests
{
    [Fact]
    public void Random_conflicts_distinguish_every_pair_of_neighbouring_concepts()
    {
        var separated = new HashSet<(SolutionConcept, SolutionConcept)>();
        var pairs = new[]
        {
            (SolutionConcept.Nash, SolutionConcept.Gmr), (SolutionConcept.Gmr, SolutionConcept.Smr),
            (SolutionConcept.Gmr, SolutionConcept.Seq), (SolutionConcept.Seq, SolutionConcept.Sim),
            (SolutionConcept.Seq, SolutionConcept.SeqSim), (SolutionConcept.Sim, SolutionConcept.SeqSim),
        };
        var multiStepSanctions = 0;
        for (var seed = 0; seed < 60 && (separated.Count < pairs.Length || multiStepSanctions == 0); seed++)
        {
            var conflict = RandomConflicts.Create(seed * 7919 + 3, 3);
            var reference = new ReferenceStability(conflict);
            foreach (var s in reference.States)
                for (var dm = 0; dm < 3; dm++)
                {
                    foreach (var (a, b) in pairs)
                        if (reference.IsStable(a, dm, s) != reference.IsStable(b, dm, s)) separated.Add((a, b));
                    var opponents = Enumerable.Range(0, 3).Where(d => d != dm).ToList();
                    var oneStep = opponents.SelectMany(j => reference.Reach(j, s)).ToHashSet();
                    if (!reference.CoalitionReach(opponents, s, false, dm).SetEquals(oneStep)) multiStepSanctions++;
                }
        }
        Assert.Equal(pairs.Length, separated.Count);
        Assert.True(multiStepSanctions > 0, "no random conflict needs sanction chains longer than one move");
    }
}
