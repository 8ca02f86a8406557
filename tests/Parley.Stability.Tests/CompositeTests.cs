using Parley.Stability.Analysis;
using Parley.Stability.Coalitions;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;
using Parley.Stability.Model;

namespace Parley.Stability.Tests;

/// <summary>gmcr-py's composite decision makers (<see cref="CompositeAnalyzer"/>) against <see cref="ReferenceComposite"/>.</summary>
public class CompositeTests
{
    private static Conflict WithoutMisperceptions(Conflict c) =>
        c with { DecisionMakers = c.DecisionMakers.Select(d => d with { Misperceptions = null }).ToArray() };

    private static void AssertAgrees(Conflict conflict, IReadOnlyList<Coalition> composites, string label)
    {
        var graph = ConflictGraph.Build(conflict);
        var analyzer = new CompositeAnalyzer(graph, composites);
        var groups = analyzer.Groups.Select(g => g.ToArray()).ToArray();
        var reference = new ReferenceComposite(conflict, groups);
        Assert.Equal(reference.States, graph.Codes);
        var result = analyzer.Analyze(SolutionConcepts.All);
        foreach (var concept in SolutionConcepts.All)
            for (var g = 0; g < groups.Length; g++)
                for (var s = 0; s < graph.StateCount; s++)
                    Assert.True(reference.IsStable(concept, g, graph.Codes[s]) == result.Stable[concept][g].Contains(s),
                        $"{label}: {concept} group {analyzer.Name(g)} state {s + 1}");
    }

    public static IEnumerable<object[]> RandomCases() =>
        from dms in new[] { 3, 4 }
        from seed in Enumerable.Range(0, 25)
        select new object[] { dms, seed };

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void Random_conflicts_agree_with_the_reference(int decisionMakers, int seed)
    {
        var conflict = WithoutMisperceptions(RandomConflicts.Create(8300 + seed * 17 + decisionMakers, decisionMakers, maxOptionsPerDm: 2));
        var random = new Random(seed);
        // A composite of two decision makers (and, with four, sometimes a second pair).
        var order = Enumerable.Range(0, decisionMakers).OrderBy(_ => random.Next()).ToArray();
        var composites = new List<Coalition> { Coalition.Of(order[0], order[1]) };
        if (decisionMakers == 4 && seed % 2 == 0) composites.Add(Coalition.Of(order[2], order[3]));
        AssertAgrees(conflict, composites, $"{decisionMakers} DMs, seed {seed}");
    }

    [Fact]
    public void Without_composites_the_analysis_is_the_ordinary_one()
    {
        // Singleton groups: "every member strictly better" is the decision maker's own strict preference, so the
        // verdicts must equal the ordinary definitions (checked against the ordinary reference implementation).
        for (var seed = 0; seed < 10; seed++)
        {
            var conflict = WithoutMisperceptions(RandomConflicts.Create(9900 + seed, 3, maxOptionsPerDm: 2));
            var graph = ConflictGraph.Build(conflict);
            var result = new CompositeAnalyzer(graph, []).Analyze(SolutionConcepts.All);
            var reference = new ReferenceStability(conflict);
            foreach (var concept in SolutionConcepts.All)
                for (var d = 0; d < 3; d++)
                    for (var s = 0; s < graph.StateCount; s++)
                        Assert.Equal(reference.IsStable(concept, d, graph.Codes[s]), result.Stable[concept][d].Contains(s));
        }
    }

    [Fact]
    public void The_Elmira_coalition_file_is_analysed_with_its_coalition_and_agrees_with_the_reference()
    {
        var document = GmcrFile.Load(GmcrFileTests.SamplePath("Elmira_coalition_MoE+UR.gmcr"));
        var conflict = GmcrFile.ToConflict(document);
        var groups = GmcrFile.Coalitions(document)!;
        Assert.Equal([[0, 1], [2]], groups.Select(g => g.ToArray()));
        var composites = groups.Where(g => g.Count > 1).Select(g => Coalition.Of(g.ToArray())).ToArray();
        var analyzer = new CompositeAnalyzer(ConflictGraph.Build(conflict), composites);
        Assert.Equal(["MoE+Uniroyal", "Local Government"], Enumerable.Range(0, 2).Select(analyzer.Name));
        AssertAgrees(conflict, composites, "Elmira MoE+UR");
    }

    [Fact]
    public void The_composite_prefers_only_what_every_member_strictly_prefers()
    {
        // Prisoner's Dilemma with a third, idle decision maker, so that the two prisoners can form a composite.
        // Payoffs (One, Two): NN (1,1), YN (0,3), NY (3,0), YY (2,2). Only YY improves on NN for both, so from NN
        // the composite can improve (to YY) and NN is not Nash stable for it; YY is, since no state beats (2,2)
        // for both; YN (0,3) and NY (3,0) are stable too: no state is better for both (Two cannot beat 3 at YN, One
        // cannot beat 3 at NY). So under Nash the composite leaves only mutual defection.
        var conflict = new Conflict("pd3",
            [new ConflictOption("one cooperates"), new ConflictOption("two cooperates"), new ConflictOption("idle")],
            [
                new DecisionMaker("One", [0], Payoffs(1, 0, 3, 2)),
                new DecisionMaker("Two", [1], Payoffs(1, 3, 0, 2)),
                new DecisionMaker("Idle", [2], new RankedPreference([[0, 1, 2, 3, 4, 5, 6, 7]])),
            ], []);
        var graph = ConflictGraph.Build(conflict);
        var analyzer = new CompositeAnalyzer(graph, [Coalition.Of(0, 1)]);
        var nash = analyzer.Analyze([SolutionConcept.Nash]).Stable[SolutionConcept.Nash][0];
        // States with idle = N: 1 NNN, 2 YNN, 3 NYN, 4 YYN.
        Assert.False(nash.Contains(0));
        Assert.True(nash.Contains(1));
        Assert.True(nash.Contains(2));
        Assert.True(nash.Contains(3));
        Assert.True(analyzer.Prefers(0, 3, 0));
        Assert.False(analyzer.Prefers(0, 3, 1));

        // Payoffs indexed by (one cooperates, two cooperates), ignoring the idle option.
        static RankedPreference Payoffs(int nn, int yn, int ny, int yy)
        {
            var value = new Dictionary<ulong, int> { [0] = nn, [1] = yn, [2] = ny, [3] = yy };
            return new RankedPreference(Enumerable.Range(0, 8).Select(c => (ulong)c).GroupBy(c => value[c & 3]).OrderByDescending(g => g.Key)
                .Select(g => (IReadOnlyList<ulong>)g.ToArray()).ToArray());
        }
    }
}
