using Parley.Core.Evaluation;
using Parley.Robustness;
using Parley.Web.Services;

namespace Parley.Web.Engines;

/// <summary>A share of the draws with its 95% Wilson score interval.</summary>
public sealed record ProportionDto(long Successes, long Trials, double Estimate, double Low, double High)
{
    public static ProportionDto From(Proportion p) => new(p.Successes, p.Trials, p.Estimate, p.Low, p.High);
}

/// <summary>One party's reaction to a package across the draws; verdicts are accept, reject or depends.</summary>
public sealed record PartyAcceptanceDto(string Party, bool Required, string BaseVerdict, double BaseMarginMin, double BaseMarginMax,
    ProportionDto Accepts, ProportionDto DoesNotReject, double MeanMarginMin, double MeanMarginMax);

/// <summary>A followed package (a proposal or one of the base analysis's best packages) across the draws.</summary>
public sealed record PackageRobustnessDto(string Id, string Label, string Origin, IReadOnlyDictionary<string, string> Terms, bool Complete,
    ProportionDto AllRequiredAccept, ProportionDto SomeCompletionAcceptedByAllRequired, ProportionDto? IsNashSolution, IReadOnlyList<PartyAcceptanceDto> Parties);

public sealed record NashSolutionDto(IReadOnlyDictionary<string, string> Terms, ProportionDto Share, string? FollowedAs);

/// <summary>One estimate at the low and at the high end of its range, every other number at its estimate.</summary>
public sealed record TornadoDto(string Estimate, double Value, double Low, double High, int FlipsAtLow, int FlipsAtHigh, int RequiredFlipsAtLow, int RequiredFlipsAtHigh,
    bool NashChangesAtLow, bool NashChangesAtHigh, double NashProductAtLow, double NashProductAtHigh, double BaseNashProduct);

/// <summary>The value of one estimate at which a required party's verdict on a package flips (inside the estimate's range).</summary>
public sealed record ThresholdDto(string Package, string Party, string Estimate, double Value, double Low, double High, string Boundary, double Threshold,
    string Below, string Above);

/// <summary>
/// A robustness run: the fields of <c>parley robustness --format json</c> (acceptance probabilities with Wilson
/// intervals, Nash-solution frequencies, tornado), thresholds limited to required parties inside the range.
/// </summary>
public sealed record RobustnessDto(string Scenario, int Version, int Draws, ulong Seed, string Distribution, string Solver, int Estimates, double Seconds,
    IReadOnlyList<string> Required, ProportionDto ZoneNonEmpty, int DistinctNashSolutions, IReadOnlyList<PackageRobustnessDto> Packages,
    IReadOnlyList<NashSolutionDto> NashSolutions, IReadOnlyList<TornadoDto> Tornado, IReadOnlyList<ThresholdDto> Thresholds);

/// <summary>Runs src/Parley.Robustness on a stored version as <c>parley robustness</c> does (default solver, every core).</summary>
public static class RobustnessService
{
    public static readonly IReadOnlyList<string> Distributions = ["triangular", "uniform"];
    public const int DefaultDraws = 2000;
    /// <summary>The threshold list is long on big scenarios; the closest ones matter.</summary>
    public const int MaxThresholds = 200;

    public static SamplingDistribution ParseDistribution(string? distribution) => (distribution ?? "triangular").Trim().ToLowerInvariant() switch
    {
        "triangular" => SamplingDistribution.Triangular,
        "uniform" => SamplingDistribution.Uniform,
        _ => throw new RequestException($"unknown distribution '{distribution}'; use triangular or uniform", "distribution"),
    };

    public static void CheckDraws(int draws)
    {
        if (draws is < 1 or > RobustnessOptions.MaxDraws)
            throw new RequestException($"draws must be between 1 and {RobustnessOptions.MaxDraws}", "draws");
    }

    private static string V(Verdict v) => v.ToString().ToLowerInvariant();

    /// <summary>The draws report progress up to 90%; the tornado and thresholds (one pass per estimate end) take the rest.</summary>
    public static RobustnessDto Run(LoadedVersion loaded, int draws, ulong seed, string? distribution, int top, IProgress<double>? progress, CancellationToken cancellation)
    {
        CheckDraws(draws);
        var scenario = loaded.Scenario;
        var options = new RobustnessOptions { Draws = draws, Seed = seed, Distribution = ParseDistribution(distribution), Top = top };
        RobustnessResult r;
        SensitivityResult s;
        try
        {
            r = RobustnessAnalysis.Run(scenario, options, progress is null ? null : new Scaled(progress, 0, 0.9), cancellation);
            var space = new ParameterSpace(scenario);
            s = SensitivityAnalysis.Run(space, TrackedPackage.For(space, r.BaseSpace?.BestByNash.Select(b => b.Package) ?? []), AgreementSolvers.Default, cancellation);
            progress?.Report(1);
        }
        catch (RobustnessException e)
        {
            throw new RequestException(e.Message);
        }
        var required = scenario.Agreement.RequiredParties;
        return new RobustnessDto(scenario.Id, loaded.Info.Version, draws, seed, options.Distribution.ToString().ToLowerInvariant(), r.SolverName, r.EstimateCount,
            r.Elapsed.TotalSeconds, required, ProportionDto.From(r.ZoneNonEmpty), r.DistinctNashSolutions,
            r.Packages.Select(p => new PackageRobustnessDto(p.Package.Id, p.Package.Label, p.Package.Origin == PackageOrigin.Proposal ? "proposal" : "best-package",
                p.Package.Package.ToTerms(scenario), p.Package.Package.IsComplete, ProportionDto.From(p.AllRequiredAccept),
                ProportionDto.From(p.SomeCompletionAcceptedByAllRequired), p.Package.Package.IsComplete ? ProportionDto.From(p.IsNashSolution) : null,
                p.Parties.Select(a => new PartyAcceptanceDto(a.PartyId, a.Required, V(a.BaseVerdict), a.BaseMarginMin, a.BaseMarginMax,
                    ProportionDto.From(a.Accepts), ProportionDto.From(a.DoesNotReject), a.MeanMarginMin, a.MeanMarginMax)).ToList())).ToList(),
            r.NashSolutions.Select(n => new NashSolutionDto(n.Package.ToTerms(scenario), ProportionDto.From(n.Share), n.TrackedId)).ToList(),
            s.Tornado.Select(b => new TornadoDto(b.Estimate.Path, b.Estimate.Value, b.Estimate.Low, b.Estimate.High, b.FlipsAtLow, b.FlipsAtHigh,
                b.RequiredFlipsAtLow, b.RequiredFlipsAtHigh, b.NashChangesAtLow, b.NashChangesAtHigh, b.NashProductAtLow, b.NashProductAtHigh, b.BaseNashProduct)).ToList(),
            s.Thresholds.Where(t => t.WithinRange && required.Contains(t.PartyId)).OrderBy(t => t.Slack).Take(MaxThresholds)
                .Select(t => new ThresholdDto(t.PackageId, t.PartyId, t.Estimate.Path, t.Estimate.Value, t.Estimate.Low, t.Estimate.High,
                    t.Boundary.ToString(), t.Threshold, V(t.VerdictBelow), V(t.VerdictAbove))).ToList());
    }

    /// <summary>Maps an engine's [0, 1] progress onto part of the run's bar.</summary>
    internal sealed class Scaled(IProgress<double> inner, double from, double to) : IProgress<double>
    {
        public void Report(double value) => inner.Report(from + (to - from) * Math.Clamp(value, 0, 1));
    }
}
