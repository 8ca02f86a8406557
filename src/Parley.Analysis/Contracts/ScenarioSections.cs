using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Forecast.Scenarios;
using Parley.Stability.Scenarios;

namespace Parley.Analysis.Contracts;

/// <summary>
/// The engine-owned scenario sections (<c>spatial</c>, <c>conflict</c>). The core keeps such sections raw;
/// the analysis layer, which references the engines, reads each one, so that <c>parley validate</c>, the
/// workbench's import and its saves report the same located problems.
/// </summary>
public static class ScenarioSections
{
    private static readonly IReadOnlyDictionary<string, Action<LoadResult, DiagnosticBag, string?>> Validators =
        new Dictionary<string, Action<LoadResult, DiagnosticBag, string?>>
        {
            [SpatialSection.SectionName] = (result, bag, dir) => SpatialSection.Read(result.Scenario!, bag, dir),
            [ConflictSection.SectionName] = (result, bag, dir) => ConflictSection.Read(result.Scenario!, bag, dir),
            [Parley.Bargaining.Genius.GeniusImporter.SectionName] = (result, bag, _) => Parley.Bargaining.Genius.GeniusImporter.CheckSection(result.Scenario!, bag),
        };

    /// <summary>The load result with every present engine section's diagnostics added.</summary>
    public static LoadResult Check(LoadResult result, string? baseDirectory)
    {
        if (result.Scenario is null) return result;
        var bag = new DiagnosticBag();
        foreach (var (section, validate) in Validators)
            if (result.Scenario.Extensions.ContainsKey(section)) validate(result, bag, baseDirectory);
        if (bag.Items.Count == 0) return result;
        var diagnostics = result.Diagnostics.Concat(bag.Items).ToList();
        return new LoadResult(bag.HasErrors ? null : result.Scenario, diagnostics);
    }
}
