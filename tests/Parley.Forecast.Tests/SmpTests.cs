using Parley.Forecast.Import;
using Parley.Forecast.Smp;

namespace Parley.Forecast.Tests;

public class SmpMathTests
{
    [Fact]
    public void Voting_rules_follow_their_definitions()
    {
        // du = 0.5 − 0.3 = 0.2, weight 2.
        Assert.Equal(2 * 0.2, SmpMath.Vote(VotingRule.Proportional, 2, 0.5, 0.3), 12);
        Assert.Equal(2.0, SmpMath.Vote(VotingRule.Binary, 2, 0.5, 0.3), 12);
        Assert.Equal(2 * (0.8 * 0.2 + 0.2), SmpMath.Vote(VotingRule.PropBin, 2, 0.5, 0.3), 12);
        Assert.Equal(2 * (0.5 * 0.2 + 0.5 * 0.008), SmpMath.Vote(VotingRule.PropCbc, 2, 0.5, 0.3), 12);
        Assert.Equal(2 * 0.008, SmpMath.Vote(VotingRule.Cubic, 2, 0.5, 0.3), 12);
        Assert.Equal(2 * 2 * 0.2 / 3, SmpMath.Vote(VotingRule.ASymProsp, 2, 0.5, 0.3), 12);
        Assert.Equal(-2 * 0.2, SmpMath.Vote(VotingRule.ASymProsp, 2, 0.3, 0.5), 12);
    }

    [Fact]
    public void Victory_probability_models()
    {
        Assert.Equal(3.0 / 4, SmpMath.VictoryProbability(VictoryProbModel.Linear, 3, 1), 12);
        Assert.Equal(9.0 / 10, SmpMath.VictoryProbability(VictoryProbModel.Square, 3, 1), 12);
        Assert.Equal(81.0 / 82, SmpMath.VictoryProbability(VictoryProbModel.Quartic, 3, 1), 12);
        Assert.Equal(6561.0 / 6562, SmpMath.VictoryProbability(VictoryProbModel.Octic, 3, 1), 12);
        Assert.Equal(1 / (1 + 1e-6), SmpMath.VictoryProbability(VictoryProbModel.Binary, 1.2, 1), 12);
        Assert.Equal(0.5, SmpMath.VictoryProbability(VictoryProbModel.Binary, 1, 1), 12);
        // 5% advantage: r12 = 1.05/2.05; p = (r12·2.1 − 1)/0.1
        Assert.Equal((1.05 / 2.05 * 2.1 - 1) / 0.1, SmpMath.VictoryProbability(VictoryProbModel.Binary, 1.05, 1), 9);
    }

    [Fact]
    public void Risk_attitude_ranges()
    {
        double[] p = [0.1, 0.3, 0.6];
        Assert.Equal([0, 0.4, 1], SmpMath.BigRFromProbability(p, BigRRange.Min).Select(x => Math.Round(x, 12)));
        Assert.Equal([-0.5, 0.1, 1], SmpMath.BigRFromProbability(p, BigRRange.Mid).Select(x => Math.Round(x, 12)));
        Assert.Equal([-1, -0.2, 1], SmpMath.BigRFromProbability(p, BigRRange.Max).Select(x => Math.Round(x, 12)));
        Assert.Equal((2 * 0.3 + 0.9) / 3, SmpMath.EstimateRisk(0.3, 0.9, BigRAdjust.OneThird), 12);
        Assert.Equal(0.9, SmpMath.EstimateRisk(0.3, 0.9, BigRAdjust.Full), 12);
        Assert.Equal(0.3, SmpMath.EstimateRisk(0.3, 0.9, BigRAdjust.None), 12);
    }

    [Fact]
    public void Utility_and_distance()
    {
        // (1 − d)(1 + dR) with d = 0.4, R = 0.5 → 0.6 · 1.2
        Assert.Equal(0.72, SmpMath.BsUtil(0.4, 0.5), 12);
        // sqrt((0.3²·0.2² + 0.1²·0.4²)/(0.3² + 0.1²))
        Assert.Equal(Math.Sqrt((0.09 * 0.04 + 0.01 * 0.16) / 0.1), SmpMath.BvDiff([0.5, 0.9], [0.3, 0.5], [0.3, 0.1]), 12);
    }

    [Fact]
    public void Pce_models_on_two_and_three_options()
    {
        // Two options with coalitions 3 : 1 (Linear): every PCE model gives 3/4 : 1/4.
        double[] c2 = [SmpMath.MinCoalition, 3, 1, SmpMath.MinCoalition];
        foreach (var model in Enum.GetValues<PceModel>())
        {
            var p = SmpMath.Pce(model, VictoryProbModel.Linear, c2, 2);
            Assert.Equal(0.75, p[0], 5); // the Markov models carry a 1e-10 self-incentive and stop at a 1e-6..1e-8 change
        }
        // Conditional: p_i ∝ Π_j v(i,j). Three options, v(0,1) = 0.75, v(0,2) = 0.6, v(1,2) = 0.5.
        double[] c3 = [1e-8, 3, 3, 1, 1e-8, 1, 2, 1, 1e-8];
        var pc = SmpMath.Pce(PceModel.Conditional, VictoryProbModel.Linear, c3, 3);
        var raw = new[] { 0.5 * 0.75 * 0.6, 0.25 * 0.5 * 0.5, 0.4 * 0.5 * 0.5 };
        for (var i = 0; i < 3; i++) Assert.Equal(raw[i] / raw.Sum(), pc[i], 9);
    }

    [Fact]
    public void Third_party_votes_compare_siding_with_i_and_with_j()
    {
        // SemiCommit: side with i = p(2u_i + u_t) + (1−p)3u_j, side with j = p·3u_i + (1−p)(2u_j + u_t).
        const double p = 0.6, ui = 0.7, uj = 0.2, ut = 1.0;
        var withI = p * (2 * ui + ut) + (1 - p) * 3 * uj;
        var withJ = p * 3 * ui + (1 - p) * (2 * uj + ut);
        Assert.Equal(2 * (withI - withJ), SmpEngine.ThirdPartyVote(VotingRule.Proportional, ThirdPartyCommit.SemiCommit, 2, p, ui, uj, ut), 12);
        // FullCommit: both sides evaluate to p·3u_i + (1−p)·3u_j, so the third party's vote cancels (as in KTAB's code).
        Assert.Equal(0, SmpEngine.ThirdPartyVote(VotingRule.Proportional, ThirdPartyCommit.FullCommit, 2, p, ui, uj, ut), 12);
        // NoCommit: p(2u_i + u_t) + (1−p)(2u_j + u_t) on both sides as well.
        Assert.Equal(0, SmpEngine.ThirdPartyVote(VotingRule.Proportional, ThirdPartyCommit.NoCommit, 2, p, ui, uj, ut), 12);
    }

    [Fact]
    public void Interpolated_bargain_weights_salience_and_probability()
    {
        // S2P2: w_i = (0.4·0.7)², w_j = (0.2·0.3)²; both move to the weighted average (rounded to 4 places).
        var wi = Math.Pow(0.4 * 0.7, 2);
        var wj = Math.Pow(0.2 * 0.3, 2);
        var (bi, bj) = SmpEngine.InterpolateSnPm(2, 0.1, 0.4, 0.7, 0.9, 0.2, 0.3);
        Assert.Equal(Math.Round((wi * 0.1 + wj * 0.9) / (wi + wj), 4), bi, 4);
        Assert.Equal(Math.Round((wi * 0.1 + wj * 0.9) / (wi + wj), 4), bj, 4);
    }
}

public class SmpEngineTests
{
    private static SpatialModel Example() => KtabCsvReader.ReadFile(TestFiles.Path("ktab", "dummyData_3Dim.csv"));

    public static TheoryData<string, VotingRule, ThirdPartyCommit> HotPathCases()
    {
        var data = new TheoryData<string, VotingRule, ThirdPartyCommit>();
        foreach (var file in new[] { "dummyData_3Dim.csv", "dummyData-a040.csv" })
            foreach (var rule in Enum.GetValues<VotingRule>())
                foreach (var commit in Enum.GetValues<ThirdPartyCommit>())
                    data.Add(file, rule, commit);
        return data;
    }

    [Theory]
    [MemberData(nameof(HotPathCases))]
    public void Hot_path_best_challenge_agrees_with_the_general_estimate(string file, VotingRule rule, ThirdPartyCommit commit)
    {
        var model = KtabCsvReader.ReadFile(TestFiles.Path("ktab", file));
        var engine = new SmpEngine(new SmpOptions { VotingRule = rule, ThirdPartyCommit = commit });
        var state = SmpEngine.SmpState.From(model);
        var vDiff = SmpEngine.IdealDistances(state);
        var risk = engine.RiskAttitudes(state, vDiff);
        for (var i = 0; i < model.ActorCount; i++)
        {
            // Brute force over targets with the general (h, k, i, j) estimate.
            int bestJ = -1; double bestGain = -1, bestP = 0;
            for (var j = 0; j < model.ActorCount; j++)
            {
                if (j == i) continue;
                var (p, gain) = engine.ProbabilityAndGain(state, vDiff, risk, i, i, i, j);
                if (gain > 1e-5 && gain > bestGain) (bestJ, bestGain, bestP) = (j, gain, p);
            }
            var fast = engine.BestChallengeForTest(state, i);
            Assert.Equal(bestJ, fast.J);
            // The specialised loop repeats the general arithmetic operation for operation.
            Assert.Equal(bestP, fast.P);
        }
    }

    [Theory]
    [InlineData(VotingRule.Proportional, 5, 7)]
    [InlineData(VotingRule.Proportional, 40, 60)]
    [InlineData(VotingRule.ASymProsp, 40, 60)]
    [InlineData(VotingRule.Cubic, 9, 4)]
    public void Coalitions_match_the_definition(VotingRule rule, int voters, int options)
    {
        var rng = new Random(voters * 100 + options);
        var w = Enumerable.Range(0, voters).Select(_ => 0.1 + rng.NextDouble()).ToArray();
        var util = Enumerable.Range(0, voters * options).Select(_ => rng.NextDouble()).ToArray();
        var c = SmpMath.Coalitions(rule, w, util, options);
        // Straight from the definition: c[a,b] = 1e-8 + Σ_k max(0, vote_k(a over b)).
        for (var a = 0; a < options; a++)
            for (var b = 0; b < options; b++)
            {
                var expected = 1e-8;
                if (a != b)
                    for (var k = 0; k < voters; k++)
                    {
                        // As in KTAB, each pair is voted on once with the higher index first; a vote against it counts for the other.
                        var v = a > b ? SmpMath.Vote(rule, w[k], util[k * options + a], util[k * options + b])
                                      : -SmpMath.Vote(rule, w[k], util[k * options + b], util[k * options + a]);
                        expected += Math.Max(0, v);
                    }
                Assert.Equal(expected, c[a * options + b], 12);
            }
    }

    [Fact]
    public void Reused_vote_scratch_still_matches_the_definitions()
    {
        // A scratch first filled by a larger vote (stale entries everywhere) must give what the
        // definitions give on the smaller one: the coalition table and the hand-worked PCE below.
        var scratch = new VoteScratch();
        var rng = new Random(7);
        var bigW = Enumerable.Range(0, 40).Select(_ => 0.1 + rng.NextDouble()).ToArray();
        var bigUtil = Enumerable.Range(0, 40 * 60).Select(_ => rng.NextDouble()).ToArray();
        SmpMath.Coalitions(VotingRule.Proportional, bigW, bigUtil, 60, scratch);
        SmpMath.Pce(PceModel.MarkovIncentive, VictoryProbModel.Linear, scratch.Coalitions, 60, scratch);

        double[] w = [1, 2, 0.5];
        double[] util = [0.9, 0.1, 0.2, 0.6, 0.4, 0.7]; // voter-major, 2 options
        SmpMath.Coalitions(VotingRule.Proportional, w, util, 2, scratch);
        // c[1,0] = 1e-8 + Σ max(0, w(u1 − u0)): voters 1 (2·0.4) and 2 (0.5·0.3) prefer option 1;
        // c[0,1]: only voter 0 (1·0.8) prefers option 0.
        Assert.Equal(1e-8 + 2 * 0.4 + 0.5 * 0.3, scratch.Coalitions[2], 12);
        Assert.Equal(1e-8 + 1 * 0.8, scratch.Coalitions[1], 12);
        Assert.Equal(1e-8, scratch.Coalitions[0], 12);
        Assert.Equal(1e-8, scratch.Coalitions[3], 12);

        double[] c3 = [1e-8, 3, 3, 1, 1e-8, 1, 2, 1, 1e-8];
        var p = SmpMath.Pce(PceModel.Conditional, VictoryProbModel.Linear, c3, 3, scratch);
        var raw = new[] { 0.5 * 0.75 * 0.6, 0.25 * 0.5 * 0.5, 0.4 * 0.5 * 0.5 };
        Assert.Equal(3, p.Length);
        for (var i = 0; i < 3; i++) Assert.Equal(raw[i] / raw.Sum(), p[i], 9);
        double[] c2 = [SmpMath.MinCoalition, 3, 1, SmpMath.MinCoalition];
        foreach (var model in Enum.GetValues<PceModel>())
            Assert.Equal(0.75, SmpMath.Pce(model, VictoryProbModel.Linear, c2, 2, scratch)[0], 5);
    }

    [Fact]
    public void Consecutive_runs_of_one_engine_equal_fresh_runs()
    {
        // The engine keeps nothing between runs: a second run (of the same or another model) on the
        // same instance matches a run on a fresh instance exactly, in every round.
        var small = KtabCsvReader.ReadFile(TestFiles.Path("ktab", "dummyData_3Dim.csv"));
        var large = KtabCsvReader.ReadFile(TestFiles.Path("ktab", "dummyData-a080.csv"));
        var options = new SmpOptions { PceModel = PceModel.MarkovIncentive, MaxTurns = 20 };
        var engine = new SmpEngine(options);
        var reusedLarge = engine.Run(large);
        var reusedSmall = engine.Run(small);
        var reusedLargeAgain = engine.Run(large);
        foreach (var (reused, model) in new[] { (reusedLarge, large), (reusedSmall, small), (reusedLargeAgain, large) })
        {
            var fresh = new SmpEngine(options).Run(model);
            Assert.Equal(fresh.Rounds.Select(EumEngineTests.Flatten).SelectMany(x => x), reused.Rounds.Select(EumEngineTests.Flatten).SelectMany(x => x));
            Assert.Equal(fresh.Forecasts.Select(f => f.Forecast), reused.Forecasts.Select(f => f.Forecast));
        }
    }

    public static TheoryData<string> Variants() =>
        new(Directory.GetFiles(TestFiles.Path("ktab", "variants"), "*.xml").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_option_variant_runs_keeps_positions_in_range_and_is_thread_independent(string file)
    {
        var model = KtabXmlReader.ReadFile(TestFiles.Path("ktab", "variants", file));
        var options = (model.SmpOptions ?? new SmpOptions()) with { Seed = model.Seed ?? 1, MaxTurns = 30 };
        var one = new SmpEngine(options with { MaxDegreeOfParallelism = 1 }).Run(model);
        var many = new SmpEngine(options with { MaxDegreeOfParallelism = 4 }).Run(model);
        Assert.Equal(one.RoundCount, many.RoundCount);
        for (var t = 0; t < one.Rounds.Count; t++)
        {
            Assert.Equal(EumEngineTests.Flatten(one.Rounds[t]), EumEngineTests.Flatten(many.Rounds[t]));
            foreach (var v in EumEngineTests.Flatten(one.Rounds[t])) Assert.InRange(v, 0, 100);
        }
        Assert.All(one.Forecasts, f => Assert.InRange(f.Forecast, 0, 100));
    }

    [Fact]
    public void Stochastic_runs_repeat_for_the_same_seed()
    {
        var model = KtabXmlReader.ReadFile(TestFiles.Path("ktab", "variants", "d3_StateTransitions-Stochastic.xml"));
        var options = model.SmpOptions! with { Seed = 42, MaxTurns = 25 };
        var a = new SmpEngine(options).Run(model);
        var b = new SmpEngine(options with { MaxDegreeOfParallelism = 1 }).Run(model);
        Assert.Equal(a.Rounds.Select(EumEngineTests.Flatten).SelectMany(x => x), b.Rounds.Select(EumEngineTests.Flatten).SelectMany(x => x));
    }

    [Fact]
    public void Unanimous_and_single_actor_scenarios_do_not_move()
    {
        var dims = new[] { new Dimension("a", "a", 0, 100), new Dimension("b", "b", 0, 100) };
        var unanimous = SpatialModel.Create("u", dims,
        [
            new SpatialActor("A", 10, [new Stance(30, 0.5), new Stance(70, 0.4)]),
            new SpatialActor("B", 50, [new Stance(30, 0.2), new Stance(70, 0.3)]),
            new SpatialActor("C", 20, [new Stance(30, 0.6), new Stance(70, 0.1)]),
        ]);
        var single = SpatialModel.Create("s", dims, [new SpatialActor("A", 10, [new Stance(30, 0.5), new Stance(70, 0.4)])]);
        foreach (var model in new[] { unanimous, single })
        {
            var result = new SmpEngine().Run(model);
            foreach (var round in result.Rounds)
                for (var i = 0; i < model.ActorCount; i++)
                {
                    Assert.Equal(30, round[i, 0], 9);
                    Assert.Equal(70, round[i, 1], 9);
                }
            Assert.Equal(30, result.Forecasts[0].Forecast, 9);
        }
    }

    [Fact]
    public void Ideal_adjustment_file_runs()
    {
        var model = KtabXmlReader.ReadFile(TestFiles.Path("ktab", "variants", "d3_ideal_adjust.xml"));
        var result = new SmpEngine(model.SmpOptions! with { MaxTurns = 20 }).Run(model);
        Assert.True(result.RoundCount >= 1);
    }

    [Fact]
    public void Ideal_adjustment_leaves_unlisted_actors_tracking_their_positions()
    {
        // KTAB (smpread.cpp) starts the accommodation matrix as the identity and overwrites listed cells.
        var model = KtabXmlReader.ReadFile(TestFiles.Path("ktab", "variants", "d3_ideal_adjust.xml"));
        var a = model.IdealAdjustment!;
        for (var i = 0; i < model.ActorCount; i++)
            if (i is not (0 or 3))
                for (var j = 0; j < model.ActorCount; j++) Assert.Equal(i == j ? 1.0 : 0.0, a[i, j]);
        Assert.Equal((0.8, 0.1), (a[0, 0], a[0, 2]));
        Assert.Equal((0.5, 0.3), (a[3, 3], a[3, 5]));
    }

    [Theory]
    [InlineData("d3_default_explicit.xml")]
    [InlineData("d3_noparams.xml")]
    public void Xml_with_an_identity_pair_for_one_actor_runs_exactly_as_the_csv(string file)
    {
        // The same scenario as dummyData_3Dim.csv, default parameters, with <IdealAdjustment> listing only
        // SActor-00 → SActor-00 = 1: in KTAB every actor's ideal then tracks its position, as without the block.
        var xml = KtabXmlReader.ReadFile(TestFiles.Path("ktab", "variants", file));
        var csv = KtabCsvReader.ReadFile(TestFiles.Path("ktab", "dummyData_3Dim.csv"));
        var fromXml = new SmpEngine(xml.SmpOptions ?? new SmpOptions()).Run(xml);
        var fromCsv = new SmpEngine().Run(csv);
        Assert.True(fromCsv.Converged);
        Assert.Equal(fromCsv.RoundCount, fromXml.RoundCount);
        Assert.Equal(fromCsv.Converged, fromXml.Converged);
        for (var t = 0; t < fromCsv.Rounds.Count; t++)
            Assert.Equal(fromCsv.Rounds[t], fromXml.Rounds[t]);
        for (var k = 0; k < 3; k++) Assert.Equal(fromCsv.Forecasts[k].Forecast, fromXml.Forecasts[k].Forecast);
    }

    [Fact]
    public void Bargain_votes_measure_from_each_voters_ideal_not_its_position()
    {
        // Hand-worked, one dimension (distance = |y − x|), risk-neutral u = 1 − d except voter 1 with
        // R = 0.5: u = (1 − d)(1 + d/2). Positions 0.2, 0.5, 0.9; ideals 0.0, 0.5, 1.0 (ideal ≠ position
        // for voters 0 and 2, as after a turn with an accommodation matrix). One bargain: 0 → 0.35, 1 → 0.45.
        var state = new SmpEngine.SmpState(3, 1, [1.0, 1.0, 1.0], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5],
            [0.2, 0.5, 0.9], [0.0, 0.5, 1.0], null);
        var util = SmpEngine.BargainUtilitiesForTest(state, [0.0, 0.5, 0.0], [(0, 1, [0.35], [0.45])]);
        // voter 0 (ideal 0): SQ (0.8 + 0.5 + 0.1)/3; bargain (0.65 + 0.55 + 0.1)/3
        Assert.Equal(1.4 / 3, util[0], 12);
        Assert.Equal(1.3 / 3, util[1], 12);
        // voter 1 (ideal = position 0.5, R = 0.5): SQ (0.7·1.15 + 1 + 0.6·1.2)/3; bargain (0.85·1.075 + 0.95·1.025 + 0.72)/3
        Assert.Equal(2.525 / 3, util[2], 12);
        Assert.Equal(2.6075 / 3, util[3], 12);
        // voter 2 (ideal 1): SQ (0.2 + 0.5 + 0.9)/3; bargain (0.35 + 0.45 + 0.9)/3. Measured from its
        // position 0.9 the bargain would be worth (0.45 + 0.55 + 0.9)/3 = 1.9/3 instead.
        Assert.Equal(1.6 / 3, util[4], 12);
        Assert.Equal(1.7 / 3, util[5], 12);
    }

    [Fact]
    public void Win_probabilities_per_turn_match_ktabs_reference_log()
    {
        // KTAB's own run of this scenario with these (default) parameters, "History of actors' winning probabilities"
        // in examples/smp/doc/20170530_ref-dummyData_3Dim.txt of lsyaseen/KTAB (smpc 0.1, 2017): one row per actor,
        // one value per state (turn 0 = the input, then 10 turns), printed to 4 decimals.
        double[][] ktab =
        [
            [0.0047, 0.6059, 0.3618, 0.2234, 0.2420, 0.4040, 0.4031, 0.3546, 0.4593, 0.3962, 0.3340],
            [0.0302, 0.0509, 0.3087, 0.3684, 0.2457, 0.1811, 0.1290, 0.3546, 0.2960, 0.3962, 0.3340],
            [0.0054, 0.0096, 0.0256, 0.0158, 0.0096, 0.0339, 0.0072, 0.0571, 0.0194, 0.0074, 0.0183],
            [0.1492, 0.1406, 0.1887, 0.1674, 0.0823, 0.2564, 0.0533, 0.2768, 0.1131, 0.0507, 0.0957],
            [0.6001, 0.6059, 0.1152, 0.3684, 0.2420, 0.4040, 0.0446, 0.3115, 0.4593, 0.1730, 0.1512],
            [0.1447, 0.1217, 0.3618, 0.0649, 0.3687, 0.1246, 0.3628, 0.3115, 0.2960, 0.3530, 0.4009],
            [0.0656, 0.0713, 0.3087, 0.1602, 0.0517, 0.1246, 0.4031, 0.3546, 0.1123, 0.0198, 0.1512],
        ];
        var model = KtabCsvReader.ReadFile(TestFiles.Path("ktab", "dummyData_3Dim.csv"));
        var result = new SmpEngine().Run(model);
        var win = result.WinProbabilities!;
        Assert.Equal(result.Rounds.Count, win.Count);
        // Turn 0 depends only on the input; the later turns also need the same dynamics as KTAB's.
        var turns = Math.Min(win.Count, ktab[0].Length);
        for (var t = 0; t < turns; t++)
            for (var i = 0; i < model.ActorCount; i++)
                Assert.True(Math.Abs(ktab[i][t] - win[t][i]) <= 0.00005 + 1e-9, $"turn {t}, actor {i}: KTAB {ktab[i][t]}, Parley {win[t][i]:0.######}");
        Assert.Equal(ktab[0].Length, win.Count);
    }

    [Fact]
    public void Win_probabilities_are_shared_by_actors_on_one_position_and_absent_for_the_eum()
    {
        var model = TestFiles.OneDimension(("A", 10, 20, 0.5), ("B", 10, 20, 0.5), ("C", 30, 80, 0.5), ("D", 5, 60, 0.3));
        var result = new SmpEngine().Run(model);
        Assert.Equal(result.Rounds.Count, result.WinProbabilities!.Count);
        for (var t = 0; t < result.Rounds.Count; t++)
        {
            var p = result.WinProbabilities[t];
            var x = result.Rounds[t];
            // Distinct positions as KTAB counts them: within 1e-3 of the normalised scale (0.1 here) is one position.
            var reps = new List<int>();
            var distinct = 0.0;
            for (var i = 0; i < model.ActorCount; i++)
            {
                var same = reps.LastOrDefault(r => Math.Abs(x[r, 0] - x[i, 0]) / 100 < 1e-3, -1);
                if (same < 0) { reps.Add(i); distinct += p[i]; }
                else Assert.Equal(p[same], p[i]); // one position, one probability
            }
            Assert.Equal(1.0, distinct, 9); // a distribution over the distinct positions
        }
        Assert.Equal(result.WinProbabilities[0][0], result.WinProbabilities[0][1]);
        Assert.Null(new Parley.Forecast.Eum.EumEngine().Run(model).WinProbabilities);
    }
}
