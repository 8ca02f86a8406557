using Parley.Core.Format;
using Parley.Core.Model;
using Parley.Storage;

namespace Parley.Web.Tests.Storage;

public class ScenarioYamlWriterTests
{
    private static Scenario Load(string text, string name = "test.yaml")
    {
        var result = ScenarioLoader.LoadText(text, name);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Scenario!;
    }

    private static void AssertRoundTrip(Scenario original)
    {
        var written = ScenarioYamlWriter.Write(original);
        var reloaded = Load(written, "written.yaml");
        Assert.Null(ModelComparer.FirstDifference(original, reloaded));
        // Writing is a function of the model: the reloaded model writes the same text.
        Assert.Equal(written, ScenarioYamlWriter.Write(reloaded));
    }

    [Fact]
    public void The_river_valley_example_survives_load_write_load() =>
        AssertRoundTrip(ScenarioLoader.LoadFile(TestPaths.RiverValley).GetOrThrow());

    [Fact]
    public void A_utility_cap_survives_load_write_load()
    {
        var original = ScenarioLoader.LoadFile(TestPaths.RiverValley).GetOrThrow();
        // A snapshot keeps its party's main cap (the reader's rule), so the model states it at every date.
        var capped = original with
        {
            Preferences = original.Preferences.ToDictionary(kv => kv.Key, kv => kv.Value with { UtilityCap = 0.95 }),
            Snapshots = original.Snapshots.Select(s => s with { Preferences = s.Preferences.ToDictionary(kv => kv.Key, kv => kv.Value with { UtilityCap = 0.95 }) }).ToList(),
        };
        Assert.Contains("utility_cap: 0.95", ScenarioYamlWriter.Write(capped));
        AssertRoundTrip(capped);
    }

    [Fact]
    public void Every_role_survives_load_write_load_in_its_scenario_spelling()
    {
        var original = ScenarioLoader.LoadFile(TestPaths.RiverValley).GetOrThrow();
        var roles = Enum.GetValues<PartyRole>();
        var parties = roles.Select((r, k) => new Party($"P{k}", $"Party {k}", r, null, [])).ToList();
        var varied = original with { Parties = [.. original.Parties, .. parties] };
        var written = ScenarioYamlWriter.Write(varied);
        Assert.Contains("role: armed-group", written);
        AssertRoundTrip(varied);
    }

    [Fact]
    public void The_built_in_scenario_survives_load_write_load()
    {
        foreach (var id in BuiltInScenarios.Ids)
            AssertRoundTrip(BuiltInScenarios.Load(id).GetOrThrow());
    }

    [Fact]
    public void Snapshots_keep_only_what_differs_and_still_reload_complete()
    {
        var original = ScenarioLoader.LoadFile(TestPaths.RiverValley).GetOrThrow();
        var written = ScenarioYamlWriter.Write(original);
        var snapshotPart = written[written.IndexOf("snapshots:", StringComparison.Ordinal)..written.IndexOf("positions:", StringComparison.Ordinal)];
        // In the example only N's reservation and red lines changed in March, so weights are not restated.
        Assert.Contains("reservation:", snapshotPart);
        Assert.Contains("northern-ridge-only", snapshotPart);
        Assert.DoesNotContain("weights:", snapshotPart);
        var reloaded = Load(written);
        Assert.Equal(0.5, reloaded.Snapshots[0].Preferences["N"].Weight("border"));
    }

    [Fact]
    public void Awkward_text_is_quoted_so_it_reads_back_unchanged()
    {
        var yaml = """
            id: awkward
            title: "null"
            description: "Line one: with a colon\nline two # not a comment, 'quotes' and \"double\" — and ünïcödé"
            sources:
              - {id: s, title: "- starts with a dash", authors: ["~", "yes"], url: "https://example.org/a?b=c", note: "kept: yes"}
            parties:
              - {id: A, name: "[bracketed]", role: belligerent, cite: {source: s, quote: "  padded  ", page: "p. 3"}}
              - {id: B, name: "{braced}", role: belligerent}
            issues:
              - id: i
                name: "1.5"
                options:
                  - {id: "true", label: "false"}
                  - {id: "123", label: "@at"}
            preferences:
              A:
                reservation: {value: 0.1, range: [0.05, 0.2], rationale: "why: because"}
                weights: {i: 1}
                values: {i: {"true": 1, "123": 0.000001}}
              B:
                reservation: 0.3333333333333333
                weights: {i: 1}
                values: {i: {"true": 0, "123": 1}}
                red_lines:
                  - {when: {i: ["true", "123"]}}
            proposals:
              - {id: p, name: "%percent", author: "x|y", date: 2024, terms: {i: "123"}}
            """;
        AssertRoundTrip(Load(yaml));
    }

    [Fact]
    public void Engine_sections_are_written_back_as_they_were()
    {
        var yaml = """
            id: ext
            title: With an engine section
            sources: [{id: s, title: S}]
            parties: [{id: A, name: A, role: belligerent}, {id: B, name: B, role: belligerent}]
            issues: [{id: i, name: I, options: [{id: a}, {id: b}]}]
            conflict:
              states: [x, y]
              nested: {deep: [1, 2, {k: v}]}
            """;
        var original = Load(yaml);
        Assert.True(original.Extensions.ContainsKey("conflict"));
        AssertRoundTrip(original);
    }
}
