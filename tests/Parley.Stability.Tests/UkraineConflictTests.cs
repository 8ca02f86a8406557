using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Scenarios;

namespace Parley.Stability.Tests;

/// <summary>The built-in ukraine-2022 scenario's conflict section: clean, cited from the seed, and explainable.</summary>
public class UkraineConflictTests
{
    private static ScenarioConflict Load(out IReadOnlyList<Diagnostic> diagnostics)
    {
        var scenario = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var bag = new DiagnosticBag();
        var conflict = ConflictSection.Read(scenario, bag);
        diagnostics = bag.Items;
        return conflict ?? throw new Xunit.Sdk.XunitException(string.Join("\n", bag.Items));
    }

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Parley.slnx) above " + AppContext.BaseDirectory);
        }
    }

    [Fact]
    public void The_conflict_section_reads_without_errors_or_warnings()
    {
        var conflict = Load(out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal(["RU", "UA", "US", "UN"], conflict.DecisionMakerIds);
        Assert.InRange(conflict.Conflict.OptionCount, 6, 12);
        Assert.NotNull(conflict.StatusQuo);
    }

    [Fact]
    public void Every_option_and_statement_is_cited_and_every_quote_occurs_in_the_seed()
    {
        var conflict = Load(out _);
        var seedDirectory = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "seed"));
        var seed = new QuoteMatcher(string.Join("\n", Directory.GetFiles(seedDirectory, "*.txt").Select(File.ReadAllText)));
        var missing = conflict.Citations.Where(c => !seed.Contains(c.Citation.Quote)).Select(c => $"{c.Path}: {c.Citation.Quote}").ToList();
        Assert.True(missing.Count == 0, "quotes not in the seed:\n" + string.Join("\n", missing));

        var cited = conflict.Citations.Select(c => c.Path).ToHashSet();
        foreach (var option in conflict.OptionIds)
        {
            var owner = conflict.Conflict.DecisionMakers.First(d => d.Options.Any(o => conflict.Conflict.Options[o].Name == option)).Name;
            Assert.Contains($"conflict.decision_makers.{owner}.options.{option}.cite", cited);
        }
        foreach (var dm in conflict.Conflict.DecisionMakers)
        {
            var statements = ((Model.PrioritizedPreference)dm.Preference).Statements.Count;
            for (var k = 0; k < statements; k++)
                Assert.Contains($"conflict.decision_makers.{dm.Name}.priorities[{k}].cite", cited);
        }
    }

    [Fact]
    public void The_war_and_the_UN_settlement_are_stable_and_linked_by_a_four_move_path()
    {
        var conflict = Load(out _);
        var graph = ConflictGraph.Build(conflict.Conflict);
        var table = new StabilityAnalyzer(graph).AnalyzeAll();
        var reference = new ReferenceStability(conflict.Conflict);
        var war = graph.IndexOf(conflict.StatusQuo!.Value);
        var settlement = StateNotation.Parse(graph, "ru_withdraw,ua_ceasefire,un_administration");

        // Worked by hand from the statements: at the status quo (escalation, Crimea offensive, conditioned aid)
        // Russia loses "escalate unless there is a ceasefire" by de-escalating and "not withdraw" by
        // withdrawing; Ukraine already has its two statements within its control; the US keeps "condition iff
        // Crimea" and cannot withdraw warheads without a ceasefire; the UN cannot deploy without one. In the
        // settlement Russia and the UN have no feasible move, Ukraine could only press on Crimea by breaking
        // the ceasefire (which the UN administration needs), and the US has every statement it can satisfy.
        // So both are Nash equilibria, hence equilibria under every concept.
        foreach (var concept in SolutionConcepts.All)
        {
            Assert.True(table.Equilibria(concept).Contains(war), $"{concept}: war");
            Assert.True(table.Equilibria(concept).Contains(settlement), $"{concept}: settlement");
            for (var d = 0; d < graph.DecisionMakerCount; d++)
                foreach (var s in new[] { war, settlement })
                    Assert.Equal(reference.IsStable(concept, d, graph.Codes[s]), table.IsStable(concept, d, s));
        }

        // Every decision maker must change something between the two, so no path is shorter than four moves.
        var path = new StatusQuoAnalysis(graph).ShortestPaths(war, improvementsOnly: false)[settlement];
        Assert.Equal(4, path.Moves.Count);
        Assert.Equal(["RU", "UA", "UN", "US"], path.Moves.Select(m => conflict.DecisionMakerIds[m.Mover]).Order(StringComparer.Ordinal));
    }
}
