using Parley.Core.Diagnostics;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;
using Parley.Fuzzing;

namespace Parley.Core.Tests.Fuzz;

/// <summary>
/// Seeded mutation fuzzing of the scenario loader: every mutated file either loads into a scenario that can be
/// evaluated, or gives error diagnostics with a place and a reason. It never throws.
/// </summary>
public sealed class ScenarioFuzzTests
{
    private static readonly string UkrainePath = Path.Combine(TestPaths.RepositoryRoot, "src", "Parley.Core", "Scenarios", "ukraine-2022.yaml");

    /// <summary>The property every mutated scenario must have; null when it holds, else what went wrong.</summary>
    internal static string? Check(string text, string fileName = "fuzz.yaml")
    {
        LoadResult result;
        try
        {
            result = ScenarioLoader.LoadText(text, fileName);
        }
        catch (Exception e)
        {
            return $"LoadText threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
        foreach (var d in result.Diagnostics)
        {
            if (string.IsNullOrWhiteSpace(d.Message)) return $"diagnostic {d.Code} has no message";
            if (d.Location is null && string.IsNullOrEmpty(d.Path)) return $"diagnostic '{d.Message}' has neither a location nor a path";
            if (d.Location is { } at && (at.Line < 1 || at.Column < 1)) return $"diagnostic '{d.Message}' has location {at}";
        }
        if (result.Scenario is null)
            return result.Diagnostics.Any(d => d.Severity == Severity.Error) ? null : "no scenario and no error";
        try
        {
            Analyse(result.Scenario);
        }
        catch (Exception e)
        {
            return $"the loaded scenario broke the evaluator: {e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
        return null;
    }

    /// <summary>A cheap analysis: every proposal, and the package of every issue's first option, evaluated for every party.</summary>
    private static void Analyse(Scenario scenario)
    {
        var model = new UtilityModel(scenario);
        foreach (var proposal in scenario.Proposals) ProposalEvaluator.Evaluate(model, proposal);
        ProposalEvaluator.Evaluate(model, new Package(new int[scenario.Issues.Count]));
    }

    private static void Fuzz(string seedPath, int count, int offset)
    {
        var seed = File.ReadAllBytes(seedPath);
        Assert.Null(Check(Mutator.Text(seed)));
        var failures = new FuzzFailures(Path.GetFileName(seedPath));
        var loaded = 0;
        foreach (var n in Mutator.SeedNumbers(count, offset))
        {
            var text = Mutator.Text(Mutator.Mutate(seed, n));
            if (Check(text) is { } problem) failures.Add(n, text, problem);
            else if (ScenarioLoader.LoadText(text, "fuzz.yaml").Succeeded) loaded++;
        }
        failures.AssertNone();
        // The mutations must exercise both outcomes, or they test nothing.
        Assert.InRange(loaded, count / 20, count - count / 5);
    }

    [Fact]
    public void Mutated_river_valley_scenarios_load_or_give_located_errors() => Fuzz(TestPaths.RiverValley, 1500, 0);

    /// <summary>The built-in scenario is 120 kB, so it gets fewer mutations; they reach its spatial and conflict sections too.</summary>
    [Fact]
    public void Mutated_built_in_scenarios_load_or_give_located_errors() => Fuzz(UkrainePath, 200, 100_000);
}
