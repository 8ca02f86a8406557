using System.Text.Json;
using Parley.Analysis.Contracts;
using Parley.Analysis.Results;
using Parley.Analysis.Text;
using Parley.Core.Diagnostics;
using Parley.Core.Model;
using Parley.Robustness;
using Engine = Parley.Robustness;

namespace Parley.Analysis.Analyses;

/// <summary>
/// The robustness analysis (<c>parley robustness</c>, the workbench's "robustness" run): every estimate drawn
/// from its plausible range, each proposal and best package re-judged in every draw, the Nash solution found
/// in every draw; then the sensitivity of the verdicts to one estimate at a time (tornado, thresholds).
/// A run is refused up front when its estimated time or memory is over the engine limits, unless forced.
/// </summary>
public sealed class RobustnessAnalysisContract()
    : AnalysisContract(AnalysisName, "Acceptance probabilities over the estimates' ranges, Nash-solution frequencies, tornado and thresholds")
{
    public const string AnalysisName = "robustness";

    public override IReadOnlyList<Diagnostic> Validate(Scenario scenario, AnalysisOptions options)
    {
        var problems = new List<Diagnostic>();
        static Diagnostic Error(string code, string message, string path) => new(Severity.Error, code, message, path, null);
        if (scenario.Preferences.Count == 0)
            problems.Add(Error(DiagnosticCodes.MissingKey, $"scenario '{scenario.Id}' has no preferences, so there are no estimates to draw and no packages to judge", "preferences"));
        if (options.Draws is < 1 or > AnalysisDefaults.MaxDraws)
            problems.Add(Error(DiagnosticCodes.OutOfRange, $"draws must be between 1 and {Fmt.Count(AnalysisDefaults.MaxDraws)}", "draws"));
        if (Distribution(options) is null)
            problems.Add(Error(DiagnosticCodes.OutOfRange, $"unknown distribution '{options.Distribution}'; use {string.Join(" or ", AnalysisDefaults.Distributions)}", "distribution"));
        if (Solver(options) is null)
            problems.Add(Error(DiagnosticCodes.OutOfRange, $"unknown solver '{options.Solver}'; use {string.Join(" or ", AnalysisDefaults.Solvers)}", "solver"));
        if (options.Top is < 0 or > AnalysisDefaults.MaxFollowed)
            problems.Add(Error(DiagnosticCodes.OutOfRange, $"top must be between 0 and {AnalysisDefaults.MaxFollowed} for robustness", "top"));
        if (options.Threads is < 1 or > 1024)
            problems.Add(Error(DiagnosticCodes.OutOfRange, "threads must be between 1 and 1024", "threads"));
        if (problems.Count > 0 || options.Force == true) return problems;
        // The estimate compiles the scenario once and solves it once: cheap beside any run it could refuse.
        RobustnessEstimate estimate;
        try
        {
            estimate = RobustnessAnalysis.Estimate(scenario, EngineOptions(options), Top(options));
        }
        catch (InvalidOperationException e)
        {
            problems.Add(Error(DiagnosticCodes.MissingValue, e.Message, "preferences"));
            return problems;
        }
        var bytes = AnalysisDefaults.EngineBytes;
        if (estimate.Seconds > AnalysisDefaults.EngineSeconds || estimate.Bytes > bytes)
        {
            var over = estimate.Seconds > AnalysisDefaults.EngineSeconds
                ? $"more than the {Fmt.Duration(AnalysisDefaults.EngineSeconds)} limit"
                : $"more memory than the {Fmt.Bytes(bytes)} available";
            problems.Add(Error(DiagnosticCodes.TooLarge,
                $"{Fmt.Count(estimate.Draws)} draws of {scenario.Id} would take about {Fmt.Duration(estimate.Seconds)} and {Fmt.Bytes(estimate.Bytes)} (estimated from its size), {over}; " +
                $"{Fmt.Count(estimate.DrawsWithin(AnalysisDefaults.EngineSeconds))} draws fit in the limit (the 95% intervals narrow with the square root of the draws), or add --force to run it anyway",
                "draws"));
        }
        return problems;
    }

    public override AnalysisDocument Run(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default) =>
        AnalysisDocument.Of(Name, scenario, Compute(scenario, options, progress, cancellation));

    /// <summary>The draws report progress up to 90% (all of it without sensitivity); the tornado and thresholds, one pass per estimate end, take the rest.</summary>
    public Results.RobustnessResult Compute(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        EnsureValid(scenario, options);
        var engineOptions = EngineOptions(options);
        var sensitive = options.Sensitivity ?? true;
        Engine.RobustnessResult r;
        SensitivityResult? s = null;
        try
        {
            r = RobustnessAnalysis.Run(scenario, engineOptions, progress is null ? null : new Scaled(progress, sensitive ? 0.9 : 1), cancellation);
            if (sensitive)
            {
                var space = new ParameterSpace(scenario);
                s = SensitivityAnalysis.Run(space, TrackedPackage.For(space, r.BaseSpace?.BestByNash.Select(b => b.Package) ?? []), engineOptions.Solver!, cancellation);
            }
            progress?.Report(1);
        }
        catch (RobustnessException e)
        {
            throw new AnalysisException(e.Message);
        }
        var required = scenario.Agreement.RequiredParties;
        var thresholds = s?.Thresholds.Where(t => t.WithinRange && required.Contains(t.PartyId)).OrderBy(t => t.Slack).ToList();
        return new Results.RobustnessResult(
            scenario.Title, required, engineOptions.Draws, engineOptions.Seed, Distribution(options)!, r.SolverName, r.EstimateCount,
            Of(r.ZoneNonEmpty), r.DistinctNashSolutions,
            r.Packages.Select(p => new PackageRobustnessDto(p.Package.Id, p.Package.Label, p.Package.Origin == PackageOrigin.Proposal ? "proposal" : "best-package",
                p.Package.Package.ToTerms(scenario), p.Package.Package.IsComplete, Of(p.AllRequiredAccept), Of(p.SomeCompletionAcceptedByAllRequired),
                p.Package.Package.IsComplete ? Of(p.IsNashSolution) : null,
                p.Parties.Select(a => new PartyAcceptanceDto(a.PartyId, a.Required, Wording.Code(a.BaseVerdict), a.BaseMarginMin, a.BaseMarginMax,
                    Of(a.Accepts), Of(a.DoesNotReject), a.MeanMarginMin, a.MeanMarginMax)).ToList())).ToList(),
            r.NashSolutions.Select(n => new NashSolutionDto(n.Package.ToTerms(scenario), Of(n.Share), n.TrackedId)).ToList(),
            s?.Tornado.Select(b => new TornadoDto(b.Estimate.Path, b.Estimate.Value, b.Estimate.Low, b.Estimate.High, b.FlipsAtLow, b.FlipsAtHigh,
                b.RequiredFlipsAtLow, b.RequiredFlipsAtHigh, b.NashChangesAtLow, b.NashChangesAtHigh, b.MarginShift, b.NashProductAtLow, b.NashProductAtHigh,
                b.BaseNashProduct)).ToList(),
            thresholds?.Take(AnalysisDefaults.MaxThresholds).Select(t => new ThresholdDto(t.PackageId, t.PartyId, t.Estimate.Path, t.Estimate.Value, t.Estimate.Low,
                t.Estimate.High, JsonNamingPolicy.CamelCase.ConvertName(t.Boundary.ToString()), t.Threshold, Wording.Code(t.VerdictBelow), Wording.Code(t.VerdictAbove))).ToList(),
            thresholds?.Count);
    }

    private static ProportionDto Of(Proportion p) => new(p.Successes, p.Trials, p.Estimate, p.Low, p.High);

    private static int Top(AnalysisOptions options) => options.Top ?? AnalysisDefaults.Top;

    /// <summary>The distribution's name as the result spells it, or null when unknown.</summary>
    private static string? Distribution(AnalysisOptions options)
    {
        var name = (options.Distribution ?? AnalysisDefaults.Distribution).Trim().ToLowerInvariant();
        return AnalysisDefaults.Distributions.Contains(name) ? name : null;
    }

    private static AgreementSolverFactory? Solver(AnalysisOptions options) => (options.Solver ?? AnalysisDefaults.Solver).Trim().ToLowerInvariant() switch
    {
        "frontier" => AgreementSolvers.Default,
        "engine" => AgreementSolvers.Engine,
        _ => null,
    };

    /// <summary>The engine's options; call on validated options only.</summary>
    private static RobustnessOptions EngineOptions(AnalysisOptions options) => new()
    {
        Draws = options.Draws ?? AnalysisDefaults.Draws,
        Seed = options.Seed ?? AnalysisDefaults.Seed,
        Distribution = Distribution(options) == "uniform" ? SamplingDistribution.Uniform : SamplingDistribution.Triangular,
        Top = Top(options),
        Threads = options.Threads,
        Solver = Solver(options),
    };

    /// <summary>Maps the draws' progress in [0, 1] onto [0, width].</summary>
    private sealed class Scaled(IProgress<double> inner, double width) : IProgress<double>
    {
        public void Report(double value) => inner.Report(width * Math.Clamp(value, 0, 1));
    }
}
