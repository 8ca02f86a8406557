using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Model;
using Parley.Stability.Scenarios;

namespace Parley.Stability.Tests;

/// <summary>The <c>conflict</c> scenario section: reading, semantics checked by hand, located errors.</summary>
public class ConflictSectionTests
{
    private const string Header = """
        id: test
        title: Test
        sources:
          - {id: memo, title: Memo}
        parties:
          - {id: A, name: Alpha, role: belligerent}
          - {id: B, name: Beta, role: belligerent}
          - {id: C, name: Gamma, role: mediator}
        issues:
          - id: x
            name: X
            options: [{id: a, label: A}, {id: b, label: B}]

        """;

    internal static (ScenarioConflict? Conflict, IReadOnlyList<Diagnostic> Diagnostics) Load(string conflictYaml)
    {
        var result = ScenarioLoader.LoadText(Header + conflictYaml, "test.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var bag = new DiagnosticBag();
        var conflict = ConflictSection.Read(result.Scenario!, bag);
        return (conflict, bag.Items);
    }

    private static ScenarioConflict LoadValid(string conflictYaml)
    {
        var (conflict, diagnostics) = Load(conflictYaml);
        Assert.True(conflict is not null, string.Join("\n", diagnostics));
        return conflict!;
    }

    private static Diagnostic SingleError(string conflictYaml)
    {
        var (conflict, diagnostics) = Load(conflictYaml);
        Assert.Null(conflict);
        var errors = diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        Assert.True(errors.Count == 1, string.Join("\n", diagnostics));
        return errors[0];
    }

    /// <summary>Prisoner's Dilemma, each prisoner caring first that the other stays silent, then about confessing.</summary>
    private const string PrisonersDilemma = """
        conflict:
          name: Prisoner's Dilemma
          status_quo: []
          decision_makers:
            A:
              options:
                a_confess: {label: A confesses, cite: {source: memo, quote: "q1"}}
              priorities:
                - {statement: "-b_confess", cite: {source: memo, quote: "q2"}}
                - {statement: "a_confess", cite: {source: memo, quote: "q3"}}
            B:
              options:
                b_confess: {label: B confesses, cite: {source: memo, quote: "q4"}}
              priorities:
                - {statement: "not A.a_confess", cite: {source: memo, quote: "q5"}}
                - {statement: "B.b_confess", cite: {source: memo, quote: "q6"}}
        """;

    [Fact]
    public void Prisoners_dilemma_reads_and_has_the_hand_worked_equilibria()
    {
        var sc = LoadValid(PrisonersDilemma);
        Assert.Equal(["A", "B"], sc.DecisionMakerIds);
        Assert.Equal(["Alpha", "Beta"], sc.DecisionMakerNames);
        Assert.Equal(["a_confess", "b_confess"], sc.OptionIds);
        Assert.Equal(["A confesses", "B confesses"], sc.OptionLabels);
        Assert.Equal(0UL, sc.StatusQuo);
        Assert.Equal(6, sc.Citations.Count);
        Assert.Equal("conflict.decision_makers.A.options.a_confess.cite", sc.Citations[0].Path);
        Assert.Equal("q1", sc.Citations[0].Citation.Quote);

        var graph = ConflictGraph.Build(sc.Conflict);
        // States by bit pattern: 0 = nobody confesses, 1 = A, 2 = B, 3 = both. Payoffs by hand: A scores
        // 2·[B silent] + [A confesses]: 2, 3, 0, 1.
        Assert.Equal([2, 3, 0, 1], Enumerable.Range(0, 4).Select(s => graph.Ranks[0][s]));
        var table = new StabilityAnalyzer(graph).AnalyzeAll();
        Assert.Equal([3], table.Equilibria(SolutionConcept.Nash).Members());
        Assert.Equal([0, 3], table.Equilibria(SolutionConcept.Gmr).Members());
        Assert.Equal([0, 3], table.Equilibria(SolutionConcept.Seq).Members());
    }

    private static ScenarioConflict ThreeOptions(string infeasible) => LoadValid("""
        conflict:
          decision_makers:
            A:
              options:
                p: {cite: {source: memo, quote: "p"}}
                q: {cite: {source: memo, quote: "q"}}
              priorities: [{statement: p, cite: {source: memo, quote: "s"}}]
            B:
              options:
                r: {cite: {source: memo, quote: "r"}}
              priorities: [{statement: r, cite: {source: memo, quote: "s"}}]
          infeasible:
        """ + "\n" + infeasible + "\n");

    // Bits: p = 1, q = 2, r = 4. Expected feasible sets are listed by hand from each constraint's meaning.
    [Theory]
    [InlineData("    - {together: [p, q]}", new ulong[] { 0, 1, 2, 4, 5, 6 })]
    [InlineData("    - {mutually_exclusive: [p, q, r]}", new ulong[] { 0, 1, 2, 4 })]
    [InlineData("    - {at_least_one: [q, r]}", new ulong[] { 2, 3, 4, 5, 6, 7 })]
    [InlineData("    - {exactly_one: [p, q, r]}", new ulong[] { 1, 2, 4 })]
    [InlineData("    - {pattern: \"Y-N\"}", new ulong[] { 0, 2, 4, 5, 6, 7 })]
    [InlineData("    - {when: {p: true, r: false}}", new ulong[] { 0, 2, 4, 5, 6, 7 })]
    [InlineData("    - {any_of: [{pattern: \"YY-\"}, {when: {r: true, q: false}}]}", new ulong[] { 0, 1, 2, 6 })]
    [InlineData("    - \"r if p\"", new ulong[] { 1, 3 })]
    [InlineData("    - \"p iff not q\"", new ulong[] { 0, 3, 4, 7 })]
    [InlineData("    - \"(p or q) and not r\"", new ulong[] { 0, 4, 5, 6, 7 })]
    public void Infeasibility_forms_remove_exactly_the_states_they_describe(string entry, ulong[] expected)
    {
        var sc = ThreeOptions(entry);
        var graph = ConflictGraph.Build(sc.Conflict);
        Assert.Equal(expected, graph.Codes);
    }

    [Fact]
    public void Or_combines_with_lower_precedence_than_and()
    {
        // "p & -q | !r" = (p and not q) or (not r): infeasible where it holds; feasible = r and not (p and not q) = {4, 6, 7}.
        var graph = ConflictGraph.Build(ThreeOptions("    - \"p & -q | !r\"").Conflict);
        Assert.Equal([4UL, 6, 7], graph.Codes);
    }

    [Fact]
    public void Irreversible_options_misperceptions_and_a_ranking_with_ties()
    {
        var sc = LoadValid("""
            conflict:
              decision_makers:
                A:
                  options:
                    p: {irreversible: true, cite: {source: memo, quote: "p"}}
                    q: {direction: backward, cite: {source: memo, quote: "q"}}
                  ranking:
                    - "p and r"
                    - ["p", "q and r"]
                    - true
                  misperceptions: ["q and not p"]
                B:
                  options:
                    r: {cite: {source: memo, quote: "r"}}
                  priorities: [{statement: r, cite: {source: memo, quote: "s"}}]
            """);
        Assert.Equal(OptionDirection.Forward, sc.Conflict.Options[0].Direction);
        Assert.Equal(OptionDirection.Backward, sc.Conflict.Options[1].Direction);
        var ranking = Assert.IsType<RankedPreference>(sc.Conflict.DecisionMakers[0].Preference);
        // Tier 1: p and r = {5, 7}; tier 2 (first match wins): p without r, or q and r = {1, 3, 6}; the rest {0, 2, 4}.
        Assert.Equal([[5UL, 7], [1UL, 3, 6], [0UL, 2, 4]], ranking.TiersBestFirst.Select(t => t.ToArray()));
        var graph = ConflictGraph.Build(sc.Conflict);
        Assert.False(graph.Perceived[0]!.Contains(2));  // q without p
        Assert.True(graph.Perceived[0]!.Contains(3));
        Assert.False(graph.CanMove(0, 1, 0));             // p cannot be withdrawn
        Assert.True(graph.CanMove(0, 0, 1));
        Assert.False(graph.CanMove(0, 0, 2));             // q can only be withdrawn
        Assert.True(graph.CanMove(0, 2, 0));
    }

    [Fact]
    public void A_plain_statement_or_option_is_read_with_an_uncited_warning()
    {
        var (conflict, diagnostics) = Load("""
            conflict:
              decision_makers:
                A:
                  options: {p: P}
                  priorities: [p]
                B:
                  options: {r: {label: R}}
                  priorities: [r]
            """);
        Assert.NotNull(conflict);
        Assert.Equal(4, diagnostics.Count(d => d.Code == DiagnosticCodes.Uncited && d.Severity == Severity.Warning));
        Assert.Contains(diagnostics, d => d.Path == "conflict.decision_makers.B.options.r");
    }

    private const string TwoDms = """
        conflict:
          decision_makers:
            A:
              options:
                withdraw: {cite: {source: memo, quote: "w"}}
              priorities: [{statement: STATEMENT, cite: {source: memo, quote: "s"}}]
            B:
              options:
                ceasefire: {cite: {source: memo, quote: "c"}}
              priorities: [{statement: ceasefire, cite: {source: memo, quote: "s"}}]
        """;

    [Fact]
    public void Unknown_option_in_a_statement_is_located_to_the_column_with_a_suggestion()
    {
        var error = SingleError(TwoDms.Replace("STATEMENT", "\"withdraw and not cesefire\""));
        Assert.Equal(DiagnosticCodes.UnknownReference, error.Code);
        Assert.Equal("conflict.decision_makers.A.priorities[0].statement", error.Path);
        Assert.Contains("did you mean 'ceasefire'", error.Message);
        // Line 18 of the document (the header has 13 lines); the statement's opening quote is at column 32
        // (6 spaces + "priorities: [{statement: "), and "cesefire" starts 17 characters into the statement.
        Assert.Equal(new SourceLocation("test.yaml", 18, 32 + 1 + 17), error.Location);
    }

    [Theory]
    [InlineData("\"(withdraw\"", "missing ')'")]
    [InlineData("\"withdraw and\"", "ends where an option was expected")]
    [InlineData("\"withdraw ceasefire\"", "unexpected 'ceasefire'")]
    [InlineData("\"B.withdraw\"", "belongs to A, not B")]
    public void Malformed_statements_are_syntax_or_reference_errors(string statement, string expected)
    {
        var error = SingleError(TwoDms.Replace("STATEMENT", statement));
        Assert.Contains(expected, error.Message);
        Assert.Equal("conflict.decision_makers.A.priorities[0].statement", error.Path);
    }

    [Fact]
    public void Unknown_party_gets_a_did_you_mean()
    {
        var (conflict, diagnostics) = Load(TwoDms.Replace("STATEMENT", "withdraw").Replace("    B:", "    Bb:"));
        Assert.Null(conflict);
        var error = Assert.Single(diagnostics, d => d.Path == "conflict.decision_makers.Bb");
        Assert.Equal(DiagnosticCodes.UnknownReference, error.Code);
        Assert.Contains("did you mean 'B'", error.Message);
        Assert.Equal(new SourceLocation("test.yaml", 19, 5), error.Location);
    }

    [Fact]
    public void Unknown_source_and_misspelt_key_are_reported_together()
    {
        var (conflict, diagnostics) = Load(TwoDms.Replace("STATEMENT", "withdraw")
            .Replace("withdraw: {cite: {source: memo,", "withdraw: {irreversable: true, cite: {source: mem,"));
        Assert.Null(conflict);
        var errors = diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Path == "conflict.decision_makers.A.options.withdraw.irreversable" && e.Message.Contains("did you mean 'irreversible'"));
        Assert.Contains(errors, e => e.Path == "conflict.decision_makers.A.options.withdraw.cite.source" && e.Message.Contains("did you mean 'memo'"));
    }

    [Fact]
    public void Duplicate_option_ids_are_rejected()
    {
        var error = SingleError(TwoDms.Replace("STATEMENT", "withdraw").Replace("ceasefire: {cite", "withdraw: {cite").Replace("statement: ceasefire", "statement: withdraw"));
        Assert.Equal(DiagnosticCodes.DuplicateId, error.Code);
        Assert.Equal("conflict.decision_makers.B.options.withdraw", error.Path);
        Assert.Contains("already used by A", error.Message);
    }

    [Theory]
    [InlineData("  infeasible: [{pattern: \"YNN\"}]", "conflict.infeasible[0].pattern", "has 3 positions, but the conflict has 2")]
    [InlineData("  infeasible: [{together: [withdraw]}]", "conflict.infeasible[0].together", "at least 2 options")]
    [InlineData("  infeasible: [{at_least_one: [withdraw, nope]}]", "conflict.infeasible[0].at_least_one[1]", "unknown option 'nope'")]
    [InlineData("  infeasible: [{pattern: \"YN\", when: {withdraw: true}}]", "conflict.infeasible[0]", "exactly one of")]
    [InlineData("  infeasible: [{when: {withdraw: maybe}}]", "conflict.infeasible[0].when.withdraw", "expected true or false")]
    [InlineData("  infeasible: [\"true\"]", "conflict.infeasible", "every state is infeasible")]
    [InlineData("  status_quo: [withdraw]\n  infeasible: [withdraw]", "conflict.status_quo", "infeasible state")]
    public void Malformed_infeasibilities_are_located(string extra, string path, string expected)
    {
        var error = SingleError(TwoDms.Replace("STATEMENT", "withdraw") + "\n" + extra + "\n");
        Assert.Equal(path, error.Path);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Missing_preferences_and_both_kinds_are_errors()
    {
        var missing = SingleError(TwoDms.Replace("      priorities: [{statement: STATEMENT, cite: {source: memo, quote: \"s\"}}]\n", ""));
        Assert.Equal("conflict.decision_makers.A", missing.Path);
        Assert.Contains("missing 'priorities'", missing.Message);
        var both = SingleError(TwoDms.Replace("STATEMENT", "withdraw").Replace("      priorities: [{statement: ceasefire", "      ranking: [true]\n      priorities: [{statement: ceasefire"));
        Assert.Equal("conflict.decision_makers.B.ranking", both.Path);
    }

    [Fact]
    public void A_ranking_that_misses_states_names_one()
    {
        var error = SingleError(TwoDms.Replace("      priorities: [{statement: STATEMENT, cite: {source: memo, quote: \"s\"}}]", "      ranking: [withdraw]"));
        Assert.Equal("conflict.decision_makers.A.ranking", error.Path);
        Assert.Contains("2 feasible state(s) are in no tier, e.g. state 1 (no option taken)", error.Message);
    }

    [Fact]
    public void A_scenario_without_the_section_says_so()
    {
        var result = ScenarioLoader.LoadText(Header, "test.yaml");
        var bag = new DiagnosticBag();
        Assert.Null(ConflictSection.Read(result.Scenario!, bag));
        Assert.Equal("conflict", Assert.Single(bag.Items).Path);
    }

    [Fact]
    public void Wrong_shapes_are_type_errors_not_crashes()
    {
        var error = SingleError("conflict:\n  decision_makers: [A, B]\n");
        Assert.Equal(DiagnosticCodes.WrongType, error.Code);
        Assert.Equal("conflict.decision_makers", error.Path);
        var scalar = SingleError("conflict: 42\n");
        Assert.Equal("conflict", scalar.Path);
    }
}
