using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Model;

namespace Parley.Stability.Tests;

public class LimitedMoveTests
{
    private static RankedPreference Ranking(int me, int other, params (bool Me, bool Other)[] bestFirst) =>
        new(bestFirst.Select(p => (IReadOnlyList<ulong>)[(p.Me ? 1UL << me : 0) | (p.Other ? 1UL << other : 0)]).ToArray());

    /// <summary>Option k = "player k cooperates". Each ranks: defect against a cooperator &gt; both cooperate &gt; both defect &gt; sucker.</summary>
    private static Conflict PrisonersDilemma() => new("pd",
        [new ConflictOption("1 cooperates"), new ConflictOption("2 cooperates")],
        [
            new DecisionMaker("1", [0], Ranking(0, 1, (false, true), (true, true), (false, false), (true, false))),
            new DecisionMaker("2", [1], Ranking(1, 0, (false, true), (true, true), (false, false), (true, false))),
        ], []);

    private static int[] Members(StateSet set) => set.Members().Select(s => s + 1).ToArray();

    [Fact]
    public void Prisoners_dilemma_mutual_cooperation_is_stable_from_horizon_two()
    {
        // States: 1 = both defect, 2 = 1 cooperates, 3 = 2 cooperates, 4 = both cooperate.
        // By hand, h = 2 at 4 for player 1: defecting leads to 3 (its best), where 2 answers by defecting
        // (state 1, better for 2 than being the sucker); 1 then has mutual defection, worse than 4: it stays.
        var analyzer = new LimitedMoveAnalyzer(ConflictGraph.Build(PrisonersDilemma()));
        Assert.Equal([1], Members(analyzer.Equilibria(1)));
        for (var h = 2; h <= 8; h++) Assert.Equal([1, 4], Members(analyzer.Equilibria(h)));
        var nonMyopic = analyzer.NonMyopic();
        Assert.Equal([1, 4], Members(nonMyopic.Equilibria));
        Assert.Equal(1, nonMyopic.Period);
    }

    [Fact]
    public void Chicken_mutual_swerving_is_non_myopically_stable()
    {
        // States: 1 = crash (NN), 2 = driver 1 swerves (YN), 3 = driver 2 swerves (NY), 4 = both swerve (YY).
        // Worked by hand for driver 1 (driver 2 is symmetric):
        // h = 1: stable at 2 and 3 (Nash).
        // h = 2: at 2, going straight crashes (1), and driver 2 then swerves (3, its gain): 1 ends at its best,
        //        so it moves; at 4, going straight gives 3 and 2 cannot improve by crashing: 1 moves too.
        //        Only 3 is stable for driver 1, only 2 for driver 2: no L_2 equilibrium.
        // h = 3: at 4, going straight gives 3, where driver 2 (horizon 2) crashes expecting 1 to swerve (→ 2),
        //        so 1 would end at 2, worse than 4: it stays. Stable for 1: {3, 4}; for 2: {2, 4}.
        // h = 4 reproduces the h = 3 anticipations, so they are fixed: non-myopically only 4 is an equilibrium.
        var analyzer = new LimitedMoveAnalyzer(ConflictGraph.Build(ClassicConflictTests.Chicken()));
        Assert.Equal([2, 3], Members(analyzer.Equilibria(1)));
        Assert.Equal([3], Members(analyzer.Stable(0, 2)));
        Assert.Equal([2], Members(analyzer.Stable(1, 2)));
        Assert.Empty(Members(analyzer.Equilibria(2)));
        Assert.Equal([3, 4], Members(analyzer.Stable(0, 3)));
        Assert.Equal([2, 4], Members(analyzer.Stable(1, 3)));
        for (var h = 3; h <= 8; h++) Assert.Equal([4], Members(analyzer.Equilibria(h)));
        var nonMyopic = analyzer.NonMyopic();
        Assert.Equal([4], Members(nonMyopic.Equilibria));
        Assert.Equal(1, nonMyopic.Period);
    }

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 0; seed < 60; seed++) data.Add(seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Engine_matches_the_recursive_definition_on_random_two_player_conflicts(int seed)
    {
        var conflict = RandomConflicts.Create(seed * 104729 + 11, 2);
        var graph = ConflictGraph.Build(conflict);
        var reference = new ReferenceStability(conflict);
        var limited = new ReferenceLimitedMove(reference);
        var analyzer = new LimitedMoveAnalyzer(graph);
        for (var h = 1; h <= 6; h++)
            for (var dm = 0; dm < 2; dm++)
            {
                var anticipated = analyzer.Anticipated(dm, h);
                for (var s = 0; s < graph.StateCount; s++)
                    Assert.True(limited.Anticipate(h, dm, graph.Codes[s]) == graph.Codes[anticipated[s]],
                        $"{conflict.Name}: G_{h}(DM{dm}, state {s + 1})");
            }
        var nonMyopic = analyzer.NonMyopic();
        for (var dm = 0; dm < 2; dm++)
            for (var s = 0; s < graph.StateCount; s++)
                Assert.True(limited.IsNonMyopicStable(dm, graph.Codes[s]) == nonMyopic.Stable[dm].Contains(s),
                    $"{conflict.Name}: non-myopic for DM{dm} at state {s + 1}");
    }

    [Fact]
    public void Horizon_one_is_Nash_stability()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var graph = ConflictGraph.Build(RandomConflicts.Create(seed * 31 + 5, 2));
            var nash = new StabilityAnalyzer(graph);
            var limited = new LimitedMoveAnalyzer(graph);
            for (var dm = 0; dm < 2; dm++)
                Assert.Equal(nash.Stable(SolutionConcept.Nash, dm).Members(), limited.Stable(dm, 1).Members());
        }
    }

    [Fact]
    public void Random_conflicts_have_horizons_that_change_verdicts()
    {
        // Guards the agreement test against vacuity: deeper anticipation must matter somewhere.
        var differs = 0;
        for (var seed = 0; seed < 60; seed++)
        {
            var limited = new LimitedMoveAnalyzer(ConflictGraph.Build(RandomConflicts.Create(seed * 104729 + 11, 2)));
            if (!limited.Stable(0, 2).Members().SequenceEqual(limited.Stable(0, 5).Members())) differs++;
        }
        Assert.True(differs > 3, $"only {differs} random conflicts change verdict between horizons 2 and 5");
    }

    [Fact]
    public void More_than_two_decision_makers_is_a_clear_error()
    {
        var error = Assert.Throws<ConflictModelException>(() => new LimitedMoveAnalyzer(ConflictGraph.Build(RandomConflicts.Create(1, 3))));
        Assert.Contains("two decision makers", error.Message);
    }
}
