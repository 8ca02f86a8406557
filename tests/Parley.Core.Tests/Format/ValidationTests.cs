using Parley.Core.Diagnostics;
using Parley.Core.Format;

namespace Parley.Core.Tests.Format;

/// <summary>One malformed variant of the river-valley example for every kind of error the loader reports.</summary>
public class ValidationTests
{
    private static readonly string Original = File.ReadAllText(TestPaths.RiverValley);

    private static LoadResult LoadVariant(string find, string replace)
    {
        Assert.Contains(find, Original); // the variant must really change the file
        return ScenarioLoader.LoadText(Original.Replace(find, replace), "variant.yaml", TestPaths.Examples);
    }

    private static Diagnostic SingleError(LoadResult result, string code)
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.Scenario);
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        var error = Assert.Single(errors);
        Assert.Equal(code, error.Code);
        Assert.Equal("variant.yaml", error.Location?.File);
        return error;
    }

    private static int LineOf(string text, string fragment) =>
        text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void The_example_loads_without_errors_or_warnings()
    {
        var result = ScenarioLoader.LoadFile(TestPaths.RiverValley);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        var scenario = result.Scenario!;
        Assert.Equal(3, scenario.Parties.Count);
        Assert.Equal(12, scenario.PackageCount);
        Assert.Equal(["N", "S"], scenario.Agreement.RequiredParties);
        Assert.True(scenario.Preferences["N"].Weights["border"].IsEstimate);
        Assert.Equal(0.4, scenario.Preferences["N"].Weights["border"].Range!.Value.Low);
        Assert.NotNull(scenario.Preferences["S"].Reservation.Provenance.Rationale); // inherited from basis
    }

    [Fact]
    public void Malformed_yaml_reports_the_place()
    {
        var error = SingleError(LoadVariant("title: River valley dispute (teaching example)", "title: [unclosed"), DiagnosticCodes.Syntax);
        Assert.True(error.Location!.Line >= 3);
    }

    [Fact]
    public void Malformed_json_is_reported_too()
    {
        var result = ScenarioLoader.LoadText("{\"id\": \"x\", \"title\": }}", "bad.json");
        Assert.Equal(DiagnosticCodes.Syntax, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Json_with_the_same_structure_loads()
    {
        const string json = """
            {"id": "tiny", "title": "Tiny",
             "sources": [{"id": "s", "title": "S"}],
             "parties": [{"id": "A", "name": "A", "role": "belligerent"}, {"id": "B", "name": "B", "role": "belligerent"}],
             "issues": [{"id": "i", "name": "I", "options": [{"id": "x"}, {"id": "y"}]}],
             "preferences": {
               "A": {"reservation": 0.2, "weights": {"i": 1}, "values": {"i": {"x": 1, "y": 0}}},
               "B": {"reservation": 0.2, "weights": {"i": 1}, "values": {"i": {"x": 0, "y": 1}}}}}
            """;
        var result = ScenarioLoader.LoadText(json, "tiny.json");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticCodes.Uncited, d.Code));
        Assert.Equal(0.2, result.Scenario!.Preferences["A"].Reservation.Value);
    }

    [Fact]
    public void Missing_required_key()
    {
        var error = SingleError(LoadVariant("    name: Reservoir\n", ""), DiagnosticCodes.MissingKey);
        Assert.Equal("issues[1].name", error.Path);
    }

    [Fact]
    public void Unknown_key_with_did_you_mean()
    {
        var result = LoadVariant("    reservation: [0.45", "    reservaton: [0.45");
        var error = result.Diagnostics.Single(d => d.Code == DiagnosticCodes.UnknownKey);
        Assert.Contains(result.Diagnostics, d => d is { Code: DiagnosticCodes.MissingKey, Path: "preferences.S.reservation" });
        Assert.Contains("did you mean 'reservation'", error.Message);
        Assert.Equal("preferences.S.reservaton", error.Path);
    }

    [Fact]
    public void Unknown_top_level_key_close_to_a_known_one()
    {
        var error = SingleError(LoadVariant("proposals:\n", "proposal:\n"), DiagnosticCodes.UnknownKey);
        Assert.Contains("did you mean 'proposals'", error.Message);
    }

    [Fact]
    public void Engine_sections_are_kept_for_their_engines()
    {
        var result = ScenarioLoader.LoadText(Original + "\nconflict:\n  decision_makers: []\n", "variant.yaml", TestPaths.Examples);
        Assert.True(result.Succeeded);
        Assert.Equal("conflict", result.Scenario!.Extensions["conflict"].Name);
    }

    [Fact]
    public void Wrong_type()
    {
        var error = SingleError(LoadVariant("water: [0.3, 0.2, 0.4], troops: 0.2}", "water: [0.3, 0.2, 0.4], troops: heavy}"), DiagnosticCodes.WrongType);
        Assert.Equal("preferences.N.weights.troops", error.Path);
    }

    [Fact]
    public void Unknown_party_with_did_you_mean()
    {
        var error = SingleError(LoadVariant("  - party: S\n", "  - party: SS\n"), DiagnosticCodes.UnknownReference);
        Assert.Contains("unknown party 'SS'", error.Message);
        Assert.Contains("did you mean 'S'", error.Message);
        Assert.Equal("positions[1].party", error.Path);
    }

    [Fact]
    public void Unknown_issue_with_did_you_mean()
    {
        var error = SingleError(LoadVariant("terms: {border: median}", "terms: {boarder: median}"), DiagnosticCodes.UnknownReference);
        Assert.Contains("did you mean 'border'", error.Message);
        Assert.Equal("proposals[1].terms.boarder", error.Path);
    }

    [Fact]
    public void Unknown_option_with_did_you_mean()
    {
        var error = SingleError(LoadVariant("when: {troops: stationed, border: south}", "when: {troops: stationned, border: south}"), DiagnosticCodes.UnknownReference);
        Assert.Contains("did you mean 'stationed'", error.Message);
        Assert.Equal(LineOf(Original, "when: {troops: stationed"), error.Location!.Line);
    }

    [Fact]
    public void Unknown_source()
    {
        var error = SingleError(LoadVariant("cite: {source: briefing, quote: \"The mediator proposed a median border\"}",
            "cite: {source: brief, quote: \"The mediator proposed a median border\"}"), DiagnosticCodes.UnknownReference);
        Assert.Contains("unknown source 'brief'", error.Message);
        Assert.Equal("parties[2].cite.source", error.Path);
    }

    [Fact]
    public void Duplicate_ids()
    {
        var error = SingleError(LoadVariant("\nissues:\n", "  - {id: N, name: Northland again, role: observer}\n\nissues:\n"), DiagnosticCodes.DuplicateId);
        Assert.Equal("parties[3]", error.Path);
    }

    [Fact]
    public void Duplicate_option_ids()
    {
        var error = SingleError(LoadVariant("      - {id: south, label: Southern ridge}\n", "      - {id: south, label: Southern ridge}\n      - {id: north, label: Again}\n"), DiagnosticCodes.DuplicateId);
        Assert.Contains("duplicate option id 'north'", error.Message);
    }

    [Fact]
    public void Invalid_id()
    {
        var error = SingleError(LoadVariant("id: river-valley", "id: \"river valley\""), DiagnosticCodes.InvalidId);
        Assert.Equal("id", error.Path);
    }

    [Fact]
    public void Value_out_of_range()
    {
        var error = SingleError(LoadVariant("border: {north: 0, median: 0.5, south: 1}", "border: {north: 0, median: 1.5, south: 1}"), DiagnosticCodes.OutOfRange);
        Assert.Equal("preferences.S.values.border.median", error.Path);
    }

    [Fact]
    public void Weights_that_do_not_sum_to_one()
    {
        var error = SingleError(LoadVariant("weights: {border: 0.4, water: 0.4, troops: 0.2}", "weights: {border: 0.4, water: 0.4, troops: 0.3}"), DiagnosticCodes.WeightSum);
        Assert.Contains("sum to 1.1", error.Message);
        Assert.Equal("preferences.S.weights", error.Path);
    }

    [Fact]
    public void A_range_that_does_not_contain_its_estimate()
    {
        var error = SingleError(LoadVariant("reservation: [0.45, 0.35, 0.55]", "reservation: [0.45, 0.5, 0.55]"), DiagnosticCodes.RangeExcludesValue);
        Assert.Equal("preferences.S.reservation", error.Path);
    }

    [Fact]
    public void A_quote_missing_from_its_source()
    {
        var error = SingleError(LoadVariant("quote: \"Water matters almost as much as land.\"", "quote: \"Water matters more than land.\""), DiagnosticCodes.QuoteNotFound);
        Assert.Equal("issues[1].cite.quote", error.Path);
        Assert.Equal(LineOf(Original, "quote: \"Water matters almost"), error.Location!.Line);
    }

    [Fact]
    public void An_unreadable_source_file_is_a_warning_not_a_silent_pass()
    {
        var result = LoadVariant("file: river-valley-briefing.txt", "file: missing.txt");
        Assert.True(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.SourceUnreadable && d.Severity == Severity.Warning);
    }

    /// <summary>
    /// Every number is checked where it is read: NaN and infinities are not numbers, and a number beyond ±1e12 (1e308 would
    /// overflow into infinity in any sum) is out of range; each with its place, and nothing else reported about it.
    /// </summary>
    private const string NorthWeights = "weights: {border: [0.5, 0.4, 0.6], water: [0.3, 0.2, 0.4], troops: 0.2}";

    [Theory]
    [InlineData("NaN", "'NaN' is not a number")]
    [InlineData(".nan", "'.nan' is not a number")]
    [InlineData(".inf", "'.inf' is out of range")]
    [InlineData("-.Inf", "'-.Inf' is out of range")]
    [InlineData("Infinity", "'Infinity' is out of range")]
    [InlineData("1e309", "'1e309' is out of range: numbers in a scenario lie within ±1e12")]
    [InlineData("1e308", "'1e308' is out of range: numbers in a scenario lie within ±1e12")]
    [InlineData("-1e13", "'-1e13' is out of range")]
    public void A_number_that_is_not_finite_or_too_large_is_refused_where_it_is_read(string number, string message)
    {
        var error = SingleError(LoadVariant(NorthWeights, NorthWeights.Replace("troops: 0.2}", $"troops: {number}}}")), DiagnosticCodes.OutOfRange);
        Assert.Equal("preferences.N.weights.troops", error.Path);
        Assert.Equal(LineOf(Original, NorthWeights), error.Location!.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_weight_out_of_range_does_not_also_make_the_sum_wrong()
    {
        var error = SingleError(LoadVariant(NorthWeights, NorthWeights.Replace("troops: 0.2}", "troops: 1e12}")), DiagnosticCodes.OutOfRange);
        Assert.Contains("must lie in [0, 1]", error.Message);
    }

    [Fact]
    public void Bad_date()
    {
        var error = SingleError(LoadVariant("date: 2024-04", "date: April 2024"), DiagnosticCodes.BadDate);
        Assert.Equal("proposals[1].date", error.Path);
    }

    [Fact]
    public void Missing_option_value()
    {
        var error = SingleError(LoadVariant("troops: {withdrawn: 0.4, stationed: 1}", "troops: {withdrawn: 0.4}"), DiagnosticCodes.MissingValue);
        Assert.Equal("preferences.S.values.troops.stationed", error.Path);
    }

    [Fact]
    public void A_required_party_without_preferences()
    {
        var error = SingleError(LoadVariant("required: [N, S]", "required: [N, S, M]"), DiagnosticCodes.MissingValue);
        Assert.Contains("'M'", error.Message);
    }

    [Fact]
    public void An_issue_with_one_option()
    {
        var result = LoadVariant("      - {id: stationed, label: Southland troops stationed}\n", "");
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.Empty && d.Path == "issues[2].options");
    }

    [Fact]
    public void An_uncited_number_is_a_warning()
    {
        var result = LoadVariant("""
                basis:
                  rationale: Southland's delegation values the dam as highly as the border
                  cite: {source: briefing, quote: "control of the dam is worth as much to it as the border itself"}

            """.Replace("\r", ""), "");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Contains(result.Diagnostics, d => d is { Code: DiagnosticCodes.Uncited, Path: "preferences.S.reservation" });
    }

    [Fact]
    public void An_empty_file()
    {
        var result = ScenarioLoader.LoadText("", "empty.yaml");
        Assert.Equal(DiagnosticCodes.Empty, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void A_huge_file_is_refused_before_parsing()
    {
        var result = ScenarioLoader.LoadText(new string('#', (int)ScenarioLimits.MaxFileBytes + 1), "huge.yaml");
        Assert.Equal(DiagnosticCodes.TooLarge, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Several_errors_are_reported_together()
    {
        var text = Original.Replace("  - party: S\n", "  - party: SS\n").Replace("date: 2024-04", "date: soon");
        var result = ScenarioLoader.LoadText(text, "variant.yaml", TestPaths.Examples);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Severity == Severity.Error));
    }

    [Fact]
    public void A_missing_file()
    {
        var result = ScenarioLoader.LoadFile(Path.Combine(TestPaths.Examples, "nope.yaml"));
        Assert.Contains("does not exist", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void A_utility_cap_is_read_and_caps_every_package()
    {
        var result = LoadVariant("    reservation: [0.45, 0.35, 0.55]\n", "    reservation: [0.45, 0.35, 0.55]\n    utility_cap: 0.6\n");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var scenario = result.Scenario!;
        var capped = scenario.Preferences.Single(p => p.Value.UtilityCap is not null);
        Assert.Equal(0.6, capped.Value.UtilityCap);
        var party = new Parley.Core.Evaluation.UtilityModel(scenario).For(capped.Key);
        var counts = scenario.Issues.Select(i => i.Options.Count).ToArray();
        var best = counts.Select((c, i) => Enumerable.Range(0, c).MaxBy(o => party.Contribution(i, o))).ToArray();
        Assert.True(best.Select((o, i) => party.Contribution(i, o)).Sum() > 0.6); // the cap binds on the party's best package
        Assert.Equal(0.6, party.Utility(best));
    }

    [Fact]
    public void A_utility_cap_below_the_reservation_value_is_refused_where_it_is_written()
    {
        var error = SingleError(LoadVariant("    reservation: [0.45, 0.35, 0.55]\n", "    reservation: [0.45, 0.35, 0.55]\n    utility_cap: 0.3\n"), DiagnosticCodes.OutOfRange);
        Assert.Contains("utility_cap 0.3 is below the reservation value 0.45", error.Message);
        Assert.EndsWith("utility_cap", error.Path);
    }
}
