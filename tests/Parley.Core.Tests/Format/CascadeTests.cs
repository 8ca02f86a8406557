using Parley.Core.Diagnostics;
using Parley.Core.Format;

namespace Parley.Core.Tests.Format;

/// <summary>
/// One mistake, one error: hand-made broken variants of the river-valley example, each with a single slip, must
/// give exactly one error at the slip's path, not a trail of "unknown party" or "no value" errors downstream.
/// </summary>
public class CascadeTests
{
    private static readonly string Original = File.ReadAllText(TestPaths.RiverValley);

    private static List<Diagnostic> Errors(string find, string replace)
    {
        Assert.Contains(find, Original); // the variant must really change the file
        var result = ScenarioLoader.LoadText(Original.Replace(find, replace), "variant.yaml", TestPaths.Examples);
        Assert.False(result.Succeeded);
        return result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
    }

    public static TheoryData<string, string, string, string> Variants => new()
    {
        // find, replace, expected code, expected path
        // A misspelt role: Southland is still named by its preferences, position and the agreement.
        { "    name: Southland\n    role: belligerent", "    name: Southland\n    role: beligerent", DiagnosticCodes.WrongType, "parties[1].role" },
        // No role at all.
        { "    name: Southland\n    role: belligerent\n", "    name: Southland\n", DiagnosticCodes.MissingKey, "parties[1].role" },
        // An unknown party: in a position, as the key of a party's preferences (named by the agreement and a snapshot too),
        // as a proposal's party and in the agreement.
        { "  - party: S\n", "  - party: SS\n", DiagnosticCodes.UnknownReference, "positions[1].party" },
        { "preferences:\n  N:\n", "preferences:\n  NN:\n", DiagnosticCodes.UnknownReference, "preferences.NN" },
        { "  S:\n    basis:", "  Z:\n    basis:", DiagnosticCodes.UnknownReference, "preferences.Z" },
        { "    party: M\n", "    party: MM\n", DiagnosticCodes.UnknownReference, "proposals[0].party" },
        { "required: [N, S]", "required: [N, SS]", DiagnosticCodes.UnknownReference, "agreement.required" },
        // An unknown issue: in a red line, among the option values (which the weights still name), in the weights,
        // in a stance.
        { "when: {troops: stationed, border: south}", "when: {troop: stationed, border: south}", DiagnosticCodes.UnknownReference, "preferences.N.red_lines[0].when.troop" },
        { "      water: {shared: 0.3, upstream: 1}", "      watr: {shared: 0.3, upstream: 1}", DiagnosticCodes.UnknownReference, "preferences.S.values.watr" },
        { "      water: {shared: 0.3, upstream: 1}", "      reservoir: {shared: 0.3, upstream: 1}", DiagnosticCodes.UnknownReference, "preferences.S.values.reservoir" },
        { "weights: {border: 0.4, water: 0.4, troops: 0.2}", "weights: {border: 0.4, watr: 0.4, troops: 0.2}", DiagnosticCodes.UnknownReference, "preferences.S.weights.watr" },
        { "stance: {border: north}", "stance: {bordr: north}", DiagnosticCodes.UnknownReference, "positions[0].stance.bordr" },
        // An unknown option: among the values (so that option seems to have none), in a red line, in a proposal's terms,
        // in a snapshot's red line.
        { "water: {shared: 1, upstream: [0.2, 0.0, 0.4]}", "water: {shard: 1, upstream: [0.2, 0.0, 0.4]}", DiagnosticCodes.UnknownReference, "preferences.N.values.water.shard" },
        { "border: {north: 0, median: 0.5, south: 1}", "border: {north: 0, middle: 0.5, south: 1}", DiagnosticCodes.UnknownReference, "preferences.S.values.border.middle" },
        { "when: {troops: stationed, border: south}", "when: {troops: stationned, border: south}", DiagnosticCodes.UnknownReference, "preferences.N.red_lines[0].when.troops" },
        { "terms: {border: median, water: shared, troops: withdrawn}", "terms: {border: median, water: shared, troops: withdrawal}", DiagnosticCodes.UnknownReference, "proposals[0].terms.troops" },
        { "when: {border: [median, south]}", "when: {border: [median, sout]}", DiagnosticCodes.UnknownReference, "snapshots[0].preferences.N.red_lines[0].when.border" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void One_slip_gives_exactly_one_error_at_its_place(string find, string replace, string code, string path)
    {
        var errors = Errors(find, replace);
        var error = Assert.Single(errors);
        Assert.Equal(code, error.Code);
        Assert.Equal(path, error.Path);
        Assert.Equal("variant.yaml", error.Location?.File);
    }

    [Fact]
    public void Two_misspelt_roles_give_two_errors_and_no_complaint_that_nobody_fights()
    {
        // Without an agreement section the required parties default to the fighting ones; with both roles unreadable
        // there seem to be none, which is not a third mistake.
        var text = Original.Replace("agreement:\n  required: [N, S]", "");
        Assert.NotEqual(Original, text);
        text = text.Replace("role: belligerent", "role: belligerant");
        var result = ScenarioLoader.LoadText(text, "variant.yaml", TestPaths.Examples);
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        Assert.Equal(["parties[0].role", "parties[1].role"], errors.Select(e => e.Path).Order());
        Assert.All(errors, e => Assert.Contains("did you mean 'belligerent'", e.Message));
    }

    [Fact]
    public void A_real_second_mistake_is_still_reported_beside_a_misspelt_issue()
    {
        // 'watr' is the typo for 'water'; 'troops' is left out of the values for real, and that must still be said.
        var errors = Errors("      water: {shared: 0.3, upstream: 1}\n      troops: {withdrawn: 0.4, stationed: 1}",
            "      watr: {shared: 0.3, upstream: 1}");
        Assert.Equal(["preferences.S.values.troops", "preferences.S.values.watr"], errors.Select(e => e.Path).Order());
    }
}
