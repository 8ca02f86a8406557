using Parley.Analysis.Contracts;
using Parley.Analysis.Results;
using Parley.Analysis.Text;
using Parley.Core.Diagnostics;
using Parley.Core.Model;
using Parley.Robustness;
using Engine = Parley.Robustness;

namespace Parley.Analysis.Analyses;

/// <summary>
/// The timeline (<c>parley timeline</c>, the workbench's "timeline" run): the scenario as it stood at each
/// date it records — reservation values, the zone of agreement, the best packages and every proposal's
/// verdicts under that date's preferences.
/// </summary>
public sealed class TimelineAnalysisContract()
    : AnalysisContract(AnalysisName, "The zone of agreement, reservation values, best packages and verdicts at each recorded date")
{
    public const string AnalysisName = "timeline";

    public override IReadOnlyList<Diagnostic> Validate(Scenario scenario, AnalysisOptions options)
    {
        var problems = new List<Diagnostic>();
        if (scenario.Preferences.Count == 0)
            problems.Add(new Diagnostic(Severity.Error, DiagnosticCodes.MissingKey,
                $"scenario '{scenario.Id}' has no preferences, so there is nothing to judge at any date", "preferences", null));
        if (options.Top is < 1 or > AnalysisDefaults.MaxFollowed)
            problems.Add(new Diagnostic(Severity.Error, DiagnosticCodes.OutOfRange, $"top must be between 1 and {AnalysisDefaults.MaxFollowed} for a timeline", "top", null));
        return problems;
    }

    public override AnalysisDocument Run(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default) =>
        AnalysisDocument.Of(Name, scenario, Compute(scenario, options, progress, cancellation));

    public Results.TimelineResult Compute(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        EnsureValid(scenario, options);
        Engine.TimelineResult t;
        try
        {
            t = TimelineAnalysis.Run(scenario, options.Top ?? AnalysisDefaults.TimelineTop, progress, cancellation);
        }
        catch (RobustnessException e)
        {
            throw new AnalysisException(e.Message);
        }
        // The engine's utilities follow the parties with preferences, in the scenario's order.
        var parties = scenario.Parties.Where(p => scenario.Preferences.ContainsKey(p.Id)).Select(p => p.Id).ToList();
        return new Results.TimelineResult(scenario.Title, scenario.Agreement.RequiredParties, BargainingAnalysisContract.ExactPackageCount(scenario),
            t.SkippedBefore?.ToString(), t.Points.Select(p => new TimelinePointDto(
                p.Date.ToString(), p.Label, p.Positions.Select(x => x.Summary).ToList(),
                p.PreferencesFrom.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()), p.Reservations, p.RedLines, p.ZoneSize,
                p.Space?.BestByNash.Select(b => new BestPackageDto(b.Package.ToTerms(scenario), b.NashProduct,
                    parties.Select((id, i) => new PartyGainDto(id, b.Utilities[i], b.Utilities[i] - p.Reservations[id])).ToList())).ToList() ?? [],
                p.Proposals.Select(v => new TimelineVerdictDto(v.Proposal.Id, v.Made, Wording.Code(v.Evaluation.Overall),
                    v.Evaluation.Verdicts.ToDictionary(x => x.Party.Id, x => Wording.Code(x.Verdict)))).ToList())).ToList());
    }
}
