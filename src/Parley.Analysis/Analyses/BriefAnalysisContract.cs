using Parley.Analysis.Brief;
using Parley.Analysis.Contracts;
using Parley.Core.Diagnostics;
using Parley.Core.Model;

namespace Parley.Analysis.Analyses;

/// <summary>
/// The mediator's brief: runs the analyses the scenario supports through their own contracts and composes their
/// results into a few sentences with evidence (<see cref="BriefComposer"/>). It adds no computation of its own.
/// </summary>
public sealed class BriefAnalysisContract()
    : AnalysisContract(AnalysisName, "The mediator's brief: the bottom line and the answers a principal needs, each with its evidence")
{
    public const string AnalysisName = "brief";

    private readonly BargainingAnalysisContract _bargaining = new();

    public override IReadOnlyList<Diagnostic> Validate(Scenario scenario, AnalysisOptions options) => _bargaining.Validate(scenario, options);

    public override AnalysisDocument Run(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default) =>
        AnalysisDocument.Of(Name, scenario, Compose(scenario, options, progress, cancellation));

    public BriefResult Compose(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        EnsureValid(scenario, options);
        var bargaining = _bargaining.Compute(scenario, options, progress, cancellation);
        return BriefComposer.Compose(scenario, new BriefInputs(bargaining));
    }
}
