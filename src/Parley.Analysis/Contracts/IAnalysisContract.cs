using System.Text.Json.Serialization;
using Parley.Core.Diagnostics;
using Parley.Core.Model;

namespace Parley.Analysis.Contracts;

/// <summary>
/// One analysis, the same wherever it is asked for: the CLI's command, the workbench's run page and the
/// report's section all call <see cref="Validate"/> and <see cref="Run"/> here and only render the result.
/// </summary>
public interface IAnalysisContract
{
    /// <summary>The name used on the command line, in the API and in stored runs ("bargaining").</summary>
    string Name { get; }

    /// <summary>A line for menus and help.</summary>
    string Title { get; }

    /// <summary>The scenario section the analysis reads besides the core (<c>conflict</c>, <c>spatial</c>), or null.</summary>
    string? Section { get; }

    /// <summary>Located problems that stop this analysis on this scenario with these options; empty when it can run.</summary>
    IReadOnlyList<Diagnostic> Validate(Scenario scenario, AnalysisOptions options);

    /// <summary>Runs the analysis. Call <see cref="Validate"/> first; Run throws <see cref="AnalysisException"/> on what it finds.</summary>
    AnalysisDocument Run(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default);
}

/// <summary>The name, title and section of a contract, held once; implementations add Validate and Run.</summary>
public abstract class AnalysisContract(string name, string title, string? section = null) : IAnalysisContract
{
    public string Name => name;
    public string Title => title;
    public string? Section => section;

    public abstract IReadOnlyList<Diagnostic> Validate(Scenario scenario, AnalysisOptions options);

    public abstract AnalysisDocument Run(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default);

    /// <summary>Throws the first problem <see cref="Validate"/> finds, with all of them attached.</summary>
    protected void EnsureValid(Scenario scenario, AnalysisOptions options)
    {
        if (Validate(scenario, options) is { Count: > 0 } problems) throw new AnalysisException(problems[0].Message, problems);
    }
}

/// <summary>
/// What every analysis accepts. Each contract reads the fields it understands and states its own defaults
/// and limits in <see cref="AnalysisDefaults"/>; an unset field takes that default.
/// </summary>
public sealed record AnalysisOptions
{
    /// <summary>How many best packages (or most pivotal actors, or tracked packages) to list.</summary>
    public int? Top { get; init; }
    public ulong? Seed { get; init; }
    /// <summary>Robustness: how many scenarios to draw from the estimates' ranges.</summary>
    public int? Draws { get; init; }
    /// <summary>Robustness: triangular or uniform.</summary>
    public string? Distribution { get; init; }
    /// <summary>Forecast: smp or eum.</summary>
    public string? Model { get; init; }
    /// <summary>Stability: the state paths are traced from.</summary>
    public string? StatusQuo { get; init; }
    /// <summary>Worker threads for the engines' parallel loops (default: every core); never changes a result.</summary>
    public int? Threads { get; init; }

    // Stability: what the stability analysis (StabilityAnalysisContract) reads besides StatusQuo and Threads.
    // States are written as users name them: a number, an option form (YNNY…), the options taken, "none", or "default".
    /// <summary>Stability: comma-separated solution concepts (Nash, GMR, SMR, SEQ, SIM, SEQ+SIM); null for all six.</summary>
    public string? Concepts { get; init; }
    /// <summary>Stability: coalitions to analyse, each decision makers' ids joined by '+' (a .gmcr file's own coalitions when none).</summary>
    public IReadOnlyList<string>? Coalitions { get; init; }
    /// <summary>Stability: composite decision makers (gmcr-py's coalition analysis), each ids joined by '+', disjoint.</summary>
    public IReadOnlyList<string>? Composites { get; init; }
    /// <summary>Stability: adds limited-move (L_h) stability with this horizon (two decision makers only).</summary>
    public int? Horizon { get; init; }
    /// <summary>Stability: adds non-myopic stability (two decision makers only).</summary>
    public bool NonMyopic { get; init; }
    /// <summary>Stability: the state whose stability conditions are stated in words (inverse analysis).</summary>
    public string? Inverse { get; init; }
    /// <summary>Stability: the concept(s) of the inverse analysis and the goals' default (default: Concepts for the inverse, Nash for goals).</summary>
    public string? InverseConcepts { get; init; }
    /// <summary>Stability: goals for the goal seeker, each stable:STATE or unstable:STATE, optionally :CONCEPT and :DECISION-MAKER.</summary>
    public IReadOnlyList<string>? Goals { get; init; }
    /// <summary>Stability: the state whose verdicts are explained (improvements and the sanctions that deter them).</summary>
    public string? Explain { get; init; }
    /// <summary>Stability: list every state, not only those of interest, even above the full-table limit.</summary>
    public bool AllStates { get; init; }
    // End of the stability block.
    // Robustness:
    /// <summary>Robustness: the per-draw Nash solver, frontier or engine.</summary>
    public string? Solver { get; init; }
    /// <summary>Robustness: whether to add the tornado and the thresholds (default true).</summary>
    public bool? Sensitivity { get; init; }
    // Every analysis with an up-front estimate:
    /// <summary>Run even when the estimated time or memory is over the limits (<see cref="AnalysisDefaults.EngineSeconds"/>, <see cref="AnalysisDefaults.EngineBytes"/>).</summary>
    public bool Force { get; init; }

    public static readonly AnalysisOptions Default = new();
}

/// <summary>
/// The published form of a result: the same document from <c>--format json</c>, the API and the stored
/// run. It holds no wall-clock time, so two runs with the same seed are byte-identical.
/// </summary>
public sealed record AnalysisDocument(
    int SchemaVersion,
    string Analysis,
    string Scenario,
    [property: JsonPropertyOrder(10)] object Result)
{
    public static AnalysisDocument Of(string analysis, Scenario scenario, object result) =>
        new(Json.ResultJson.SchemaVersion, analysis, scenario.Id, result);

    /// <summary>The typed result, for renderers.</summary>
    public T ResultAs<T>() => Result is T typed ? typed
        : throw new InvalidOperationException($"the {Analysis} analysis returned a {Result.GetType().Name}, not a {typeof(T).Name}");
}

/// <summary>The published document read back with its result typed (renderers of stored runs).</summary>
public sealed record AnalysisDocument<T>(int SchemaVersion, string Analysis, string Scenario, T Result);

/// <summary>An analysis that cannot run on the scenario or options it was given; the message says where and why.</summary>
public sealed class AnalysisException(string message, IReadOnlyList<Diagnostic>? diagnostics = null) : Exception(message)
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics ?? [];
}
