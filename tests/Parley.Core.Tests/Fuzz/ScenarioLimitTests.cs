using System.Text;
using Parley.Core.Diagnostics;
using Parley.Core.Format;

namespace Parley.Core.Tests.Fuzz;

/// <summary>Hostile sizes: nesting that would overflow the stack, and lists far beyond any real negotiation.</summary>
public sealed class ScenarioLimitTests
{
    private static readonly string RiverValley = File.ReadAllText(TestPaths.RiverValley);

    private static Diagnostic SingleError(LoadResult result)
    {
        Assert.False(result.Succeeded);
        return Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
    }

    /// <summary>YamlDotNet builds its node tree recursively: before the cap, this killed the process with a stack overflow.</summary>
    [Theory]
    [InlineData(65)]
    [InlineData(10_000)]
    [InlineData(1_000_000)]
    public void Deeply_nested_flow_lists_are_refused_at_the_first_level_too_deep(int depth)
    {
        var text = RiverValley + "extra: " + new string('[', depth) + new string(']', depth) + "\n";
        var error = SingleError(ScenarioLoader.LoadText(text, "deep.yaml"));
        Assert.Equal(DiagnosticCodes.TooLarge, error.Code);
        Assert.Contains("nested more than 64 levels", error.Message);
        var extraLine = RiverValley.Split('\n').Length;
        // 'extra:' is the last line; the mapping that holds it is level 1, so the 64th bracket is the 65th level.
        Assert.Equal(new SourceLocation("deep.yaml", extraLine, 8 + 63), error.Location);
    }

    [Fact]
    public void Deeply_nested_json_objects_are_refused()
    {
        const int depth = 10_000;
        var text = "{\"id\": \"x\", \"extra\": " + string.Concat(Enumerable.Repeat("{\"a\": ", depth)) + "1" + new string('}', depth) + "}";
        var error = SingleError(ScenarioLoader.LoadText(text, "deep.json"));
        Assert.Equal(DiagnosticCodes.TooLarge, error.Code);
        Assert.Equal(1, error.Location!.Line);
    }

    [Fact]
    public void Deeply_nested_block_mappings_are_refused()
    {
        var text = new StringBuilder(RiverValley).Append("extra:\n");
        for (var level = 1; level <= 300; level++) text.Append(' ', level).Append("k:\n");
        var error = SingleError(ScenarioLoader.LoadText(text.ToString(), "deep.yaml"));
        Assert.Equal(DiagnosticCodes.TooLarge, error.Code);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_still_read()
    {
        // 64 levels in all: the root mapping, then 63 brackets in an unknown top-level section (kept raw).
        var text = RiverValley + "extra: " + new string('[', 63) + new string(']', 63) + "\n";
        var result = ScenarioLoader.LoadText(text, "deep.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void An_issue_with_a_million_options_is_refused_with_its_place()
    {
        var options = "    options:\n      - {id: shared, label: Shared management}\n      - {id: upstream, label: Southland controls the dam}\n";
        Assert.Contains(options, RiverValley);
        var huge = "    options: [" + string.Join(", ", Enumerable.Range(0, 1_000_000).Select(i => $"{{id: o{i}}}")) + "]\n";
        var result = ScenarioLoader.LoadText(RiverValley.Replace(options, huge), "huge.yaml");
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.TooLarge);
        Assert.Equal("issues[1].options", error.Path);
        Assert.Contains("at most 1000 options", error.Message);
    }

    /// <summary>Anchors l0..l{levels}, each a list of <paramref name="width"/> aliases of the one before: width^levels nodes when expanded.</summary>
    private static string Laughs(int levels, int width, string last)
    {
        var text = new StringBuilder(RiverValley).Append("extra:\n");
        text.Append("  l0: &l0 [").Append(string.Join(", ", Enumerable.Repeat("lol", width))).Append("]\n");
        for (var k = 1; k <= levels; k++)
            text.Append($"  l{k}: &l{k} [").Append(string.Join(", ", Enumerable.Repeat($"*l{k - 1}", width))).Append("]\n");
        return text.Append(last).Append('\n').ToString();
    }

    private static int ExtraLine => RiverValley.Split('\n').Length;

    /// <summary>
    /// YamlDotNet hashes a key node by its expanded content: before the checks, a 1 KB file with 9 aliases per level
    /// and 8 levels cost 11 s of CPU in 'parley validate', and with 60 per level over a minute. Such a file now
    /// stops at the expansion limit (below); an alias key is refused even when its anchor is small.
    /// </summary>
    [Theory]
    [InlineData("  *l3 : boom", 5, 3, "extra")]
    [InlineData("  ? *l3\n  : boom", 5, 5, "extra")]
    [InlineData("  l9: {*l3 : boom}", 5, 8, "extra.l9")]
    [InlineData("  l9: [x, {a: 1, *l3 : boom}]", 5, 18, "extra.l9[1]")]
    public void An_alias_as_a_mapping_key_is_refused_with_its_place_at_once(string key, int line, int column, string path)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = SingleError(ScenarioLoader.LoadText(Laughs(3, 4, key), "laughs.yaml"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(DiagnosticCodes.TooLarge, error.Code);
        Assert.Contains("the alias *l3 is used as a mapping key", error.Message);
        Assert.Equal(new SourceLocation("laughs.yaml", ExtraLine + line, column), error.Location);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Aliases_expanding_past_the_limit_are_refused_where_the_limit_is_crossed()
    {
        // 10^9 nodes as values: cheap for YamlDotNet (shared nodes), but any reader walking the tree walks them all.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = SingleError(ScenarioLoader.LoadText(Laughs(9, 10, "  boom: *l9"), "laughs.yaml"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(DiagnosticCodes.TooLarge, error.Code);
        Assert.Contains("stand for more than 100,000 nodes", error.Message);
        // l1..l3 use 110 + 1,110 + 11,110 nodes; l4's aliases of l3 (11,111 nodes each) cross 100,000 at the eighth.
        Assert.Equal(ExtraLine + 5, error.Location!.Line);
        Assert.Equal("extra.l4[7]", error.Path);
    }

    [Fact]
    public void Aliases_within_the_limit_are_still_read()
    {
        const string cite = "cite: {source: briefing, quote: \"Water matters almost as much as land.\"}";
        Assert.Contains("    " + cite, RiverValley);
        var text = Laughs(3, 10, "  water: [*water, *water]")
            .Replace("    " + cite, "    cite: &water {source: briefing, quote: \"Water matters almost as much as land.\"}");
        var result = ScenarioLoader.LoadText(text, "aliases.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void A_text_over_the_size_limit_is_refused_before_parsing()
    {
        var text = RiverValley + "# " + new string('x', (int)ScenarioLimits.MaxFileBytes) + "\n";
        var error = SingleError(ScenarioLoader.LoadText(text, "big.yaml"));
        Assert.Equal(DiagnosticCodes.TooLarge, error.Code);
    }
}
