using Parley.Stability.Analysis;
using Parley.Stability.Analysis.Inverse;
using Parley.Stability.Engine;
using Parley.Stability.Model;

namespace Parley.Stability.Tests;

public class InverseAnalysisTests
{
    /// <summary>The same moves with other preferences: random weak rankings (tiers) per decision maker.</summary>
    private static Conflict WithRandomRankings(Conflict conflict, IReadOnlyList<ulong> states, Random random) => conflict with
    {
        DecisionMakers = conflict.DecisionMakers.Select(dm =>
        {
            var tierCount = random.Next(1, states.Count + 1);
            var tiers = Enumerable.Range(0, tierCount).Select(_ => new List<ulong>()).ToList();
            foreach (var s in states) tiers[random.Next(tierCount)].Add(s);
            return dm with { Preference = new RankedPreference(tiers.Where(t => t.Count > 0).Select(t => (IReadOnlyList<ulong>)t).ToArray()) };
        }).ToArray(),
    };

    private static int[][] RanksOf(ReferenceStability reference) =>
        reference.Payoff.Select(p => reference.States.Select(s => (int)p[s]).ToArray()).ToArray();

    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (var dms in new[] { 2, 3 })
            for (var seed = 0; seed < 25; seed++)
                data.Add(dms, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conditions_agree_with_the_definitions_under_random_preferences(int decisionMakers, int seed)
    {
        var conflict = RandomConflicts.Create(seed * 613 + decisionMakers, decisionMakers, maxOptionsPerDm: decisionMakers == 2 ? 2 : 1);
        var inverse = new InverseAnalyzer(ConflictGraph.Build(conflict));
        var states = inverse.Graph.Codes;
        var conditions = SolutionConcepts.All.ToDictionary(c => c, c =>
            Enumerable.Range(0, decisionMakers).Select(dm => Enumerable.Range(0, states.Length).Select(s => inverse.StabilityCondition(dm, s, c)).ToArray()).ToArray());
        var random = new Random(seed);
        for (var trial = 0; trial < 12; trial++)
        {
            var reference = new ReferenceStability(WithRandomRankings(conflict, states, random));
            var ranks = RanksOf(reference);
            foreach (var concept in SolutionConcepts.All)
                for (var dm = 0; dm < decisionMakers; dm++)
                    for (var s = 0; s < states.Length; s++)
                        Assert.True(reference.IsStable(concept, dm, states[s]) == conditions[concept][dm][s].Holds(ranks),
                            $"{conflict.Name} trial {trial}: {concept.Label()} for DM{dm} at state {s + 1}");
        }
    }

    private static IEnumerable<int[]> Permutations(int n)
    {
        if (n == 0) { yield return []; yield break; }
        foreach (var rest in Permutations(n - 1))
            for (var i = 0; i <= rest.Length; i++)
                yield return [.. rest[..i], n - 1, .. rest[i..]];
    }

    [Fact]
    public void Enumeration_counts_match_brute_force_over_all_strict_rankings()
    {
        // Two decision makers with one option each (4 states), and a 3-state conflict with an infeasible corner.
        var conflicts = new[]
        {
            new Conflict("two-by-two", [new ConflictOption("a"), new ConflictOption("b")],
                [new DecisionMaker("A", [0], new RankedPreference([[0, 1, 2, 3]])), new DecisionMaker("B", [1], new RankedPreference([[0, 1, 2, 3]]))], []),
            new Conflict("corner", [new ConflictOption("a"), new ConflictOption("b", OptionDirection.Forward)],
                [new DecisionMaker("A", [0], new RankedPreference([[0, 1, 2]])), new DecisionMaker("B", [1], new RankedPreference([[0, 1, 2]]))],
                [StateCondition.Pattern("YY")]),
        };
        foreach (var conflict in conflicts)
        {
            var graph = ConflictGraph.Build(conflict);
            var n = graph.StateCount;
            var inverse = new InverseAnalyzer(graph);
            var constraints = new[] { new RankingConstraints(0, [(0, n - 1)], []), new RankingConstraints(1, [], [(1, 1, 2)]) };
            bool Allowed(int dm, int[] order) => dm == 0
                ? Array.IndexOf(order, 0) < Array.IndexOf(order, n - 1)
                : Array.IndexOf(order, 1) <= 1;
            var orders = Permutations(n).ToArray();
            foreach (var concept in SolutionConcepts.All)
                for (var s = 0; s < n; s++)
                {
                    long expected = 0, expectedConstrained = 0;
                    foreach (var a in orders)
                        foreach (var b in orders)
                        {
                            var ranked = conflict with
                            {
                                DecisionMakers = [conflict.DecisionMakers[0] with { Preference = Ranking(graph, a) }, conflict.DecisionMakers[1] with { Preference = Ranking(graph, b) }],
                            };
                            var reference = new ReferenceStability(ranked);
                            if (!reference.IsStable(concept, 0, graph.Codes[s]) || !reference.IsStable(concept, 1, graph.Codes[s])) continue;
                            expected++;
                            if (Allowed(0, a) && Allowed(1, b)) expectedConstrained++;
                        }
                    Assert.Equal(expected, inverse.EnumerateRankings(s, concept).Count);
                    var constrained = inverse.EnumerateRankings(s, concept, constraints, maxListed: 5);
                    Assert.Equal(expectedConstrained, constrained.Count);
                    Assert.All(constrained.Examples, e => Assert.True(Allowed(0, e[0]) && Allowed(1, e[1])));
                }
        }
    }

    private static RankedPreference Ranking(ConflictGraph graph, int[] bestFirst) =>
        new(bestFirst.Select(s => (IReadOnlyList<ulong>)[graph.Codes[s]]).ToArray());

    [Fact]
    public void Nash_condition_for_mutual_cooperation_in_prisoners_dilemma_reads_as_the_two_temptations_resisted()
    {
        // Option k = "k cooperates"; state 4 = both cooperate; 3 = only 2 cooperates (1 defects); 2 = only 1 cooperates.
        var conflict = new Conflict("pd", [new ConflictOption("1 cooperates"), new ConflictOption("2 cooperates")],
            [new DecisionMaker("P1", [0], new RankedPreference([[0, 1, 2, 3]])), new DecisionMaker("P2", [1], new RankedPreference([[0, 1, 2, 3]]))], []);
        var inverse = new InverseAnalyzer(ConflictGraph.Build(conflict));
        var condition = inverse.EquilibriumCondition(3, SolutionConcept.Nash);
        Assert.Equal(
            "P1 prefers state 4 (YY) at least as much as state 3 (NY) and P2 prefers state 4 (YY) at least as much as state 2 (YN)",
            condition.Describe(inverse.Graph));
        // GMR adds the opponent's sanction: defecting to 3 can be answered by 2 defecting too (state 1).
        var gmr = inverse.StabilityCondition(0, 3, SolutionConcept.Gmr).Describe(inverse.Graph);
        Assert.Equal("P1 prefers state 4 (YY) at least as much as state 3 (NY) or P1 prefers state 4 (YY) at least as much as state 1 (NN)", gmr);
    }

    /// <summary>Every weak ranking of n states, as a level per state (duplicates harmless).</summary>
    private static IEnumerable<int[]> WeakRankings(int n)
    {
        var levels = new int[n];
        while (true)
        {
            yield return (int[])levels.Clone();
            var i = 0;
            for (; i < n; i++)
            {
                if (++levels[i] < n) break;
                levels[i] = 0;
            }
            if (i == n) yield break;
        }
    }

    [Fact]
    public void Goal_seeker_agrees_with_brute_force_over_all_weak_rankings()
    {
        var random = new Random(42);
        var checkedAchievable = 0;
        var checkedContradictions = 0;
        for (var trial = 0; trial < 40; trial++)
        {
            var conflict = RandomConflicts.Create(trial * 17 + 1, 2, maxOptionsPerDm: 1);
            var inverse = new InverseAnalyzer(ConflictGraph.Build(conflict));
            var n = inverse.Graph.StateCount;
            var concepts = new[] { SolutionConcept.Nash, SolutionConcept.Gmr, SolutionConcept.Seq, SolutionConcept.Sim };
            var goals = Enumerable.Range(0, random.Next(1, 4)).Select(_ => new StabilityGoal(random.Next(n), concepts[random.Next(concepts.Length)],
                random.Next(3) > 0, random.Next(3) == 0 ? null : random.Next(2))).ToArray();
            var fixedPair = random.Next(2) == 0 ? new[] { new RankingConstraints(random.Next(2), [(random.Next(n), random.Next(n))], []) } : [];
            if (fixedPair.Length > 0 && fixedPair[0].MustPrefer[0].Better == fixedPair[0].MustPrefer[0].Worse) fixedPair = [];
            var formula = Conjunction.Of(goals.Select(inverse.Formula));
            var weak = WeakRankings(n).ToArray();
            var bruteForce = weak.Any(a => weak.Any(b =>
            {
                var ranks = new[] { a, b };
                return fixedPair.All(c => ranks[c.Dm][c.MustPrefer[0].Better] > ranks[c.Dm][c.MustPrefer[0].Worse]) && formula.Holds(ranks);
            }));
            var result = inverse.Seek(goals, fixedPair);
            Assert.True(bruteForce == result.Achievable, $"trial {trial}: {string.Join("; ", goals.Select(g => g.Describe(inverse.Graph)))}");
            if (result.Achievable)
            {
                checkedAchievable++;
                // The relations found must force the goals: any ranking consistent with them (here: a
                // ranking built from them) meets every goal.
                var ranks = RanksSatisfying(result.Relations.Concat(fixedPair.Select(c => new PreferenceRelation(c.Dm, c.MustPrefer[0].Better, c.MustPrefer[0].Worse, true))).ToArray(), n);
                Assert.True(formula.Holds(ranks), $"trial {trial}: relations found do not meet the goals");
            }
            else
            {
                checkedContradictions++;
                Assert.NotEmpty(result.Conflicting);
            }
        }
        Assert.True(checkedAchievable > 5 && checkedContradictions > 2, $"{checkedAchievable} achievable, {checkedContradictions} contradictions");
    }

    /// <summary>A weak ranking meeting the relations, by brute force over levels (small n only).</summary>
    private static int[][] RanksSatisfying(IReadOnlyList<PreferenceRelation> relations, int n)
    {
        var weak = WeakRankings(n).ToArray();
        var result = new int[2][];
        for (var dm = 0; dm < 2; dm++)
            result[dm] = weak.First(levels => relations.Where(r => r.Dm == dm).All(r => r.Holds(dm == 0 ? [levels, levels] : [levels, levels])));
        return result;
    }

    [Fact]
    public void Goal_seeker_reports_contradicting_goals()
    {
        var conflict = new Conflict("pd", [new ConflictOption("1 cooperates"), new ConflictOption("2 cooperates")],
            [new DecisionMaker("P1", [0], new RankedPreference([[0, 1, 2, 3]])), new DecisionMaker("P2", [1], new RankedPreference([[0, 1, 2, 3]]))], []);
        var inverse = new InverseAnalyzer(ConflictGraph.Build(conflict));
        // P1 strictly prefers defecting against a cooperator (3) to mutual cooperation (4): 4 cannot be Nash stable for P1.
        var result = inverse.Seek(
            [new StabilityGoal(3, SolutionConcept.Nash, true), new StabilityGoal(0, SolutionConcept.Nash, true)],
            [new RankingConstraints(0, [(2, 3)], [])]);
        Assert.False(result.Achievable);
        Assert.Equal([new StabilityGoal(3, SolutionConcept.Nash, true)], result.Conflicting);
        // Without the constraint both goals hold with P1: 4 ⪰ 3, 1 ⪰ 2; P2: 4 ⪰ 2, 1 ⪰ 3.
        var free = inverse.Seek([new StabilityGoal(3, SolutionConcept.Nash, true), new StabilityGoal(0, SolutionConcept.Nash, true)]);
        Assert.True(free.Achievable);
        Assert.Equal(
            new[] { (0, 3, 2), (1, 3, 1), (0, 0, 1), (1, 0, 2) }.Select(x => new PreferenceRelation(x.Item1, x.Item2, x.Item3, false)).ToHashSet(),
            free.Relations.ToHashSet());
    }
}
