using System.Text;
using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Fuzzing;
using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;
using Parley.Stability.Model;
using Parley.Stability.Scenarios;

namespace Parley.Stability.Tests.Fuzz;

/// <summary>
/// Seeded mutation fuzzing of the two readers of conflicts: gmcr-py files (bad input is a
/// <see cref="ConflictModelException"/> with a location) and the scenario's <c>conflict</c> section (bad input is
/// located error diagnostics). Whatever reads must also build its graph and be analysed without exception.
/// </summary>
public sealed class StabilityFuzzTests
{
    private static string GmcrPath(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "gmcr", name);

    /// <summary>What the CLI does with a conflict: build the graph and run every concept (the seeds are small enough).</summary>
    private static void Analyse(Conflict conflict)
    {
        ConflictGraph graph;
        try
        {
            graph = ConflictGraph.Build(conflict);
        }
        catch (ConflictModelException e) when (e.Location is not null)
        {
            return; // documented: the CLI reports it with exit code 2
        }
        if (graph.OptionCount <= 10) new StabilityAnalyzer(graph).AnalyzeAll();
        else new StabilityAnalyzer(graph).AnalyzeAll([SolutionConcept.Nash]);
    }

    internal static string? CheckGmcr(string text)
    {
        try
        {
            var document = GmcrFile.Parse(text, "fuzz.gmcr");
            var conflict = GmcrFile.ToConflict(document);
            GmcrFile.Coalitions(document);
            Analyse(conflict);
            return null;
        }
        catch (ConflictModelException e)
        {
            if (string.IsNullOrEmpty(e.Location) || !e.Location.StartsWith("fuzz.gmcr", StringComparison.Ordinal))
                return $"ConflictModelException without the file in its location: '{e.Message}'";
            return string.IsNullOrWhiteSpace(e.Reason) ? "ConflictModelException without a reason" : null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
    }

    [Theory]
    [InlineData("Prisoners.gmcr", 250)]
    [InlineData("Elmira.gmcr", 250)]
    [InlineData("Elmira_coalition_MoE+UR.gmcr", 250)]
    [InlineData("Garrison.gmcr", 250)]
    [InlineData("Cuban.gmcr", 200)]
    [InlineData("MilkRiver.gmcr", 200)]
    [InlineData("SI_misp.gmcr", 200)]
    [InlineData("SyriaIraq.gmcr", 200)]
    public void Mutated_gmcr_files_read_or_fail_with_a_located_conflict_model_exception(string file, int mutations)
    {
        var seed = File.ReadAllBytes(GmcrPath(file));
        Assert.Null(CheckGmcr(Mutator.Text(seed)));
        var failures = new FuzzFailures(file);
        var read = 0;
        foreach (var n in Mutator.SeedNumbers(mutations))
        {
            var text = Mutator.Text(Mutator.Mutate(seed, n));
            if (CheckGmcr(text) is { } problem) failures.Add(n, text, problem);
            else if (Reads(text)) read++;
        }
        failures.AssertNone();
        Assert.InRange(read, mutations / 50, mutations - mutations / 5);
    }

    private static bool Reads(string gmcr)
    {
        try { GmcrFile.ToConflict(GmcrFile.Parse(gmcr, "fuzz.gmcr")); return true; }
        catch (ConflictModelException) { return false; }
    }

    /// <summary>The built-in scenario cut before its conflict section, which alone is mutated.</summary>
    private static (string Head, byte[] Conflict) BuiltInConflict()
    {
        var text = BuiltInScenarios.ReadText(BuiltInScenarios.Default);
        var at = text.IndexOf("\nconflict:", StringComparison.Ordinal) + 1;
        Assert.True(at > 0);
        return (text[..at], Encoding.UTF8.GetBytes(text[at..]));
    }

    internal static string? CheckConflictSection(string text)
    {
        try
        {
            var loaded = ScenarioLoader.LoadText(text, "fuzz.yaml");
            if (loaded.Scenario is null) return null; // the scenario fuzz tests of Parley.Core check the loader's diagnostics
            var bag = new DiagnosticBag();
            var section = ConflictSection.Read(loaded.Scenario, bag);
            foreach (var d in bag.Items)
                if (string.IsNullOrWhiteSpace(d.Message) || (d.Location is null && string.IsNullOrEmpty(d.Path)))
                    return $"diagnostic without a message or a place: {d}";
            if (section is null)
                return loaded.Scenario.Extensions.ContainsKey(ConflictSection.SectionName) && !bag.HasErrors ? "no conflict and no error" : null;
            if (bag.HasErrors) return "a conflict was returned despite errors";
            Analyse(section.Conflict);
            return null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
    }

    [Fact]
    public void Mutated_conflict_sections_read_or_give_located_errors()
    {
        var (head, conflict) = BuiltInConflict();
        Assert.Null(CheckConflictSection(head + Mutator.Text(conflict)));
        var failures = new FuzzFailures("conflict section of the built-in scenario");
        const int mutations = 400;
        foreach (var n in Mutator.SeedNumbers(mutations))
        {
            var text = head + Mutator.Text(Mutator.Mutate(conflict, n));
            if (CheckConflictSection(text) is { } problem) failures.Add(n, text[head.Length..], problem);
        }
        failures.AssertNone();
    }
}
