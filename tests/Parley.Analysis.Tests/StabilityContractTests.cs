using Parley.Analysis.Analyses;
using Parley.Analysis.Contracts;
using Parley.Analysis.Json;
using Parley.Analysis.Results;
using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Core.Model;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;
using Parley.Stability.Scenarios;
using Xunit;

namespace Parley.Analysis.Tests;

/// <summary>
/// The stability contract on conflicts small enough to work by hand (Prisoner's Dilemma and Chicken, as in
/// Fang, Hipel &amp; Kilgour 1993 and Fraser &amp; Hipel 1984): every expected verdict is derived in the comments
/// from the conflicts' definitions, not taken from the engine.
/// </summary>
public class StabilityContractTests
{
    private static readonly StabilityAnalysisContract Contract = new();

    private const string Header = """
        id: {0}
        title: Sketch
        sources: [{id: memo, title: Memo}]
        parties:
          - {id: A, name: Alpha, role: belligerent}
          - {id: B, name: Beta, role: belligerent}
        issues:
          - {id: x, name: X, options: [{id: a, label: A}, {id: b, label: B}]}

        """;

    private static Scenario Load(string id, string conflict) =>
        ScenarioLoader.LoadText(Header.Replace("{0}", id) + conflict, $"{id}.yaml").GetOrThrow();

    // Prisoner's Dilemma. Options: a_coop (A cooperates), b_coop (B cooperates); states in gmcr-py order
    // 1 NN, 2 YN (only A cooperates), 3 NY (only B cooperates), 4 YY. Each ranks temptation (the other alone
    // cooperates) > reward (both) > punishment (neither) > sucker (oneself alone): A ranks 3 > 4 > 1 > 2, B 2 > 4 > 1 > 3.
    private static Scenario Prisoners(string statusQuo = "") => Load("prisoners", $$$$"""
        conflict:
          {{{{statusQuo}}}}
          decision_makers:
            A:
              options: {a_coop: {cite: {source: memo, quote: "a"}}}
              ranking: ["b_coop and not a_coop", "a_coop and b_coop", "not a_coop", true]
            B:
              options: {b_coop: {cite: {source: memo, quote: "b"}}}
              ranking: ["a_coop and not b_coop", "a_coop and b_coop", "not b_coop", true]
        """);

    // Chicken. Options: a_swerve, b_swerve; states 1 NN (crash), 2 YN (A swerves), 3 NY (B swerves), 4 YY.
    // A ranks 3 > 4 > 2 > 1, B 2 > 4 > 3 > 1.
    private static Scenario Chicken() => Load("chicken", """
        conflict:
          decision_makers:
            A:
              options: {a_swerve: {cite: {source: memo, quote: "a"}}}
              ranking: ["b_swerve and not a_swerve", "a_swerve and b_swerve", "a_swerve", true]
            B:
              options: {b_swerve: {cite: {source: memo, quote: "b"}}}
              ranking: ["a_swerve and not b_swerve", "a_swerve and b_swerve", "b_swerve", true]
        """);

    private static StabilityResult Result(Scenario scenario, AnalysisOptions? options = null) =>
        Contract.Run(scenario, options ?? AnalysisOptions.Default).ResultAs<StabilityResult>();

    // Nash: from NN each unilateral move gives the mover the sucker's payoff, so NN is stable; from YY each gains
    // by defecting; YN and NY each have a cooperator who gains by stopping. Only NN. GMR/SMR/SEQ/SIM: A's defection
    // YY → NY is answered by B's defection NY → NN (B's improvement, sucker → punishment), leaving A with the
    // punishment, worse than the reward at YY: deterred, and symmetrically for B, so YY joins NN. YN stays
    // unstable for A under every concept: its withdrawal to NN can only be answered by B's move to NY, A's best state.
    [Fact]
    public void Prisoners_dilemma_has_the_equilibria_of_the_literature()
    {
        var result = Result(Prisoners());
        Assert.Equal(["A", "B"], result.DecisionMakers);
        Assert.Equal(["Nash", "GMR", "SMR", "SEQ", "SIM", "SEQ+SIM"], result.Concepts);
        Assert.Equal(4, result.StateCount);
        Assert.True(result.AllStatesListed);
        Assert.Equal([1], result.Equilibria["Nash"]);
        foreach (var concept in new[] { "GMR", "SMR", "SEQ", "SIM", "SEQ+SIM" }) Assert.Equal([1, 4], result.Equilibria[concept]);
        Assert.Equal(["NN", "YN", "NY", "YY"], result.States.Select(s => s.OptionForm));
        // At NY A has its best state (stable), B is the sucker and gains by stopping (unstable).
        Assert.Equal([true, false], result.States[2].Stable["Nash"]);
        Assert.Equal(["a_coop"], result.States[1].Taken);
        // Dense ranks, higher is better: A's order 3 > 4 > 1 > 2 reads 1, 0, 3, 2 for states 1..4.
        Assert.Equal([1, 0, 3, 2], result.States.Select(s => s.Payoffs[0]));
        // Each prisoner controls one option, so from any state each has exactly one move: its own option flipped.
        Assert.Equal([[2], [3]], result.States[0].Reachable.Select(r => r.ToArray()));
        Assert.Equal(["GMR", "SMR", "SEQ", "SIM", "SEQ+SIM"], result.States[3].EquilibriumUnder);
        Assert.Null(result.StatusQuo);
    }

    // From YY to the Nash equilibrium NN both must defect, each once: two moves by different movers, each an improvement.
    [Fact]
    public void Status_quo_paths_of_the_prisoners_and_the_sections_own_status_quo()
    {
        var result = Result(Prisoners(), new AnalysisOptions { StatusQuo = "YY", Concepts = "Nash" });
        var reachable = Assert.Single(result.StatusQuo!.ReachableEquilibria["Nash"]);
        Assert.Equal(4, result.StatusQuo.State);
        Assert.Equal(1, reachable.State);
        Assert.Equal(2, reachable.ByMoves!.Count);
        Assert.NotEqual(reachable.ByMoves[0].Mover, reachable.ByMoves[1].Mover);
        Assert.Equal(2, reachable.ByImprovements!.Count);

        // No status quo asked for: the section's own (both cooperate) is traced; none written, none traced.
        var own = Result(Prisoners("status_quo: [a_coop, b_coop]"), new AnalysisOptions { Concepts = "Nash" });
        Assert.Equal(4, own.StatusQuo!.State);
        Assert.Null(Result(Prisoners(), new AnalysisOptions { Concepts = "Nash" }).StatusQuo);
    }

    // Chicken, Nash: exactly one driver swerves (2, 3). L2: from 2 A goes straight (to 1) expecting B to swerve (to
    // 3), which A prefers to 2, so 2 is unstable for A, 3 for B; 1 and 4 already fail: no L2 equilibrium. L3: from 4,
    // A's move to 3 is answered by B's threat (3 → 1) anticipating A's swerve (1 → 2), worse for A than 4: A stays,
    // and B symmetrically; mutual swerving is the L3 and the non-myopic equilibrium (Kilgour 1985).
    [Theory]
    [InlineData(2, new int[0])]
    [InlineData(3, new[] { 4 })]
    public void Chicken_limited_move_and_non_myopic_equilibria(int horizon, int[] expected)
    {
        var result = Result(Chicken(), new AnalysisOptions { Concepts = "Nash", Horizon = horizon, NonMyopic = true });
        Assert.Equal([2, 3], result.Equilibria["Nash"]);
        Assert.Equal([$"L{horizon}", "NM"], result.ExtraVerdicts.Select(c => c.Label));
        Assert.Equal(expected, result.ExtraVerdicts[0].Equilibria);
        Assert.Equal([4], result.ExtraVerdicts[1].Equilibria);
    }

    // Nash at YY: A's only move is to withdraw its cooperation (to NY), so YY is stable for A iff A likes 4 at least
    // as much as 3; of the 24 strict rankings of four states half put 4 above 3: 12 · 12 of 24 · 24 for both.
    [Fact]
    public void Inverse_analysis_and_goal_seeking_of_mutual_cooperation()
    {
        var result = Result(Prisoners(), new AnalysisOptions { Inverse = "YY", InverseConcepts = "Nash", Goals = ["stable:4"] });
        var nash = Assert.Single(result.Inverse!.Concepts);
        Assert.Equal("A prefers state 4 (YY) at least as much as state 3 (NY)", nash.Conditions[0].Text);
        Assert.Equal(["withdrawing 'a_coop' (state 3)"], nash.Conditions[0].MustNotPrefer);
        Assert.Equal(144, nash.RankingCount);
        Assert.Equal(576, nash.RankingsExamined);
        Assert.Equal([3, 4], result.Inverse.StatesMentioned.Select(s => s.Number).Where(n => n is 3 or 4));

        Assert.True(result.Goals!.Achievable);
        Assert.Equal([("A", 4, 3), ("B", 4, 2)], result.Goals.Relations.Select(r => (r.DecisionMaker, r.Better, r.Worse)).OrderBy(r => r.DecisionMaker, StringComparer.Ordinal));
    }

    // Together the prisoners go from NN (punishment, punishment) to YY (reward, reward): NN is not stable for the
    // pair; nothing beats YY for both, so the GMR equilibrium YY survives the coalition, while no Nash equilibrium does.
    [Fact]
    public void Coalition_of_the_prisoners_upsets_mutual_defection_and_explanation_names_the_sanction()
    {
        var result = Result(Prisoners(), new AnalysisOptions { Coalitions = ["a+b"], Explain = "4", Concepts = "Nash,GMR" });
        var coalition = Assert.Single(result.Coalitions);
        Assert.Equal(["A", "B"], coalition.Members);
        Assert.Equal([2, 3, 4], coalition.Stable["Nash"]);
        Assert.Empty(coalition.EquilibriaStableForCoalition["Nash"]);
        Assert.Equal([4], coalition.EquilibriaStableForCoalition["GMR"]);

        var gmrA = result.Explanation!.Verdicts.Single(v => v.Concept == "GMR" && v.DecisionMaker == "A");
        Assert.True(gmrA.Stable);
        var improvement = Assert.Single(gmrA.Improvements);
        Assert.Equal(3, improvement.Target);
        Assert.Equal(("B", 1), Assert.Single(improvement.Sanction!) is var m ? (m.Mover, m.State) : default);
        Assert.All(result.Explanation.Verdicts.Where(v => v.Concept == "Nash"), v => Assert.False(v.Stable));
    }

    // The same Prisoner's Dilemma as a gmcr-py file: One's statements "Two cooperates" then "One does not" score
    // the states 1, 0, 3, 2 (the ranks above); the second entry point gives the same verdicts.
    [Fact]
    public void A_gmcr_conflict_read_elsewhere_goes_through_the_same_composition()
    {
        const string gmcr = """
            {"program": "gmcr-py", "useManualPreferenceRanking": false, "infeasibles": [],
             "options": [{"name": "One cooperates", "permittedDirection": "both"}, {"name": "Two cooperates", "permittedDirection": "both"}],
             "decisionMakers": [
                {"name": "One", "options": [0], "preferences": [[[1, "Y"]], [[0, "N"]]]},
                {"name": "Two", "options": [1], "preferences": [[[0, "Y"]], [[1, "N"]]]}]}
            """;
        var input = ConflictInput.FromGmcr("pd.gmcr", GmcrFile.Parse(gmcr, "pd.gmcr"));
        var fromFile = Contract.Compute(input, AnalysisOptions.Default);
        var fromScenario = Result(Prisoners());
        Assert.Equal(fromScenario.Equilibria, fromFile.Equilibria);
        Assert.Equal(fromScenario.States.Select(s => s.Stable["SEQ"].ToArray()), fromFile.States.Select(s => s.Stable["SEQ"].ToArray()));
        var document = Contract.Document(input, fromFile);
        Assert.Equal("pd.gmcr", document.Scenario);
        Assert.Equal(StabilityAnalysisContract.AnalysisName, document.Analysis);
    }

    [Fact]
    public void Two_runs_write_byte_identical_documents_on_any_number_of_threads()
    {
        var scenario = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var options = new AnalysisOptions { Explain = "default", Coalitions = ["RU+UA"] };
        var first = ResultJson.Serialize(Contract.Run(scenario, options));
        var second = ResultJson.Serialize(Contract.Run(scenario, options with { Threads = 1 }));
        Assert.Equal(first, second);
        // The document reads back into the same record and writes the same bytes again.
        Assert.Equal(first, ResultJson.Serialize(ResultJson.Deserialize<AnalysisDocument<StabilityResult>>(first)));
    }

    // A state is Nash stable for a decision maker exactly when none of its unilateral moves leads to a state it ranks higher.
    [Fact]
    public void Every_nash_verdict_of_the_built_in_conflict_is_the_brute_force_one()
    {
        var scenario = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var result = Result(scenario, new AnalysisOptions { Concepts = "Nash" });
        var graph = ConflictGraph.Build(ConflictSection.Read(scenario, new DiagnosticBag())!.Conflict);
        Assert.Equal(graph.StateCount, result.States.Count);
        foreach (var state in result.States)
        {
            var s = state.Number - 1;
            for (var d = 0; d < graph.DecisionMakerCount; d++)
            {
                var stable = Enumerable.Range(0, graph.StateCount).All(t => !graph.CanMove(d, s, t) || graph.Ranks[d][t] <= graph.Ranks[d][s]);
                Assert.Equal(stable, state.Stable["Nash"][d]);
            }
            Assert.Equal(state.Stable["Nash"].All(x => x), result.Equilibria["Nash"].Contains(state.Number));
        }
    }

    [Fact]
    public void Refusals_are_located_and_say_why()
    {
        // No conflict section: the section's own missing-key error.
        var river = ScenarioLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "examples", "river-valley.yaml")).GetOrThrow();
        var missing = Assert.Single(Contract.Validate(river, AnalysisOptions.Default));
        Assert.Equal(("conflict", DiagnosticCodes.MissingKey), (missing.Path, missing.Code));
        Assert.Contains("has no 'conflict' section", missing.Message);
        Assert.Equal(missing.Message, Assert.Throws<AnalysisException>(() => Contract.Run(river, AnalysisOptions.Default)).Message);

        // A misspelt option in a ranking: located at its line, under its path.
        var typo = Load("typo", """
            conflict:
              decision_makers:
                A:
                  options: {a_coop: {cite: {source: memo, quote: "a"}}}
                  ranking: ["b_cop", true]
                B:
                  options: {b_coop: {cite: {source: memo, quote: "b"}}}
                  ranking: [b_coop, true]
            """);
        var located = Assert.Single(Contract.Validate(typo, AnalysisOptions.Default));
        Assert.StartsWith("conflict.decision_makers.A.ranking", located.Path);
        Assert.Equal(13, located.Location!.Line); // the ranking's line: the header's eight lines, then conflict, decision_makers, A, options
        Assert.Contains("did you mean 'b_coop'", located.Message);

        // Options: each problem under the option's name.
        var problems = Contract.Validate(Prisoners(), new AnalysisOptions { Concepts = "Nash,XYZ", Explain = "a_cop", Goals = ["maybe:4"], Horizon = 0 });
        Assert.Equal(["concepts", "horizon", "explain", "goals"], problems.Select(p => p.Path));
        Assert.Contains("unknown solution concept 'XYZ'", problems[0].Message);
        Assert.Equal(DiagnosticCodes.UnknownReference, problems[2].Code);
        Assert.Contains("did you mean 'a_coop'", problems[2].Message);

        // Limited-move stability of three decision makers does not apply.
        var three = new AnalysisOptions { Horizon = 2 };
        var ukraine = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var notApplicable = Assert.Single(Contract.Validate(ukraine, three));
        Assert.Equal((StabilityAnalysisContract.NotApplicable, "horizon"), (notApplicable.Code, notApplicable.Path));
        Assert.Contains("exactly two decision makers", notApplicable.Message);
        Assert.Contains("this one has 4", notApplicable.Message);

        // "default" where the conflict names no status quo.
        var noDefault = Assert.Single(Contract.Validate(Prisoners(), new AnalysisOptions { Inverse = "default" }));
        Assert.Equal(("inverse", DiagnosticCodes.UnknownReference), (noDefault.Path, noDefault.Code));
        Assert.Contains("names no status quo", noDefault.Message);
    }

    [Fact]
    public void A_conflict_over_the_listing_limit_lists_the_states_of_interest_unless_all_are_asked_for()
    {
        // Eight options of one decision maker and one of another: 2^9 = 512 states, over the 64 listed in full. A
        // wants all its options taken and can take them in one move from anywhere, B wants its own: the only Nash
        // equilibrium is everything taken (state 512); the status quo, a1 alone, is state 2.
        var a = string.Join(", ", Enumerable.Range(1, 8).Select(k => $"a{k}: {{cite: {{source: memo, quote: \"a\"}}}}"));
        var allOfA = string.Join(" and ", Enumerable.Range(1, 8).Select(k => $"a{k}"));
        var big = Load("big", $$$$"""
            conflict:
              status_quo: [a1]
              decision_makers:
                A:
                  options: {{{{{a}}}}}
                  ranking: ["{{{{allOfA}}}}", true]
                B:
                  options: {b1: {cite: {source: memo, quote: "b"}}}
                  ranking: ["b1", true]
            """);
        var result = Result(big, new AnalysisOptions { Concepts = "Nash" });
        Assert.Equal(512, result.StateCount);
        Assert.False(result.AllStatesListed);
        Assert.Equal([512], result.Equilibria["Nash"]);
        Assert.Equal(2, result.StatusQuo!.State);
        // Listed: exactly the Nash equilibrium and the status quo, in state order.
        Assert.Equal([2, 512], result.States.Select(s => s.Number));
        var all = Result(big, new AnalysisOptions { Concepts = "Nash", AllStates = true });
        Assert.True(all.AllStatesListed);
        Assert.Equal(Enumerable.Range(1, 512), all.States.Select(s => s.Number));
    }
}
