using System.Text.Json;
using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

/// <summary>
/// <c>parley stability --horizon / --non-myopic / --inverse / --goal</c> on Prisoner's Dilemma and Chicken. Every
/// expected value is worked by hand in the comments, not taken from the engine.
/// </summary>
public class StabilityAnalysesCommandTests
{
    // Prisoners.gmcr: states 1 NN (both defect), 2 YN (only One cooperates), 3 NY (only Two cooperates), 4 YY.
    // Prisoner One's payoffs 1, 0, 3, 2; prisoner 2's payoffs 1, 3, 0, 2 (by symmetry).
    private static string Prisoners => Path.Combine(CliRunner.RepositoryRoot, "tests", "Parley.Stability.Tests", "TestData", "gmcr", "Prisoners.gmcr");
    private static string Elmira => Path.Combine(CliRunner.RepositoryRoot, "tests", "Parley.Stability.Tests", "TestData", "gmcr", "Elmira.gmcr");

    private static JsonElement RunJson(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(["stability", .. args, "--format", "json"]);
        Assert.True(code == ExitCodes.Ok, $"exit {code}: {error}");
        return JsonDocument.Parse(output).RootElement.GetProperty("result").Clone();
    }

    private static int[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static JsonElement Column(JsonElement json, string label) =>
        json.GetProperty("extraVerdicts").EnumerateArray().Single(c => c.GetProperty("label").GetString() == label);

    // L1 is Nash: {1}. L2 from YY: One defects to NY (3), anticipating Two's best reply at horizon 1: Two
    // defects to NN (1, worth 1 > 0 to Two); NN is worth 1 to One < 2 at YY, so One stays: YY is L2 stable
    // (and for Two by symmetry). NN stays stable: a move to YN is answered by nothing better for One.
    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(2, new[] { 1, 4 })]
    [InlineData(5, new[] { 1, 4 })]
    public void Prisoners_dilemma_mutual_cooperation_is_limited_move_stable_from_horizon_two(int horizon, int[] expected)
    {
        var json = RunJson(Prisoners, "--horizon", horizon.ToString(), "--concepts", "Nash");
        var column = Column(json, $"L{horizon}");
        Assert.Equal(expected, Numbers(column.GetProperty("equilibria")));
        Assert.Equal(expected, Numbers(column.GetProperty("stable").GetProperty("Prisoner One")).Intersect(Numbers(column.GetProperty("stable").GetProperty("prisoner 2"))));
    }

    [Fact]
    public void Prisoners_dilemma_non_myopic_equilibria_are_both_defect_and_both_cooperate()
    {
        var json = RunJson(Prisoners, "--non-myopic", "--concepts", "Nash");
        Assert.Equal([1, 4], Numbers(Column(json, "NM").GetProperty("equilibria")));
    }

    private const string ChickenScenario = """
        id: chicken
        title: Chicken
        sources: [{id: memo, title: Memo}]
        parties:
          - {id: A, name: Alpha, role: belligerent}
          - {id: B, name: Beta, role: belligerent}
        issues:
          - {id: x, name: X, options: [{id: a, label: A}, {id: b, label: B}]}
        conflict:
          decision_makers:
            A:
              options: {a_swerve: {cite: {source: memo, quote: "a"}}}
              ranking: ["b_swerve and not a_swerve", "a_swerve and b_swerve", "a_swerve", true]
            B:
              options: {b_swerve: {cite: {source: memo, quote: "b"}}}
              ranking: ["a_swerve and not b_swerve", "a_swerve and b_swerve", "b_swerve", true]
        """;

    // Chicken: states 1 NN (crash), 2 YN (A swerves), 3 NY (B swerves), 4 YY. A ranks 3 > 4 > 2 > 1, B 2 > 4 > 3 > 1.
    // L2: from 2, A goes straight (to 1) expecting B to swerve (to 3, B's improvement), which A prefers to 2: 2 is
    // unstable for A; likewise 3 for B; 1 and 4 fail Nash already in a way the one-step reply does not repair (from
    // 4 A goes straight to 3 and B, at 3, has nothing better): no L2 equilibrium. L3: from 4, A's move to 3 is
    // answered by B's threat to go straight (3→1) anticipating A's swerve (1→2), which B prefers to 3, so the
    // outcome is 2, worse for A than 4: A stays; symmetrically B: mutual swerving is the L3 and non-myopic equilibrium.
    [Theory]
    [InlineData("2", new int[0])]
    [InlineData("3", new[] { 4 })]
    [InlineData("6", new[] { 4 })]
    public void Chicken_limited_move_equilibria_from_a_scenario(string horizon, int[] expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"parley-chicken-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, ChickenScenario);
        try
        {
            var json = RunJson(path, "--horizon", horizon, "--non-myopic", "--concepts", "Nash");
            Assert.Equal(expected, Numbers(Column(json, $"L{horizon}").GetProperty("equilibria")));
            Assert.Equal([4], Numbers(Column(json, "NM").GetProperty("equilibria")));
            Assert.Equal([2, 3], Numbers(json.GetProperty("equilibria").GetProperty("Nash")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Limited_move_stability_of_a_three_party_conflict_is_a_clear_error()
    {
        var (code, _, error) = CliRunner.Run("stability", Elmira, "--horizon", "2");
        Assert.Equal(ExitCodes.AnalysisFailed, code);
        Assert.Contains("exactly two decision makers", error);
        Assert.Contains("has 3", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("stability", Prisoners, "--horizon", "0").ExitCode);
    }

    [Fact]
    public void The_table_and_markdown_show_the_limited_move_column()
    {
        var (code, output, _) = CliRunner.Run("stability", Prisoners, "--horizon", "2", "--non-myopic", "--concepts", "Nash");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("L2", output);
        Assert.Contains("NM: non-myopic stability", output);
        var (mdCode, markdown, _) = CliRunner.Run("stability", Prisoners, "--horizon", "2", "--concepts", "Nash", "--format", "markdown");
        Assert.Equal(ExitCodes.Ok, mdCode);
        Assert.Contains("| state | option form | taken | Nash | L2 |", markdown);
        Assert.Contains("| 4 | YY | Cooperate with 2, Cooperate with One | .. | SS E |", markdown);
    }

    // Nash at YY: One's only move is to withdraw its cooperation (YY → NY), so YY is Nash stable for One iff
    // One likes YY at least as much as NY; for Two iff YY ⪰ YN. Counting strict rankings of four states: half
    // (12 of 24) put 4 above 3, so 12 · 12 = 144 of 24 · 24 = 576. GMR: One's defection to NY can be answered
    // by Two's move NY → NN, so YY is GMR stable for One iff 4 ⪰ 3 or 4 ⪰ 1; strict rankings where 4 is below
    // both 3 and 1: a third of 24 = 8, leaving 16; 16 · 16 = 256.
    [Fact]
    public void Inverse_analysis_of_mutual_cooperation_in_words_and_counts()
    {
        var json = RunJson(Prisoners, "--inverse", "YY", "--concept", "Nash,GMR");
        var inverse = json.GetProperty("inverse");
        Assert.Equal(4, inverse.GetProperty("state").GetInt32());
        var nash = inverse.GetProperty("concepts")[0];
        Assert.Equal("Nash", nash.GetProperty("concept").GetString());
        Assert.Equal("Prisoner One prefers state 4 (YY) at least as much as state 3 (NY)", nash.GetProperty("conditions")[0].GetProperty("text").GetString());
        Assert.Equal("prisoner 2 prefers state 4 (YY) at least as much as state 2 (YN)", nash.GetProperty("conditions")[1].GetProperty("text").GetString());
        Assert.Equal(144, nash.GetProperty("rankingCount").GetInt64());
        Assert.Equal(576, nash.GetProperty("rankingsExamined").GetInt64());
        var gmr = inverse.GetProperty("concepts")[1];
        Assert.Equal(256, gmr.GetProperty("rankingCount").GetInt64());
        var oneGmr = gmr.GetProperty("conditions")[0].GetProperty("text").GetString()!;
        Assert.Contains("state 4 (YY) at least as much as state 3 (NY)", oneGmr);
        Assert.Contains(" or ", oneGmr);
        Assert.Contains("state 4 (YY) at least as much as state 1 (NN)", oneGmr);
        // Each listed example ranking is a full order of the four states per prisoner with 4 above 3 (One) / 2 (Two).
        foreach (var example in nash.GetProperty("examples").EnumerateArray())
        {
            var one = Numbers(example[0]);
            var two = Numbers(example[1]);
            Assert.True(Array.IndexOf(one, 4) < Array.IndexOf(one, 3));
            Assert.True(Array.IndexOf(two, 4) < Array.IndexOf(two, 2));
        }
    }

    [Fact]
    public void Inverse_analysis_in_the_table_says_what_each_prisoner_must_not_prefer()
    {
        var (code, output, _) = CliRunner.Run("stability", Prisoners, "--inverse", "4", "--concept", "Nash");
        Assert.Equal(ExitCodes.Ok, code);
        var flat = string.Join(" ", output.Split('\n').Select(l => l.Trim()));
        // Each prisoner must prefer cooperating to defecting given the other cooperates.
        Assert.Contains("Prisoner One must not prefer withdrawing 'Cooperate with 2' (state 3), while the others keep to state 4", flat);
        Assert.Contains("prisoner 2 must not prefer withdrawing 'Cooperate with One' (state 2)", flat);
        Assert.Contains("strict rankings (no ties) making it an equilibrium: 144 of 576", flat);
    }

    [Fact]
    public void Goal_seeker_gives_the_relations_that_make_mutual_cooperation_a_Nash_equilibrium()
    {
        var json = RunJson(Prisoners, "--goal", "stable:4");
        var goals = json.GetProperty("goals");
        Assert.True(goals.GetProperty("achievable").GetBoolean());
        var relations = goals.GetProperty("relations").EnumerateArray()
            .Select(r => (r.GetProperty("decisionMaker").GetString(), r.GetProperty("better").GetInt32(), r.GetProperty("worse").GetInt32()))
            .OrderBy(r => r.Item1, StringComparer.Ordinal).ToArray();
        Assert.Equal([("Prisoner One", 4, 3), ("prisoner 2", 4, 2)], relations);
    }

    // YY unstable under GMR for One needs 3 ≻ 4 and 1 ≻ 4 (neither reply deters the defection); YY Nash stable for
    // One needs 4 ⪰ 3: contradictory. The third goal (NN Nash stable for Two: 1 ⪰ 3 for Two) is unrelated and must not
    // be named among the contradicting ones.
    [Fact]
    public void Goal_seeker_names_the_contradicting_goals_in_words()
    {
        var json = RunJson(Prisoners, "--goal", "stable:4:Nash:Prisoner One", "--goal", "unstable:YY:GMR:prisoner one", "--goal", "stable:1:Nash:prisoner 2");
        var goals = json.GetProperty("goals");
        Assert.False(goals.GetProperty("achievable").GetBoolean());
        Assert.Equal(["state 4 (YY) is Nash stable for Prisoner One", "state 4 (YY) is not GMR stable for Prisoner One"],
            goals.GetProperty("conflicting").EnumerateArray().Select(g => g.GetString()));
        var (code, output, _) = CliRunner.Run("stability", Prisoners, "--goal", "stable:4", "--goal", "unstable:4", "--format", "markdown");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Not achievable: no preferences meet these goals together: state 4 (YY) is a Nash equilibrium; state 4 (YY) is not a Nash equilibrium.", output);
    }

    [Theory]
    [InlineData("maybe:4", ExitCodes.Usage)]
    [InlineData("stable", ExitCodes.Usage)]
    [InlineData("stable:4:Nosh", ExitCodes.Usage)]
    [InlineData("stable:4:Nash:Prisoner Three", ExitCodes.UnknownName)]
    public void Malformed_goals_are_usage_errors(string goal, int expected)
    {
        var (code, _, error) = CliRunner.Run("stability", Prisoners, "--goal", goal);
        Assert.Equal(expected, code);
        Assert.Contains("--goal", error);
    }
}
