using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Model;
using Parley.Stability.Scenarios;

namespace Parley.Stability.Tests;

/// <summary>
/// Preferences derived from the bargaining preferences (<c>from_utilities</c> with <c>conflict.issue_map</c>):
/// a small scenario whose state utilities, ranks and Nash equilibria are worked out by hand below.
/// </summary>
public class UtilityDerivedPreferenceTests
{
    // Two belligerents with hand-set weights and values; C is a mediator without preferences. The issue
    // 'aid' is mapped by no rule, so it stays open in every state (its midpoint is a constant).
    private const string Scenario = """
        id: derive
        title: Derived preferences
        sources:
          - {id: memo, title: Memo}
        parties:
          - {id: A, name: Alpha, role: belligerent}
          - {id: B, name: Beta, role: belligerent}
          - {id: C, name: Gamma, role: mediator}
        issues:
          - id: land
            name: Land
            options: [{id: ours_a, label: A keeps it}, {id: ours_b, label: B keeps it}, {id: shared, label: Shared}]
          - id: peace
            name: Peace
            options: [{id: yes, label: Yes}, {id: no, label: No}]
          - id: aid
            name: Aid
            options: [{id: more, label: More}, {id: less, label: Less}]
        preferences:
          A:
            reservation: 0.3
            weights: {land: 0.5, peace: 0.3, aid: 0.2}
            values:
              land: {ours_a: 1, ours_b: 0, shared: 0.6}
              peace: {yes: 1, no: 0}
              aid: {more: 1, less: 0}
          B:
            reservation: 0.3
            weights: {land: 0.6, peace: 0.4}
            values:
              land: {ours_a: 0, ours_b: 1, shared: 0.5}
              peace: {yes: 1, no: 0}
        conflict:
          decision_makers:
            A:
              options:
                a_withdraw: {cite: {source: memo, quote: "aw"}}
                a_attack: {cite: {source: memo, quote: "aa"}}
              from_utilities: true
            B:
              options:
                b_withdraw: {cite: {source: memo, quote: "bw"}}
                b_attack: {cite: {source: memo, quote: "ba"}}
              from_utilities: true
          infeasible:
            - {together: [a_withdraw, a_attack]}
            - {together: [b_withdraw, b_attack]}
          issue_map:
            land:
              - {when: "a_attack and not b_attack", option: ours_a}
              - {when: "b_attack and not a_attack", option: ours_b}
              - {when: {when: {a_withdraw: true, b_withdraw: true}}, option: shared}
            peace: {when: "not a_attack and not b_attack", then: "yes", else: "no"}
        """;

    private static (ScenarioConflict? Conflict, IReadOnlyList<Diagnostic> Diagnostics) Load(string text)
    {
        var result = ScenarioLoader.LoadText(text, "derive.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var bag = new DiagnosticBag();
        return (ConflictSection.Read(result.Scenario!, bag), bag.Items);
    }

    private static Diagnostic SingleError(string text)
    {
        var (conflict, diagnostics) = Load(text);
        Assert.Null(conflict);
        var errors = diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        Assert.True(errors.Count == 1, string.Join("\n", diagnostics));
        return errors[0];
    }

    private static string Replace(string oldText, string newText)
    {
        Assert.Contains(oldText, Scenario);
        return Scenario.Replace(oldText, newText);
    }

    /// <summary>1-based line and column of the first occurrence of <paramref name="needle"/> in the file.</summary>
    private static (int Line, int Column) Find(string text, string needle)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].IndexOf(needle, StringComparison.Ordinal) is var c and >= 0) return (i + 1, c + 1);
        throw new InvalidOperationException($"'{needle}' not in the text");
    }

    [Fact]
    public void Ranks_and_nash_equilibria_follow_the_hand_worked_utilities()
    {
        var (sc, diagnostics) = Load(Scenario);
        Assert.True(sc is not null, string.Join("\n", diagnostics));
        Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
        var graph = ConflictGraph.Build(sc!.Conflict);
        // Bits: a_withdraw 1, a_attack 2, b_withdraw 4, b_attack 8; each side does at most one thing.
        Assert.Equal([0UL, 1, 2, 4, 5, 6, 8, 9, 10], graph.Codes);

        // Packages by hand (land; peace; aid always open):
        //   0, 1, 4  nobody attacks, not both withdraw: land open,   peace yes
        //   5        both withdraw:                     land shared, peace yes
        //   2, 6     only A attacks:                    land ours_a, peace no
        //   8, 9     only B attacks:                    land ours_b, peace no
        //   10       both attack:                       land open,   peace no
        // A (land .5·{1, 0, .6}, open = .25; peace .3; aid open = .2·(1+0)/2 = .1):
        //   0,1,4: .25+.3+.1 = .65   5: .3+.3+.1 = .7   2,6: .5+.1 = .6   8,9: .1   10: .25+.1 = .35
        //   tiers best first: {5} {0,1,4} {2,6} {10} {8,9} → ranks 4, 3, 2, 1, 0
        // B (land .6·{0, 1, .5}, open = .3; peace .4; aid weight 0):
        //   0,1,4: .3+.4 = .7   5: .3+.4 = .7 (a tie)   2,6: 0   8,9: .6   10: .3
        //   tiers: {0,1,4,5} {8,9} {10} {2,6} → ranks 3, 2, 1, 0
        int[] expectedA = [3, 3, 2, 3, 4, 2, 0, 0, 1];
        int[] expectedB = [3, 3, 0, 3, 3, 0, 2, 2, 1];
        Assert.Equal(expectedA, graph.Ranks[0]);
        Assert.Equal(expectedB, graph.Ranks[1]);

        // Nash by hand: A's best reply in each column of B's choice (none: 0 and 1 tie; withdraw: 5;
        // attack: 10) and B's in each row of A's (none: 0 and 4; withdraw: 1 and 5; attack: 10).
        var table = new StabilityAnalyzer(graph).AnalyzeAll();
        var nash = table.Equilibria(SolutionConcept.Nash).Members().Select(i => graph.Codes[i]).ToArray();
        Assert.Equal([0UL, 1, 5, 10], nash);
    }

    [Fact]
    public void A_list_of_rules_with_a_default_settles_the_issue_in_every_state()
    {
        // With 'default: shared', state 10 (both attack) and the no-attack states 0, 1, 4 get land shared:
        // A scores .3+.3+.1 = .7 there, like state 5; 10 gets .3+.1 = .4. B scores .3+.4 = .7 and 10 gets .3.
        var (sc, diagnostics) = Load(Replace("      - {when: {when: {a_withdraw: true, b_withdraw: true}}, option: shared}",
            "      - {default: shared}"));
        Assert.True(sc is not null, string.Join("\n", diagnostics));
        var graph = ConflictGraph.Build(sc!.Conflict);
        // A tiers: {0,1,4,5} .7, {2,6} .6, {10} .4, {8,9} .1.
        Assert.Equal([3, 3, 2, 3, 3, 2, 0, 0, 1], graph.Ranks[0]);
        Assert.Equal([3, 3, 0, 3, 3, 0, 2, 2, 1], graph.Ranks[1]);
    }

    [Fact]
    public void An_unknown_issue_gets_a_did_you_mean_at_its_key()
    {
        var text = Replace("    peace: {when:", "    paece: {when:");
        var error = SingleError(text);
        Assert.Equal(DiagnosticCodes.UnknownReference, error.Code);
        Assert.Equal("conflict.issue_map.paece", error.Path);
        Assert.Contains("unknown issue 'paece'", error.Message);
        Assert.Contains("'peace'", error.Message);
        var (line, column) = Find(text, "paece");
        Assert.Equal(new SourceLocation("derive.yaml", line, column), error.Location);
    }

    [Fact]
    public void An_unknown_option_gets_a_did_you_mean_at_its_value()
    {
        var text = Replace("option: shared}", "option: shraed}");
        var error = SingleError(text);
        Assert.Equal(DiagnosticCodes.UnknownReference, error.Code);
        Assert.Equal("conflict.issue_map.land[2].option", error.Path);
        Assert.Contains("unknown option 'shraed' of issue 'land'", error.Message);
        Assert.Contains("'shared'", error.Message);
        var (line, column) = Find(text, "shraed");
        Assert.Equal(new SourceLocation("derive.yaml", line, column), error.Location);
    }

    [Fact]
    public void A_decision_maker_without_bargaining_preferences_is_a_located_error()
    {
        // C is a mediator with no 'preferences' entry.
        var text = Replace("    B:\n      options:", "    C:\n      options:");
        var error = SingleError(text);
        Assert.Equal("conflict.decision_makers.C.from_utilities", error.Path);
        Assert.Contains("party 'C' has no bargaining preferences", error.Message);
        Assert.Contains("A, B", error.Message);
        Assert.NotNull(error.Location);
    }

    [Fact]
    public void From_utilities_without_an_issue_map_says_what_is_missing()
    {
        var start = Scenario.IndexOf("  issue_map:", StringComparison.Ordinal);
        var (conflict, diagnostics) = Load(Scenario[..start]);
        Assert.Null(conflict);
        var errors = diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        Assert.Equal(["conflict.decision_makers.A.from_utilities", "conflict.decision_makers.B.from_utilities"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Contains("needs 'conflict.issue_map'", e.Message));
    }

    [Fact]
    public void From_utilities_with_a_ranking_is_rejected()
    {
        var error = SingleError(Replace("        a_attack: {cite: {source: memo, quote: \"aa\"}}\n      from_utilities: true",
            "        a_attack: {cite: {source: memo, quote: \"aa\"}}\n      ranking: [true]\n      from_utilities: true"));
        Assert.Equal("conflict.decision_makers.A.from_utilities", error.Path);
        Assert.Contains("give only one of", error.Message);
    }

    [Fact]
    public void A_default_that_is_not_the_last_rule_is_rejected()
    {
        var error = SingleError(Replace("      - {when: \"a_attack and not b_attack\", option: ours_a}",
            "      - {default: ours_b}\n      - {when: \"a_attack and not b_attack\", option: ours_a}"));
        Assert.Equal("conflict.issue_map.land[0]", error.Path);
    }
}
