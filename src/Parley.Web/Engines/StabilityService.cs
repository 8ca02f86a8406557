using Parley.Core.Diagnostics;
using Parley.Core.Model;
using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Model;
using Parley.Stability.Scenarios;
using Parley.Web.Services;

namespace Parley.Web.Engines;

public sealed record ConflictOptionDto(int Number, string Id, string Label, string DecisionMaker, string Direction);
/// <summary>One feasible state: per concept, one stability flag per decision maker (in <c>DecisionMakers</c> order) and whether it is an equilibrium.</summary>
public sealed record StabilityStateDto(int Number, string OptionForm, IReadOnlyList<string> Taken,
    IReadOnlyDictionary<string, IReadOnlyList<bool>> Stable, IReadOnlyList<string> EquilibriumUnder);
public sealed record MoveDto(string Mover, int State, string OptionForm);
public sealed record ReachableDto(int State, string OptionForm, IReadOnlyList<string> Taken, IReadOnlyList<MoveDto>? ByMoves, IReadOnlyList<MoveDto>? ByImprovements);
public sealed record StatusQuoDto(int State, string OptionForm, IReadOnlyList<string> Taken, IReadOnlyDictionary<string, IReadOnlyList<ReachableDto>> Reachable);
/// <summary>
/// The graph-model stability analysis of a conflict: what <c>parley stability --format json</c> reports.
/// <c>States</c> lists every feasible state when there are at most <see cref="StabilityService.FullTableLimit"/>,
/// else only the equilibria under some concept (<c>AllStatesListed</c> says which).
/// </summary>
public sealed record StabilityDto(string Scenario, int Version, string Name, IReadOnlyList<string> DecisionMakers, IReadOnlyList<ConflictOptionDto> Options,
    IReadOnlyList<string> Concepts, int StateCount, bool AllStatesListed, IReadOnlyList<StabilityStateDto> States,
    IReadOnlyDictionary<string, IReadOnlyList<int>> Equilibria, StatusQuoDto? StatusQuo);

/// <summary>Runs the stability engine (src/Parley.Stability) on a stored version's <c>conflict</c> section, as the CLI does.</summary>
public static class StabilityService
{
    /// <summary>As the CLI: above this many states only equilibria are listed.</summary>
    public const int FullTableLimit = 64;

    /// <summary>The conflict section read with every located problem; a <see cref="RequestException"/> when it is missing or wrong.</summary>
    public static ScenarioConflict ReadConflict(Scenario scenario)
    {
        var bag = new DiagnosticBag();
        var conflict = ConflictSection.Read(scenario, bag);
        if (conflict is not null) return conflict;
        var errors = bag.Items.Where(d => d.Severity == Severity.Error).ToList();
        if (!scenario.Extensions.ContainsKey(ConflictSection.SectionName)) throw new RequestException(errors[0].Message);
        throw new SectionException($"the conflict section of '{scenario.Id}' has {errors.Count} error(s)", errors);
    }

    public static IReadOnlyList<SolutionConcept> ParseConcepts(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return SolutionConcepts.All;
        try
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(SolutionConcepts.Parse).Distinct().ToArray();
        }
        catch (ArgumentException e)
        {
            throw new RequestException(e.Message, "concepts");
        }
    }

    /// <param name="statusQuo">A state number, option form, the options taken, or "default" (the section's status quo; also used when null and the section names one).</param>
    public static StabilityDto Analyse(LoadedVersion loaded, string? concepts, string? statusQuo, bool allStates = false, CancellationToken cancellation = default)
    {
        var section = ReadConflict(loaded.Scenario);
        var chosen = ParseConcepts(concepts);
        ConflictGraph graph;
        try
        {
            graph = ConflictGraph.Build(section.Conflict);
        }
        catch (ConflictModelException e)
        {
            throw new RequestException($"{loaded.Scenario.Id}: {e.Message}");
        }
        cancellation.ThrowIfCancellationRequested();
        var table = new StabilityAnalyzer(graph).AnalyzeAll(chosen);
        cancellation.ThrowIfCancellationRequested();
        int? sq = null;
        if (statusQuo is null or "" or "default")
        {
            if (section.StatusQuo is { } code) sq = graph.IndexOf(code);
            else if (statusQuo == "default") throw new RequestException($"the conflict of '{loaded.Scenario.Id}' names no status quo; give a state", "statusQuo");
        }
        else
        {
            try
            {
                sq = StateNotation.Parse(graph, statusQuo);
            }
            catch (StateNotationException e)
            {
                throw new RequestException($"status quo '{statusQuo}': {e.Message}", "statusQuo");
            }
        }

        var dms = section.DecisionMakerNames;
        IReadOnlyList<string> Taken(int s) => StateNotation.TakenOptions(graph, graph.Codes[s]);
        var listAll = allStates || graph.StateCount <= FullTableLimit;
        var listed = listAll ? Enumerable.Range(0, graph.StateCount)
            : Enumerable.Range(0, graph.StateCount).Where(s => chosen.Any(c => table.Equilibria(c).Contains(s)) || s == sq);
        var states = listed.Select(s => new StabilityStateDto(s + 1, graph.OptionForm(s), Taken(s),
            chosen.ToDictionary(c => c.Label(), c => (IReadOnlyList<bool>)Enumerable.Range(0, graph.DecisionMakerCount).Select(d => table.IsStable(c, d, s)).ToArray()),
            chosen.Where(c => table.Equilibria(c).Contains(s)).Select(c => c.Label()).ToList())).ToList();
        var options = section.Conflict.Options.Select((o, k) => new ConflictOptionDto(k + 1, o.Name, section.OptionLabels.ElementAtOrDefault(k) ?? o.Name,
            dms[section.Conflict.DecisionMakers.Select((d, i) => (d, i)).First(x => x.d.Options.Contains(k)).i], o.Direction.ToString().ToLowerInvariant())).ToList();

        StatusQuoDto? sqDto = null;
        if (sq is { } from)
        {
            var analysis = new StatusQuoAnalysis(graph);
            IReadOnlyList<MoveDto>? Path(ConflictPath? p) => p?.Moves.Select(m => new MoveDto(dms[m.Mover], m.State + 1, graph.OptionForm(m.State))).ToList();
            sqDto = new StatusQuoDto(from + 1, graph.OptionForm(from), Taken(from), chosen.ToDictionary(c => c.Label(), c =>
                (IReadOnlyList<ReachableDto>)analysis.ReachableEquilibria(from, table.Equilibria(c))
                    .Select(r => new ReachableDto(r.State + 1, graph.OptionForm(r.State), Taken(r.State), Path(r.ByMoves), Path(r.ByImprovements))).ToList()));
        }
        return new StabilityDto(loaded.Scenario.Id, loaded.Info.Version, section.Conflict.Name, dms, options, chosen.Select(c => c.Label()).ToList(),
            graph.StateCount, listAll, states,
            chosen.ToDictionary(c => c.Label(), c => (IReadOnlyList<int>)table.Equilibria(c).Members().Select(s => s + 1).ToList()), sqDto);
    }
}

/// <summary>An engine section with located errors; the API answers 400 with the diagnostics.</summary>
public sealed class SectionException(string message, IReadOnlyList<Diagnostic> diagnostics) : Exception(message)
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
