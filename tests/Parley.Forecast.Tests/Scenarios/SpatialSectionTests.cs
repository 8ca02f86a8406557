using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Forecast.Scenarios;

namespace Parley.Forecast.Tests.Scenarios;

public class SpatialSectionTests
{
    private static string HarbourPath => TestFiles.Path("scenarios", "harbour.yaml");
    private static string HarbourText => File.ReadAllText(HarbourPath);

    private static (SpatialSection? Section, DiagnosticBag Bag) Load(string text)
    {
        var load = ScenarioLoader.LoadText(text, "harbour.yaml", Path.GetDirectoryName(HarbourPath));
        Assert.True(load.Succeeded, string.Join("\n", load.Diagnostics));
        var bag = new DiagnosticBag();
        return (SpatialSection.Read(load.Scenario!, bag, Path.GetDirectoryName(HarbourPath)), bag);
    }

    [Fact]
    public void Reads_dimensions_actors_estimates_and_inherited_citations()
    {
        var (section, bag) = Load(HarbourText);
        Assert.False(bag.HasErrors, string.Join("\n", bag.Items));
        Assert.Empty(bag.Items);
        Assert.NotNull(section);
        Assert.Equal(["island", "tolls"], section.Dimensions.Select(d => d.Dimension.Id));
        var island = section.Dimensions[0].Dimension;
        Assert.Equal((0.0, 100.0), (island.Min, island.Max));
        Assert.Equal([0.0, 50, 100], island.AnchorPoints.Select(a => a.Value));
        Assert.Equal("divided along the old breakwater", island.NearestAnchor(45)!.Label);
        Assert.Equal((0.0, 10.0), (section.Dimensions[1].Dimension.Min, section.Dimensions[1].Dimension.Max));

        Assert.Equal(["E", "W", "L", "G"], section.Actors.Select(a => a.PartyId));
        var e = section.Actors[0];
        Assert.Equal("Eastport", e.Name);
        Assert.Equal(60, e.Capability.Value);
        Assert.Equal(new Parley.Core.Model.ValueRange(50, 70), e.Capability.Range);
        Assert.Equal([100.0, 9], e.Positions.Select(p => p.Value));
        Assert.Equal(new Parley.Core.Model.ValueRange(0.6, 0.8), e.Saliences[0].Range);
        // E's positions have no citation of their own: they inherit the section's basis.
        Assert.Equal("Eastport wants the whole island", e.Positions[0].Provenance.Citations.Single().Quote);
        // W's positions take the basis of their own block.
        Assert.Equal("Westport would settle for a shared administration of the island", section.Actors[1].Positions[1].Provenance.Citations.Single().Quote);
        var l = section.Actors[2];
        Assert.Equal("favours dividing the island along the old breakwater", l.Positions[0].Provenance.Citations.Single().Quote);
        Assert.Equal(new Parley.Core.Model.ValueRange(2, 8), l.Positions[1].Range);

        // Every citation written in the section is listed with its place, for the quote checks.
        Assert.Equal(8, section.Citations.Count);
        Assert.All(section.Citations, c => Assert.StartsWith("spatial.", c.Path));

        var model = section.ToModel();
        Assert.Equal(4, model.ActorCount);
        Assert.Equal(2, model.DimensionCount);
        Assert.Equal("E", model.Actors[0].Name);
        Assert.Equal(0.0, model.Actors[3].Stances[0].Salience.Value);
        Assert.Equal(new Estimate(60, 50, 70, "most of the naval power"), model.Actors[0].Capability);
    }

    [Fact]
    public void A_scenario_without_the_section_reads_as_absent_without_diagnostics()
    {
        var text = HarbourText;
        var (section, bag) = Load(text[..text.IndexOf("spatial:", StringComparison.Ordinal)]);
        Assert.Null(section);
        Assert.Empty(bag.Items);
    }

    public static TheoryData<string, string, string, string, string> Malformed() => new()
    {
        // find, replace with, expected code, expected path, expected words in the message
        { "    W:\n", "    WW:\n", DiagnosticCodes.UnknownReference, "spatial.actors.WW", "did you mean 'W'" },
        { "positions: {island: 100, tolls: 9}", "positions: {islnd: 100, tolls: 9}", DiagnosticCodes.UnknownReference, "spatial.actors.E.positions.islnd", "did you mean 'island'" },
        { "positions: {island: 100, tolls: 9}", "positions: {island: 100, tolls: 12}", DiagnosticCodes.OutOfRange, "spatial.actors.E.positions.tolls", "[0, 10]" },
        { "positions: {island: 100, tolls: 9}", "positions: {island: 100}", DiagnosticCodes.MissingValue, "spatial.actors.E.positions", "tolls" },
        { "positions: {island: 100, tolls: 9}", "positions: [100, 9]", DiagnosticCodes.WrongType, "spatial.actors.E.positions", "a list" },
        { "positions: {island: 100, tolls: 9}", "position: {island: 100, tolls: 9}", DiagnosticCodes.UnknownKey, "spatial.actors.E.position", "did you mean 'positions'" },
        { "saliences: {island: [0.7, 0.6, 0.8]", "saliences: {island: [0.9, 0.8, 1.2]", DiagnosticCodes.OutOfRange, "spatial.actors.E.saliences.island", "[0, 1]" },
        { "saliences: {island: [0.7, 0.6, 0.8]", "saliences: {island: [0.5, 0.6, 0.8]", DiagnosticCodes.RangeExcludesValue, "spatial.actors.E.saliences.island", "outside its range" },
        { "saliences: {island: [0.7, 0.6, 0.8]", "saliences: {island: [0.7, 0.6]", DiagnosticCodes.WrongType, "spatial.actors.E.saliences.island", "[value, low, high]" },
        { "saliences: {island: [0.7, 0.6, 0.8]", "saliences: {island: high", DiagnosticCodes.WrongType, "spatial.actors.E.saliences.island", "expected a number" },
        { "saliences: {island: 0, tolls: 1}", "saliences: {island: 0, tolls: 0}", DiagnosticCodes.OutOfRange, "spatial.actors.G.saliences", "every salience is zero" },
        { "      capability: 30\n", "      capability: -30\n", DiagnosticCodes.OutOfRange, "spatial.actors.L.capability", "must be positive" },
        { "      capability: 30\n", "      capabilty: 30\n", DiagnosticCodes.UnknownKey, "spatial.actors.L.capabilty", "did you mean 'capability'" },
        { "      max: 10\n", "      max: 0\n", DiagnosticCodes.OutOfRange, "spatial.dimensions[1]", "min < max" },
        { "- id: tolls\n", "- id: island\n", DiagnosticCodes.DuplicateId, "spatial.dimensions[1].id", "defined twice" },
        { "{value: 50, label: \"divided", "{value: 150, label: \"divided", DiagnosticCodes.OutOfRange, "spatial.dimensions[0].anchors[1].value", "outside the scale" },
        { "quote: \"its navy is small\"", "quote: \"its navy is tiny\"", DiagnosticCodes.QuoteNotFound, "spatial.actors.W.capability.cite.quote", "does not occur in source 'brief'" },
        { "{source: brief, quote: \"its navy is small\"}", "{source: brif, quote: \"its navy is small\"}", DiagnosticCodes.UnknownReference, "spatial.actors.W.capability.cite.source", "did you mean 'brief'" },
        { "  dimensions:\n", "  dimension:\n", DiagnosticCodes.UnknownKey, "spatial.dimension", "did you mean 'dimensions'" },
        // Finite but beyond what the engines can compute with (1e308 overflowed the capability × salience sums):
        // past ±1e12 the scenario reader refuses every number; within it, the section's own bounds apply.
        { "      capability: 30\n", "      capability: 1e308\n", DiagnosticCodes.OutOfRange, "spatial.actors.L.capability", "numbers in a scenario lie within ±1e12" },
        { "      capability: 30\n", "      capability: [30, 20, 1e300]\n", DiagnosticCodes.OutOfRange, "spatial.actors.L.capability[2]", "numbers in a scenario lie within ±1e12" },
        { "      capability: 30\n", "      capability: 1e-13\n", DiagnosticCodes.OutOfRange, "spatial.actors.L.capability", "outside 1E-12..1E+12" },
        { "      max: 10\n", "      max: 1e10\n", DiagnosticCodes.OutOfRange, "spatial.dimensions[1].max", "scale max 1E+10 is outside" },
        { "      min: 0\n      max: 10\n", "      min: -1e10\n      max: 10\n", DiagnosticCodes.OutOfRange, "spatial.dimensions[1].min", "scale min -1E+10 is outside" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_sections_are_reported_with_place_and_reason(string find, string replace, string code, string path, string words)
    {
        var text = HarbourText;
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"test data lacks '{find}'");
        var broken = text[..at] + replace + text[(at + find.Length)..];
        var (section, bag) = Load(broken);
        Assert.Null(section);
        var error = bag.Items.FirstOrDefault(d => d.Severity == Severity.Error && d.Code == code && d.Path == path);
        Assert.True(error is not null, $"expected {code} at {path}; got:\n{string.Join("\n", bag.Items)}");
        Assert.Contains(words, error.Message);
        Assert.Equal("harbour.yaml", error.Location!.File);
        // The error points at the line where the bad text was written (or, for a missing part, the block above it).
        var line = broken[..at].Count(c => c == '\n') + 1;
        Assert.InRange(error.Location.Line, line - 3, line);
        Assert.Contains($"harbour.yaml:{error.Location.Line}:", error.ToString());
    }

    [Fact]
    public void A_section_that_is_not_a_mapping_is_an_error()
    {
        var text = HarbourText;
        var (section, bag) = Load(text[..text.IndexOf("spatial:", StringComparison.Ordinal)] + "spatial: [1, 2]\n");
        Assert.Null(section);
        var error = Assert.Single(bag.Items);
        Assert.Equal(DiagnosticCodes.WrongType, error.Code);
        Assert.Equal("spatial", error.Path);
    }

    [Fact]
    public void An_uncited_number_is_a_warning_not_an_error()
    {
        var text = HarbourText.Replace("  basis: {rationale: \"Positions as the briefing states them\", cite: {source: brief, quote: \"Eastport wants the whole island\"}}\n", "");
        var (section, bag) = Load(text);
        Assert.NotNull(section);
        Assert.False(bag.HasErrors);
        Assert.Contains(bag.Items, d => d.Code == DiagnosticCodes.Uncited && d.Path == "spatial.actors.E.positions.island");
        Assert.DoesNotContain(bag.Items, d => d.Path == "spatial.actors.W.positions.island");
    }

    [Fact]
    public void Every_problem_is_reported_in_one_pass()
    {
        var broken = HarbourText.Replace("positions: {island: 100, tolls: 9}", "positions: {island: 100, tolls: 99}")
            .Replace("    W:\n", "    X:\n").Replace("      capability: 30\n", "      capability: 0\n");
        var (_, bag) = Load(broken);
        Assert.Equal(3, bag.ErrorCount);
    }

    /// <summary>Before: a capability of 1e308 made the weighted mean infinite, and scale bounds of ±1e308 ended 'forecast --format json' in an internal error.</summary>
    [Theory]
    [InlineData("capability: 30", "capability: 1e308", "spatial.actors.L.capability", "'1e308' is out of range")]
    [InlineData("capability: 30", "capability: .nan", "spatial.actors.L.capability", "'.nan' is not a number")]
    [InlineData("      max: 100\n", "      max: 1e308\n", "spatial.dimensions[0].max", "'1e308' is out of range")]
    [InlineData("      min: 0\n      max: 100\n", "      min: -Infinity\n      max: 100\n", "spatial.dimensions[0].min", "'-Infinity' is out of range")]
    public void Numbers_beyond_the_format_range_are_refused_where_they_are_read(string find, string replace, string path, string message)
    {
        Assert.Contains(find, HarbourText);
        var (section, bag) = Load(HarbourText.Replace(find, replace));
        Assert.Null(section);
        var error = Assert.Single(bag.Items, d => d.Severity == Severity.Error);
        Assert.Equal((DiagnosticCodes.OutOfRange, path), (error.Code, error.Path));
        Assert.Contains(message, error.Message);
        Assert.NotNull(error.Location);
    }
}
