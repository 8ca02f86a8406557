using System.Text;
using Parley.Stability.Gmcr;
using Parley.Stability.Model;

namespace Parley.Stability.Tests.Fuzz;

/// <summary>Minimal inputs of crashes the fuzzing found in the gmcr-py reader, and hostile sizes.</summary>
public sealed class GmcrRegressionTests
{
    private static ConflictModelException Refused(string json) =>
        Assert.Throws<ConflictModelException>(() => GmcrFile.ToConflict(GmcrFile.Parse(json, "bad.gmcr")));

    /// <summary>JsonNode threw ArgumentException ("An item with the same key has already been added") on first access.</summary>
    [Fact]
    public void A_duplicate_key_is_refused_with_its_line()
    {
        var e = Refused("""
            {"options": [{"name": "a"}, {"name": "b"}],
             "decisionMakers": [{"name": "One", "name": "Two", "options": [0]}, {"name": "Three", "options": [1]}]}
            """);
        Assert.Equal("bad.gmcr: $.decisionMakers[0].name", e.Location);
        Assert.Equal("not valid JSON (line 2): the key \"name\" appears twice in the same object", e.Reason);
    }

    [Fact]
    public void Nesting_ten_thousand_levels_deep_is_refused_without_overflowing_the_stack()
    {
        var json = "{\"options\": " + new string('[', 10_000) + new string(']', 10_000) + "}";
        var e = Refused(json);
        Assert.Contains("not valid JSON", e.Reason);
    }

    /// <summary>Forty binary options would be 2^40 states: refused before any state is enumerated.</summary>
    [Fact]
    public void Forty_options_are_refused_before_enumerating_two_to_the_forty_states()
    {
        var options = string.Join(", ", Enumerable.Range(0, 40).Select(i => $"{{\"name\": \"o{i}\"}}"));
        var json = $$"""
            {"options": [{{options}}], "useManualPreferenceRanking": true,
             "decisionMakers": [{"name": "A", "options": [{{string.Join(", ", Enumerable.Range(0, 20))}}], "preferenceRanking": [1099511627776]},
                                {"name": "B", "options": [{{string.Join(", ", Enumerable.Range(20, 20))}}], "preferenceRanking": [1]}]}
            """;
        var e = Refused(json);
        Assert.Contains("bad.gmcr", e.Message);
        Assert.Contains("1099511627776", e.Reason); // the state number is no whole number Parley can hold: refused where it stands
    }

    [Fact]
    public void Forty_options_without_rankings_are_refused_by_their_count()
    {
        var options = string.Join(", ", Enumerable.Range(0, 40).Select(i => $"{{\"name\": \"o{i}\"}}"));
        var json = $$"""
            {"options": [{{options}}],
             "decisionMakers": [{"name": "A", "options": [{{string.Join(", ", Enumerable.Range(0, 20))}}]},
                                {"name": "B", "options": [{{string.Join(", ", Enumerable.Range(20, 20))}}]}]}
            """;
        var e = Refused(json);
        Assert.Equal("bad.gmcr", e.Location);
        Assert.Contains("40 options; at most 30", e.Reason);
    }
}
