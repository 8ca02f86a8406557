using System.Text.Json;
using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

/// <summary>
/// <c>parley stability</c> end to end, on gmcr-py's sample files and on scenario files. Expected verdicts are
/// worked by hand from the conflicts' definitions, not taken from the engine.
/// </summary>
public class StabilityCommandTests
{
    private static string RepositoryRoot => CliRunner.RepositoryRoot;

    /// <summary>gmcr-py's sample files (copies of ../shared/gmcr-py-examples kept in the repository).</summary>
    private static string Sample(string name) => Path.Combine(RepositoryRoot, "tests", "Parley.Stability.Tests", "TestData", "gmcr", name);

    private static JsonElement RunJson(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(["stability", .. args, "--format", "json"]);
        Assert.True(code == ExitCodes.Ok, $"exit {code}: {error}");
        return JsonDocument.Parse(output).RootElement.GetProperty("result").Clone();
    }

    private static int[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    // Prisoners.gmcr: option 1 = prisoner one cooperates, option 2 = prisoner two cooperates. Each prisoner
    // cares first that the other cooperates, then that it does not itself. States 1 NN, 2 YN, 3 NY, 4 YY.
    // Prisoner one's payoffs (2·[two cooperates] + [one defects]): 1, 0, 3, 2. Nash: only NN (from YY each
    // defects unilaterally). YY is GMR/SMR/SEQ/SIM stable: a defection from YY is answered by the other's
    // defection (itself an improvement for it) to NN, worth 1 < 2.
    [Fact]
    public void Prisoners_dilemma_from_a_gmcr_file_has_the_hand_worked_equilibria()
    {
        var json = RunJson("--gmcr", Sample("Prisoners.gmcr"));
        var equilibria = json.GetProperty("equilibria");
        Assert.Equal([1], Numbers(equilibria.GetProperty("Nash")));
        foreach (var concept in new[] { "GMR", "SMR", "SEQ", "SIM", "SEQ+SIM" })
            Assert.Equal([1, 4], Numbers(equilibria.GetProperty(concept)));
        var states = json.GetProperty("states");
        Assert.Equal(4, states.GetArrayLength());
        Assert.Equal("YY", states[3].GetProperty("optionForm").GetString());
        Assert.Equal([false, false], states[3].GetProperty("stable").GetProperty("Nash").EnumerateArray().Select(e => e.GetBoolean()));
        // The four scores are distinct, so the dense ranks reported as payoffs equal them.
        Assert.Equal([1, 0, 3, 2], states.EnumerateArray().Select(s => s.GetProperty("payoffs")[0].GetInt32()));
    }

    [Fact]
    public void The_gmcr_file_may_also_be_the_positional_argument_and_concepts_can_be_chosen()
    {
        var json = RunJson(Sample("Prisoners.gmcr"), "--concepts", "nash, seq");
        var equilibria = json.GetProperty("equilibria");
        Assert.Equal(["Nash", "SEQ"], equilibria.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Status_quo_paths_need_both_prisoners_to_move()
    {
        // From YY (state 4) to NN (state 1) each prisoner must withdraw its own cooperation: two moves by
        // different decision makers; both are improvements (YY→NY gives one 3 > 2; NY→NN gives two 1 > 0).
        var json = RunJson("--gmcr", Sample("Prisoners.gmcr"), "--status-quo", "YY", "--concepts", "Nash");
        var sq = json.GetProperty("statusQuo");
        Assert.Equal(4, sq.GetProperty("state").GetInt32());
        var reachable = Assert.Single(sq.GetProperty("reachableEquilibria").GetProperty("Nash").EnumerateArray());
        Assert.Equal(1, reachable.GetProperty("state").GetInt32());
        var moves = reachable.GetProperty("byMoves").EnumerateArray().ToArray();
        Assert.Equal(2, moves.Length);
        Assert.NotEqual(moves[0].GetProperty("mover").GetString(), moves[1].GetProperty("mover").GetString());
        Assert.Equal(1, moves[1].GetProperty("state").GetInt32());
        Assert.Equal(2, reachable.GetProperty("byImprovements").GetArrayLength());
    }

    [Fact]
    public void Explain_names_the_deterring_sanction()
    {
        var json = RunJson("--gmcr", Sample("Prisoners.gmcr"), "--explain", "4", "--concepts", "Nash,SEQ");
        var verdicts = json.GetProperty("explanation").GetProperty("verdicts").EnumerateArray().ToArray();
        Assert.Equal(4, verdicts.Length);
        Assert.All(verdicts.Where(v => v.GetProperty("concept").GetString() == "Nash"), v => Assert.False(v.GetProperty("stable").GetBoolean()));
        var seqOne = verdicts.Single(v => v.GetProperty("concept").GetString() == "SEQ" && v.GetProperty("decisionMaker").GetString() == "Prisoner One");
        Assert.True(seqOne.GetProperty("stable").GetBoolean());
        var improvement = Assert.Single(seqOne.GetProperty("improvements").EnumerateArray());
        Assert.Equal(3, improvement.GetProperty("target").GetInt32());
        var sanction = Assert.Single(improvement.GetProperty("sanction").EnumerateArray());
        Assert.Equal("prisoner 2", sanction.GetProperty("mover").GetString());
        Assert.Equal(1, sanction.GetProperty("state").GetInt32());
    }

    [Fact]
    public void Cuban_missile_crisis_table_marks_blockade_and_withdrawal()
    {
        // Options in gmcr-py order: US air strike, US blockade, USSR withdraw, USSR escalate. The historical
        // outcome, blockade met by withdrawal (NYYN), is sequentially stable but not Nash stable (Fang, Hipel & Kilgour 1993).
        var json = RunJson(Sample("Cuban.gmcr"));
        var state = json.GetProperty("states").EnumerateArray().Single(s => s.GetProperty("optionForm").GetString() == "NYYN");
        var number = state.GetProperty("number").GetInt32();
        Assert.Contains(number, Numbers(json.GetProperty("equilibria").GetProperty("SEQ")));
        Assert.DoesNotContain(number, Numbers(json.GetProperty("equilibria").GetProperty("Nash")));

        var (code, table, _) = CliRunner.Run("stability", Sample("Cuban.gmcr"));
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("NYYN", table);
        Assert.Contains("Equilibria", table);
    }

    [Fact]
    public void Csv_has_a_header_and_one_row_per_state()
    {
        var (code, output, _) = CliRunner.Run("stability", "--gmcr", Sample("Prisoners.gmcr"), "--format", "csv");
        Assert.Equal(ExitCodes.Ok, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToArray();
        Assert.Equal(5, lines.Length);
        Assert.Equal(["state", "decimal", "option_form"], lines[0][..3]);
        Assert.Equal(["4", "3", "YY"], lines[4][..3]);
        var nash = Array.IndexOf(lines[0], "Nash_equilibrium");
        var seq = Array.IndexOf(lines[0], "SEQ_equilibrium");
        Assert.Equal(["1", "0", "0", "0"], lines[1..].Select(l => l[nash]));
        Assert.Equal(["1", "0", "0", "1"], lines[1..].Select(l => l[seq]));
    }

    [Fact]
    public void Markdown_has_a_table_and_the_equilibria()
    {
        var (code, output, _) = CliRunner.Run("stability", "--gmcr", Sample("Prisoners.gmcr"), "--format", "markdown", "--status-quo", "none");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("| state | option form | taken | Nash | GMR | SMR | SEQ | SIM | SEQ+SIM |", output);
        Assert.Contains("| Nash | 1 | 1 (none) |", output);
        Assert.Contains("From the status quo 1 (NN)", output);
    }

    [Theory]
    [InlineData(new[] { "stability", "--gmcr", "missing.gmcr" }, ExitCodes.UnknownName, "does not exist")]
    [InlineData(new[] { "stability", "ukraine-2022", "--gmcr", "x.gmcr" }, ExitCodes.Usage, "not both")]
    [InlineData(new[] { "stability", "--gmcr", "PRISONERS", "--concepts", "Nash,XYZ" }, ExitCodes.Usage, "unknown solution concept 'XYZ'")]
    [InlineData(new[] { "stability", "--gmcr", "PRISONERS", "--status-quo", "Cooperate with 3" }, ExitCodes.UnknownName, "did you mean 'Cooperate with 2'")]
    [InlineData(new[] { "stability", "--gmcr", "PRISONERS", "--explain", "9" }, ExitCodes.Usage, "numbered 1..4")]
    [InlineData(new[] { "stability", "--gmcr", "PRISONERS", "--status-quo", "default" }, ExitCodes.UnknownName, "names no status quo")]
    [InlineData(new[] { "stability", "--gmcr", "PRISONERS", "--format", "xml" }, ExitCodes.Usage, "")]
    public void Bad_input_gets_the_documented_exit_code(string[] args, int exitCode, string message)
    {
        var (code, _, error) = CliRunner.Run(args.Select(a => a == "PRISONERS" ? Sample("Prisoners.gmcr") : a).ToArray());
        Assert.Equal(exitCode, code);
        Assert.Contains(message, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void A_malformed_gmcr_file_is_an_invalid_input_with_its_place()
    {
        var path = Path.Combine(Path.GetTempPath(), $"parley-bad-{Guid.NewGuid():N}.gmcr");
        File.WriteAllText(path, """{"options": [{"name": "a", "permittedDirection": "both"}], "decisionMakers": [{"name": "X", "options": [3], "preferences": []}], "infeasibles": []}""");
        try
        {
            var (code, _, error) = CliRunner.Run("stability", "--gmcr", path);
            Assert.Equal(ExitCodes.InvalidScenario, code);
            Assert.Contains("$.decisionMakers[0].options[0]", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private const string ScenarioHeader = """
        id: sketch
        title: Sketch
        sources: [{id: memo, title: Memo}]
        parties:
          - {id: A, name: Alpha, role: belligerent}
          - {id: B, name: Beta, role: belligerent}
        issues:
          - {id: x, name: X, options: [{id: a, label: A}, {id: b, label: B}]}

        """;

    private static string WriteScenario(string conflict)
    {
        var path = Path.Combine(Path.GetTempPath(), $"parley-sketch-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, ScenarioHeader + conflict);
        return path;
    }

    [Fact]
    public void A_scenario_file_with_a_conflict_section_is_analysed_and_its_status_quo_used()
    {
        // Chicken as a direct ranking: each driver prefers (straight, other swerves) > both swerve >
        // (swerve, other straight) > crash. Nash equilibria by hand: exactly one swerves (YN, NY).
        var path = WriteScenario("""
            conflict:
              status_quo: []
              decision_makers:
                A:
                  options: {a_swerve: {cite: {source: memo, quote: "a"}}}
                  ranking: ["b_swerve and not a_swerve", "a_swerve and b_swerve", "a_swerve", true]
                B:
                  options: {b_swerve: {cite: {source: memo, quote: "b"}}}
                  ranking: ["a_swerve and not b_swerve", "a_swerve and b_swerve", "b_swerve", true]
            """);
        try
        {
            var json = RunJson(path, "--status-quo", "default", "--concepts", "Nash");
            Assert.Equal([2, 3], Numbers(json.GetProperty("equilibria").GetProperty("Nash")));
            Assert.Equal(["a_swerve"], json.GetProperty("states")[1].GetProperty("taken").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(1, json.GetProperty("statusQuo").GetProperty("state").GetInt32());
            // From the crash-course status quo NN each one-swerve equilibrium is one move away.
            Assert.All(json.GetProperty("statusQuo").GetProperty("reachableEquilibria").GetProperty("Nash").EnumerateArray(),
                r => Assert.Equal(1, r.GetProperty("byMoves").GetArrayLength()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_malformed_conflict_section_is_reported_with_its_place()
    {
        var path = WriteScenario("""
            conflict:
              decision_makers:
                A:
                  options: {a_swerve: {cite: {source: memo, quote: "a"}}}
                  priorities: [{statement: "a_swerve and b_swerf", cite: {source: memo, quote: "s"}}]
                B:
                  options: {b_swerve: {cite: {source: memo, quote: "b"}}}
                  priorities: [{statement: b_swerve, cite: {source: memo, quote: "s"}}]
            """);
        try
        {
            var (code, _, error) = CliRunner.Run("stability", path);
            Assert.Equal(ExitCodes.InvalidScenario, code);
            Assert.Contains($"{path}:13:", error);
            Assert.Contains("did you mean 'b_swerve'", error);
            Assert.Contains("[conflict.decision_makers.A.priorities[0].statement]", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_built_in_scenario_is_the_default_and_its_war_status_quo_is_a_Nash_equilibrium()
    {
        // Hand-worked in UkraineConflictTests: at the status quo no decision maker has a unilateral improvement.
        var json = RunJson("--status-quo", "default", "--concepts", "Nash");
        Assert.Equal("ukraine-2022", json.GetProperty("source").GetString());
        Assert.Equal(["RU", "UA", "US", "UN"], json.GetProperty("decisionMakers").EnumerateArray().Select(e => e.GetString()));
        var sq = json.GetProperty("statusQuo").GetProperty("state").GetInt32();
        Assert.Contains(sq, Numbers(json.GetProperty("equilibria").GetProperty("Nash")));
        var state = json.GetProperty("states")[sq - 1];
        Assert.Equal(["ru_escalate", "ua_crimea", "us_condition_aid"], state.GetProperty("taken").EnumerateArray().Select(e => e.GetString()));

        var (code, table, _) = CliRunner.Run("stability", "ukraine-2022", "--explain", "ru_withdraw,ua_ceasefire,un_administration");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("is stable for RU under Nash", table);
    }

    [Fact]
    public void Coalition_analysis_of_the_prisoners_upsets_mutual_defection()
    {
        // Together the prisoners reach mutual cooperation (2, 2) from mutual defection (1, 1): NN is not stable
        // for the pair under any concept (no outsider can sanction). No state beats YY for both, so the GMR/SEQ
        // equilibrium YY survives the coalition.
        var json = RunJson("--gmcr", Sample("Prisoners.gmcr"), "--coalition", "Prisoner One+prisoner 2");
        var coalition = Assert.Single(json.GetProperty("coalitions").EnumerateArray());
        Assert.Equal(["Prisoner One", "prisoner 2"], coalition.GetProperty("members").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([2, 3, 4], Numbers(coalition.GetProperty("stable").GetProperty("Nash")));
        Assert.Equal([], Numbers(coalition.GetProperty("equilibriaStableForCoalition").GetProperty("Nash")));
        Assert.Equal([4], Numbers(coalition.GetProperty("equilibriaStableForCoalition").GetProperty("GMR")));
        Assert.Equal([4], Numbers(coalition.GetProperty("equilibriaStableForCoalition").GetProperty("SEQ")));
        Assert.False(coalition.GetProperty("stable").TryGetProperty("SIM", out _));
    }

    [Fact]
    public void A_gmcr_files_own_coalition_is_analysed_and_unknown_members_are_named()
    {
        var json = RunJson(Sample("Elmira_coalition_MoE+UR.gmcr"), "--concepts", "Nash");
        var coalition = Assert.Single(json.GetProperty("coalitions").EnumerateArray());
        Assert.Equal(["MoE", "Uniroyal"], coalition.GetProperty("members").EnumerateArray().Select(e => e.GetString()));

        var (code, _, error) = CliRunner.Run("stability", "--coalition", "RU+UX");
        Assert.Equal(ExitCodes.UnknownName, code);
        Assert.Contains("did you mean 'UA'", error);
    }

    [Fact]
    public void A_scenario_without_a_conflict_cannot_be_analysed()
    {
        var (code, _, error) = CliRunner.Run("stability", CliRunner.Example("river-valley.yaml"));
        Assert.Equal(ExitCodes.AnalysisFailed, code);
        Assert.Contains("has no 'conflict' section", error);
    }
}

/// <summary>`default` names the scenario's status quo wherever a state is asked for, as docs/cli.md says.</summary>
public class DefaultStateTests
{
    // The built-in conflict's status_quo, as the scenario file lists it: the options taken in the war today.
    private const string StatusQuoOptions = "ru_escalate,ua_crimea,us_condition_aid";

    [Theory]
    [InlineData("--explain")]
    [InlineData("--inverse")]
    [InlineData("--status-quo")]
    public void Default_is_the_status_quo_for_every_state_option(string option)
    {
        // Nash and GMR only: the SEQ condition for the war state has too many sanction paths to state in words.
        var byDefault = CliRunner.Run("stability", option, "default", "--concepts", "nash,gmr", "--format", "json");
        var byOptions = CliRunner.Run("stability", option, StatusQuoOptions, "--concepts", "nash,gmr", "--format", "json");
        Assert.True(byDefault.ExitCode == ExitCodes.Ok, byDefault.Error);
        Assert.Equal(ExitCodes.Ok, byOptions.ExitCode);
        Assert.Equal(byOptions.Out, byDefault.Out);
    }

    [Fact]
    public void A_goal_can_name_the_default_state()
    {
        var byDefault = CliRunner.Run("stability", "--goal", "stable:default", "--format", "json");
        var byOptions = CliRunner.Run("stability", "--goal", $"stable:{StatusQuoOptions}", "--format", "json");
        Assert.True(byDefault.ExitCode == ExitCodes.Ok, byDefault.Error);
        Assert.Equal(byOptions.Out, byDefault.Out);
    }

    [Fact]
    public void Default_without_a_status_quo_is_an_unknown_name()
    {
        var prisoners = Path.Combine(CliRunner.RepositoryRoot, "tests", "Parley.Stability.Tests", "TestData", "gmcr", "Prisoners.gmcr");
        var (code, _, error) = CliRunner.Run("stability", "--gmcr", prisoners, "--explain", "default");
        Assert.Equal(ExitCodes.UnknownName, code);
        Assert.Contains("--explain default", error);
        Assert.Contains("names no status quo", error);
    }
}
