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

    [Fact]
    public void A_text_over_the_size_limit_is_refused_before_parsing()
    {
        var text = RiverValley + "# " + new string('x', (int)ScenarioLimits.MaxFileBytes) + "\n";
        var error = SingleError(ScenarioLoader.LoadText(text, "big.yaml"));
        Assert.Equal(DiagnosticCodes.TooLarge, error.Code);
    }
}
