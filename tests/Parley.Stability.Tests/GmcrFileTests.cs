using System.Text.Json.Nodes;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;
using Parley.Stability.Model;

namespace Parley.Stability.Tests;

public class GmcrFileTests
{
    public static string SamplePath(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "gmcr", name);

    public static TheoryData<string> Samples() =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "gmcr"), "*.gmcr").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Writing_a_loaded_file_reproduces_every_field(string file)
    {
        var original = JsonNode.Parse(File.ReadAllText(SamplePath(file)));
        var written = JsonNode.Parse(GmcrFile.ToJson(GmcrFile.Load(SamplePath(file))));
        Assert.True(JsonNode.DeepEquals(original, written), $"round trip changed {file}:\n{written}");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Converting_to_a_conflict_and_back_keeps_states_numbering_and_preferences(string file)
    {
        var conflict = GmcrFile.ToConflict(GmcrFile.Load(SamplePath(file)));
        var again = GmcrFile.ToConflict(GmcrFile.Parse(GmcrFile.ToJson(GmcrFile.FromConflict(conflict)), file));
        var a = ConflictGraph.Build(conflict);
        var b = ConflictGraph.Build(again);
        Assert.Equal(a.Codes, b.Codes);
        for (var d = 0; d < a.DecisionMakerCount; d++) Assert.Equal(a.Ranks[d], b.Ranks[d]);
        Assert.Equal(conflict.Options, again.Options);
    }

    [Fact]
    public void State_numbers_follow_gmcr_py()
    {
        // Cuban missile crisis: options Air Strike, Blockade (US), Withdraw, Escalate (USSR); withdrawing and
        // escalating together is infeasible, which removes decimal values 12..15 and leaves states 1..12 = 0..11.
        var graph = ConflictGraph.Build(GmcrFile.ToConflict(GmcrFile.Load(SamplePath("Cuban.gmcr"))));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (ulong)i), graph.Codes);
        Assert.Equal("NYYN", graph.OptionForm(6));
    }

    [Fact]
    public void Manual_ranking_maps_state_numbers_and_ties()
    {
        // Elmira, MoE's ranking: 9, 3, 4, 10, 7, 1, 2, 8, [11, 5, 6, 12].
        var graph = ConflictGraph.Build(GmcrFile.ToConflict(GmcrFile.Load(SamplePath("Elmira.gmcr"))));
        var ranks = graph.Ranks[0];
        int[] order = [9, 3, 4, 10, 7, 1, 2, 8];
        for (var i = 1; i < order.Length; i++) Assert.True(ranks[order[i - 1] - 1] > ranks[order[i] - 1]);
        Assert.True(ranks[8 - 1] > ranks[11 - 1]);
        Assert.All(new[] { 5, 6, 12 }, s => Assert.Equal(ranks[11 - 1], ranks[s - 1]));
    }

    [Fact]
    public void Prioritised_statements_are_weighted_as_in_gmcr_py()
    {
        // Prisoner One: "prisoner 2 cooperates" outweighs "I do not cooperate".
        var graph = ConflictGraph.Build(GmcrFile.ToConflict(GmcrFile.Load(SamplePath("Prisoners.gmcr"))));
        // states NN, YN, NY, YY score 1, 0, 3, 2 for prisoner one.
        Assert.Equal(new[] { 1, 0, 3, 2 }, graph.Ranks[0]);
    }

    [Fact]
    public void Misperceptions_hide_states_from_the_decision_maker()
    {
        var conflict = GmcrFile.ToConflict(GmcrFile.Load(SamplePath("SI_misp.gmcr")));
        var graph = ConflictGraph.Build(conflict);
        var syriaSees = graph.Perceived[0]!;
        for (var s = 0; s < graph.StateCount; s++)
            Assert.Equal(!(graph.OptionForm(s)[0] == 'Y' && graph.OptionForm(s)[1] == 'N'), syriaSees.Contains(s));
    }

    [Fact]
    public void Coalitions_are_read()
    {
        var doc = GmcrFile.Load(SamplePath("Elmira_coalition_MoE+UR.gmcr"));
        var coalitions = GmcrFile.Coalitions(doc)!;
        Assert.Equal(new[] { 0, 1 }, coalitions[0]);
        Assert.Equal(new[] { 2 }, coalitions[1]);
        Assert.Null(GmcrFile.Coalitions(GmcrFile.Load(SamplePath("Elmira.gmcr"))));
    }

    [Fact]
    public void Options_not_grouped_by_decision_maker_are_regrouped_on_export()
    {
        var conflict = new Conflict("interleaved",
            [new ConflictOption("a"), new ConflictOption("b", OptionDirection.Forward), new ConflictOption("c")],
            [
                new DecisionMaker("X", [0, 2], new PrioritizedPreference([new Iff(StateCondition.Taken(0), StateCondition.Taken(1))])),
                new DecisionMaker("Y", [1], new PrioritizedPreference([new Not(StateCondition.Taken(2)), StateCondition.Taken(1)])),
            ],
            [new CountCondition(0b111, 3, 3)]);
        var doc = GmcrFile.FromConflict(conflict);
        Assert.Equal(["a", "c", "b"], doc.Options.Select(o => o.Name));
        var back = ConflictGraph.Build(GmcrFile.ToConflict(GmcrFile.Parse(GmcrFile.ToJson(doc))));
        var original = ConflictGraph.Build(conflict);
        Assert.Equal(original.StateCount, back.StateCount);
        // The same states (under the option permutation a,b,c -> a,c,b) carry the same ranks.
        for (var s = 0; s < original.StateCount; s++)
        {
            var code = original.Codes[s];
            var permuted = (code & 1) | ((code >> 2 & 1) << 1) | ((code >> 1 & 1) << 2);
            var t = back.IndexOf(permuted);
            Assert.True(t >= 0);
            for (var d = 0; d < 2; d++) Assert.Equal(original.Ranks[d][s], back.Ranks[d][t]);
        }
    }

    [Theory]
    [InlineData("{\"options\": [", "not valid JSON (line 1")]
    [InlineData("[]", "must hold a JSON object")]
    [InlineData("{\"decisionMakers\": []}", "$.options: is missing")]
    [InlineData("{\"options\": [{\"name\": \"a\", \"permittedDirection\": \"up\"}], \"decisionMakers\": []}", "$.options[0].permittedDirection: must be \"both\", \"fwd\" or \"back\"")]
    [InlineData("{\"options\": [{\"name\": \"a\"}], \"decisionMakers\": [{\"name\": \"X\", \"options\": [3], \"preferences\": []}]}", "$.decisionMakers[0].options[0]: option index 3 is out of range")]
    [InlineData("{\"options\": [{\"name\": \"a\"}], \"decisionMakers\": [{\"name\": \"X\", \"options\": [0], \"preferences\": [[[0, \"maybe\"]]]}]}", "$.decisionMakers[0].preferences[0][0][1]: must be \"Y\" or \"N\"")]
    public void Malformed_files_get_located_errors(string json, string expected)
    {
        var error = Assert.Throws<ConflictModelException>(() => GmcrFile.Parse(json, "bad.gmcr"));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("bad.gmcr", error.Message);
        // The place is said once, not again in System.Text.Json's own "LineNumber: … | BytePositionInLine: …" suffix.
        Assert.DoesNotContain("LineNumber", error.Message);
        Assert.DoesNotContain("BytePositionInLine", error.Message);
    }

    [Fact]
    public void Inconsistent_models_are_rejected_with_the_reason()
    {
        const string oneDm = "{\"options\": [{\"name\": \"a\"}], \"decisionMakers\": [{\"name\": \"X\", \"options\": [0], \"preferences\": []}]}";
        var error = Assert.Throws<ConflictModelException>(() => GmcrFile.ToConflict(GmcrFile.Parse(oneDm, "one.gmcr")));
        Assert.Contains("at least two decision makers", error.Message);

        const string badRanking = "{\"useManualPreferenceRanking\": true, \"options\": [{\"name\": \"a\"}, {\"name\": \"b\"}], \"decisionMakers\": [" +
            "{\"name\": \"X\", \"options\": [0], \"preferences\": [], \"preferenceRanking\": [1, 2, 3, 9]}," +
            "{\"name\": \"Y\", \"options\": [1], \"preferences\": [], \"preferenceRanking\": [1, 2, [3, 4]]}]}";
        error = Assert.Throws<ConflictModelException>(() => GmcrFile.ToConflict(GmcrFile.Parse(badRanking, "rank.gmcr")));
        Assert.Contains("state number 9 is out of range 1..4", error.Message);

        const string missing = "{\"useManualPreferenceRanking\": true, \"options\": [{\"name\": \"a\"}, {\"name\": \"b\"}], \"decisionMakers\": [" +
            "{\"name\": \"X\", \"options\": [0], \"preferences\": [], \"preferenceRanking\": [1, 2, 3]}," +
            "{\"name\": \"Y\", \"options\": [1], \"preferences\": [], \"preferenceRanking\": [1, 2, [3, 4]]}]}";
        error = Assert.Throws<ConflictModelException>(() => ConflictGraph.Build(GmcrFile.ToConflict(GmcrFile.Parse(missing, "rank.gmcr"))));
        Assert.Contains("omits state 4", error.Message);
    }
}
