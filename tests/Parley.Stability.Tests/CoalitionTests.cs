using Parley.Stability.Analysis;
using Parley.Stability.Coalitions;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;
using Parley.Stability.Model;

namespace Parley.Stability.Tests;

/// <summary>
/// Coalition stability (Kilgour, Hipel, Fang &amp; Li 2001; Inohara &amp; Hipel 2008) against a slow reference
/// written from the definitions, plus a hand-worked Prisoner's Dilemma.
/// </summary>
public class CoalitionTests
{
    /// <summary>The definitions, literally: sets and quantifiers over the reference's move primitives.</summary>
    private sealed class CoalitionReference(Conflict conflict)
    {
        private readonly ReferenceStability _r = new(conflict);

        public List<ulong> States => _r.States;

        private long P(int dm, ulong s) => _r.Payoff[dm][s];

        private readonly Dictionary<(string, ulong, bool), HashSet<ulong>> _memo = [];

        private HashSet<ulong> ReachBy(IReadOnlyList<int> movers, ulong s, bool improvementsOnly)
        {
            if (movers.Count == 0) return [];
            var key = (string.Join(",", movers), s, improvementsOnly);
            if (!_memo.TryGetValue(key, out var reached))
                _memo[key] = reached = _r.CoalitionReach(movers, s, improvementsOnly, observer: movers[0]);
            return reached;
        }

        public bool Stable(SolutionConcept concept, IReadOnlyList<int> h, ulong s)
        {
            var others = Enumerable.Range(0, conflict.DecisionMakers.Count).Where(d => !h.Contains(d)).ToList();
            var coalitionImprovements = ReachBy(h, s, false).Where(t => h.All(i => P(i, t) > P(i, s)));
            return concept switch
            {
                SolutionConcept.Nash => !coalitionImprovements.Any(),
                SolutionConcept.Gmr => coalitionImprovements.All(s1 =>
                    ReachBy(others, s1, false).Any(s2 => h.Any(i => P(i, s2) <= P(i, s)))),
                SolutionConcept.Smr => coalitionImprovements.All(s1 =>
                    ReachBy(others, s1, false).Any(s2 => h.Any(i => P(i, s2) <= P(i, s) && ReachBy(h, s2, false).All(s3 => P(i, s3) <= P(i, s))))),
                SolutionConcept.Seq => coalitionImprovements.All(s1 =>
                    ReachBy(others, s1, true).Any(s2 => h.Any(i => P(i, s2) <= P(i, s)))),
                _ => throw new ArgumentOutOfRangeException(nameof(concept)),
            };
        }
    }

    private static Conflict WithoutMisperceptions(Conflict c) =>
        c with { DecisionMakers = c.DecisionMakers.Select(d => d with { Misperceptions = null }).ToArray() };

    public static IEnumerable<object[]> RandomCases() =>
        from dms in new[] { 2, 3, 4 }
        from seed in Enumerable.Range(0, 30)
        select new object[] { dms, seed };

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void Agrees_with_the_definitions_on_random_conflicts(int decisionMakers, int seed)
    {
        var conflict = WithoutMisperceptions(RandomConflicts.Create(7000 + seed * 31 + decisionMakers, decisionMakers, maxOptionsPerDm: decisionMakers == 2 ? 3 : 2));
        var graph = ConflictGraph.Build(conflict);
        var analyzer = new CoalitionAnalyzer(graph);
        var reference = new CoalitionReference(conflict);
        for (var mask = 1; mask < 1 << decisionMakers; mask++)
        {
            var coalition = new Coalition(mask);
            var members = coalition.Indexes().ToList();
            foreach (var concept in CoalitionAnalyzer.Concepts)
            {
                var stable = analyzer.Stable(concept, coalition);
                for (var s = 0; s < graph.StateCount; s++)
                    Assert.True(reference.Stable(concept, members, graph.Codes[s]) == stable.Contains(s),
                        $"{concept} for {coalition.Label(graph)} at state {s + 1}");
            }
        }
    }

    [Fact]
    public void The_random_conflicts_exercise_sanctioned_and_unsanctioned_coalition_improvements()
    {
        int gmrOnly = 0, seqBelowGmr = 0, notNash = 0;
        for (var seed = 0; seed < 30; seed++)
        {
            var graph = ConflictGraph.Build(WithoutMisperceptions(RandomConflicts.Create(7000 + seed * 31 + 3, 3)));
            var analyzer = new CoalitionAnalyzer(graph);
            for (var mask = 1; mask < 8; mask++)
            {
                if (new Coalition(mask).Count < 2) continue;
                var nash = analyzer.Stable(SolutionConcept.Nash, new Coalition(mask));
                var gmr = analyzer.Stable(SolutionConcept.Gmr, new Coalition(mask));
                var seq = analyzer.Stable(SolutionConcept.Seq, new Coalition(mask));
                notNash += graph.StateCount - nash.Count;
                gmrOnly += gmr.Count - nash.Count;
                seqBelowGmr += gmr.Count - seq.Count;
            }
        }
        Assert.True(notNash > 0 && gmrOnly > 0 && seqBelowGmr > 0, $"{notNash} {gmrOnly} {seqBelowGmr}");
    }

    [Fact]
    public void A_single_decision_maker_coalition_is_individual_stability()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var graph = ConflictGraph.Build(WithoutMisperceptions(RandomConflicts.Create(9100 + seed, 3)));
            var individual = new StabilityAnalyzer(graph);
            var coalitions = new CoalitionAnalyzer(graph);
            foreach (var concept in CoalitionAnalyzer.Concepts)
                for (var dm = 0; dm < 3; dm++)
                    Assert.Equal(individual.Stable(concept, dm).Members(), coalitions.Stable(concept, Coalition.Of(dm)).Members());
        }
    }

    [Fact]
    public void Prisoners_dilemma_cooperation_is_the_only_coalition_equilibrium()
    {
        // States 1 NN, 2 YN, 3 NY, 4 YY (Y = cooperates); payoffs (one, two): (1,1), (0,3), (3,0), (2,2).
        // Together the prisoners reach YY from NN (each cooperates in turn) and both prefer it: NN is not
        // coalition-Nash stable for {one, two}. No state is better than YY for both, so YY is stable for the
        // pair; for each prisoner alone YY is GMR stable (a defection is answered by the other's defection,
        // 1 < 2) but not Nash stable.
        var graph = ConflictGraph.Build(GmcrFile.ToConflict(GmcrFile.Load(GmcrFileTests.SamplePath("Prisoners.gmcr"))));
        var analyzer = new CoalitionAnalyzer(graph);
        var pair = Coalition.Of(0, 1);
        Assert.Equal([3], analyzer.Improvements(pair, 0));
        Assert.Equal([1, 2, 3], analyzer.Stable(SolutionConcept.Nash, pair).Members());
        Assert.Equal([], analyzer.CoalitionEquilibria(SolutionConcept.Nash).Members());
        Assert.Equal([3], analyzer.CoalitionEquilibria(SolutionConcept.Gmr).Members());
        Assert.Equal([3], analyzer.CoalitionEquilibria(SolutionConcept.Seq).Members());
    }

    [Fact]
    public void Bad_coalitions_and_concepts_are_rejected()
    {
        var graph = ConflictGraph.Build(GmcrFile.ToConflict(GmcrFile.Load(GmcrFileTests.SamplePath("Prisoners.gmcr"))));
        var analyzer = new CoalitionAnalyzer(graph);
        Assert.Throws<ConflictModelException>(() => analyzer.Stable(SolutionConcept.Nash, new Coalition(0)));
        Assert.Throws<ConflictModelException>(() => analyzer.Stable(SolutionConcept.Nash, Coalition.Of(2)));
        Assert.Throws<ArgumentException>(() => analyzer.Stable(SolutionConcept.Sim, Coalition.Of(0)));
    }
}
