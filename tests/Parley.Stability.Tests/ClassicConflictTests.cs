using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;
using Parley.Stability.Model;

namespace Parley.Stability.Tests;

/// <summary>
/// Classic conflicts of the graph-model literature. Expected verdicts are worked by hand from the definitions
/// and agree with the published analyses (Fang, Hipel &amp; Kilgour 1993, ch. 2 and 5: Prisoner's Dilemma and
/// Chicken; the Cuban missile crisis, whose historical resolution – blockade met by withdrawal – is a
/// sequentially stable equilibrium that is not Nash stable).
/// </summary>
public class ClassicConflictTests
{
    private static StabilityTable Analyze(Conflict conflict) => new StabilityAnalyzer(ConflictGraph.Build(conflict)).AnalyzeAll();

    private static int[] Equilibria(StabilityTable table, SolutionConcept concept) =>
        table.Equilibria(concept).Members().Select(s => s + 1).ToArray();

    [Fact]
    public void Prisoners_dilemma()
    {
        // States: 1 = both defect, 2 = only prisoner one cooperates, 3 = only prisoner two cooperates, 4 = both cooperate.
        var table = Analyze(GmcrFile.ToConflict(GmcrFile.Load(GmcrFileTests.SamplePath("Prisoners.gmcr"))));
        Assert.Equal([1], Equilibria(table, SolutionConcept.Nash));
        foreach (var concept in new[] { SolutionConcept.Gmr, SolutionConcept.Smr, SolutionConcept.Seq, SolutionConcept.Sim, SolutionConcept.SeqSim })
            Assert.Equal([1, 4], Equilibria(table, concept));
    }

    /// <summary>Chicken: option "swerve" per driver; each ranks (straight, other swerves) &gt; both swerve &gt; (swerve, other straight) &gt; crash.</summary>
    public static Conflict Chicken()
    {
        RankedPreference Ranking(int me, int other)
        {
            ulong Code(bool meSwerves, bool otherSwerves) => (meSwerves ? 1UL << me : 0) | (otherSwerves ? 1UL << other : 0);
            return new RankedPreference([[Code(false, true)], [Code(true, true)], [Code(true, false)], [Code(false, false)]]);
        }
        return new Conflict("chicken", [new ConflictOption("1 swerves"), new ConflictOption("2 swerves")],
            [new DecisionMaker("Driver 1", [0], Ranking(0, 1)), new DecisionMaker("Driver 2", [1], Ranking(1, 0))], []);
    }

    [Fact]
    public void Chicken_results()
    {
        // States: 1 = crash (NN), 2 = driver 1 swerves (YN), 3 = driver 2 swerves (NY), 4 = both swerve (YY).
        var table = Analyze(Chicken());
        Assert.Equal([2, 3], Equilibria(table, SolutionConcept.Nash));
        Assert.Equal([2, 3, 4], Equilibria(table, SolutionConcept.Gmr));
        Assert.Equal([2, 3, 4], Equilibria(table, SolutionConcept.Smr));
        // Mutual swerving is not sequentially stable: the sanction (the other going straight) hurts the sanctioner.
        Assert.Equal([2, 3], Equilibria(table, SolutionConcept.Seq));
        // Simultaneously, the other's own improvement (going straight) produces the crash: a sanction.
        Assert.Equal([2, 3, 4], Equilibria(table, SolutionConcept.Sim));
        Assert.Equal([2, 3, 4], Equilibria(table, SolutionConcept.SeqSim));
    }

    [Fact]
    public void Cuban_missile_crisis_blockade_and_withdrawal_is_a_sequential_equilibrium()
    {
        var graph = ConflictGraph.Build(GmcrFile.ToConflict(GmcrFile.Load(GmcrFileTests.SamplePath("Cuban.gmcr"))));
        var table = new StabilityAnalyzer(graph).AnalyzeAll();
        var resolution = graph.IndexOf(0b0110); // blockade (bit 1) and withdraw (bit 2)
        Assert.True(table.Equilibria(SolutionConcept.Seq).Contains(resolution));
        Assert.True(table.Equilibria(SolutionConcept.Gmr).Contains(resolution));
        Assert.True(table.Equilibria(SolutionConcept.Smr).Contains(resolution));
        Assert.False(table.Equilibria(SolutionConcept.Nash).Contains(resolution));
        // Escalation by the USSR (with no withdrawal) is never stable for the USSR.
        foreach (var s in Enumerable.Range(0, graph.StateCount).Where(s => (graph.Codes[s] & 0b1000) != 0 && (graph.Codes[s] & 0b11) != 0b11))
            Assert.False(table.IsStable(SolutionConcept.Gmr, 1, s));
    }

    [Theory]
    [MemberData(nameof(GmcrFileTests.Samples), MemberType = typeof(GmcrFileTests))]
    public void Every_sample_agrees_with_the_reference(string file)
    {
        var conflict = GmcrFile.ToConflict(GmcrFile.Load(GmcrFileTests.SamplePath(file)));
        if (conflict.OptionCount > 7) return; // Garrison (9 options, 23 states) is covered by the engine tests below.
        var graph = ConflictGraph.Build(conflict);
        var table = new StabilityAnalyzer(graph).AnalyzeAll();
        var reference = new ReferenceStability(conflict);
        foreach (var concept in SolutionConcepts.All)
            for (var dm = 0; dm < graph.DecisionMakerCount; dm++)
                for (var s = 0; s < graph.StateCount; s++)
                    Assert.Equal(reference.IsStable(concept, dm, graph.Codes[s]), table.IsStable(concept, dm, s));
    }

    [Fact]
    public void Garrison_agrees_with_the_reference()
    {
        var conflict = GmcrFile.ToConflict(GmcrFile.Load(GmcrFileTests.SamplePath("Garrison.gmcr")));
        var graph = ConflictGraph.Build(conflict);
        Assert.Equal(23, graph.StateCount);
        var table = new StabilityAnalyzer(graph).AnalyzeAll([SolutionConcept.Nash, SolutionConcept.Gmr, SolutionConcept.Seq]);
        var reference = new ReferenceStability(conflict);
        foreach (var concept in table.Concepts)
            for (var dm = 0; dm < graph.DecisionMakerCount; dm++)
                for (var s = 0; s < graph.StateCount; s++)
                    Assert.Equal(reference.IsStable(concept, dm, graph.Codes[s]), table.IsStable(concept, dm, s));
    }
}
