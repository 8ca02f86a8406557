using Parley.Analysis.Contracts;
using Parley.Core.Diagnostics;
using Parley.Core.Model;

namespace Parley.Web.Tests;

/// <summary>
/// A test analysis registered in the workbench's catalog that reports half its progress and then blocks until
/// it is cancelled: tests of progress, queueing and cancellation need no workload that is merely slow, so they
/// hold on any machine, however fast.
/// </summary>
public sealed class GateAnalysis() : AnalysisContract(AnalysisName, "Blocks until cancelled (tests only)")
{
    public const string AnalysisName = "gate";

    public override IReadOnlyList<Diagnostic> Validate(Scenario scenario, AnalysisOptions options) => [];

    public override AnalysisDocument Run(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        progress?.Report(0.5);
        cancellation.WaitHandle.WaitOne();
        cancellation.ThrowIfCancellationRequested();
        throw new InvalidOperationException("the gate was released without a cancellation");
    }
}
