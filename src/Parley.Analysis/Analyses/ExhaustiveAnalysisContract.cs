using Parley.Analysis.Contracts;
using Parley.Analysis.Results;
using Parley.Bargaining;
using Parley.Core.Diagnostics;
using Parley.Core.Evaluation;
using Parley.Core.Model;

namespace Parley.Analysis.Analyses;

/// <summary>
/// The reference: enumerates every complete package, counts the zone and ranks the best packages on the
/// way. Slow on large scenarios, with fine-grained progress; the bargaining analysis answers the same
/// questions by composition.
/// </summary>
public sealed class ExhaustiveAnalysisContract()
    : AnalysisContract(AnalysisName, "Every package enumerated: zone count and best packages (the reference method)")
{
    public const string AnalysisName = "exhaustive";

    public override IReadOnlyList<Diagnostic> Validate(Scenario scenario, AnalysisOptions options)
    {
        var problems = new BargainingAnalysisContract().Validate(scenario, options).ToList();
        if (scenario.PackageCount > ExhaustiveAnalysis.MaxPackages)
            problems.Add(new Diagnostic(Severity.Error, DiagnosticCodes.TooLarge,
                $"exhaustive enumeration is limited to {Text.Fmt.Count(ExhaustiveAnalysis.MaxPackages)} packages; this scenario has {Text.Fmt.Count(scenario.PackageCount)}", "issues", null));
        return problems;
    }

    public override AnalysisDocument Run(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        EnsureValid(scenario, options);
        var model = new UtilityModel(scenario);
        var space = ExhaustiveAnalysis.Run(model, options.Top ?? AnalysisDefaults.Top, progress, cancellation, options.Threads);
        var proposals = scenario.Proposals.OrderBy(p => p.Date ?? new PartialDate(9999))
            .Select(p => EvaluationDto.From(scenario, ProposalEvaluator.Evaluate(model, p), p)).ToList();
        var packages = BargainingAnalysisContract.ExactPackageCount(scenario);
        var result = new BargainingResult(scenario.Title, scenario.Agreement.RequiredParties, model.Parties.Select(p => p.Party.Id).ToList(), proposals, [],
            new ZoneDto(packages, space.AcceptableCount, true, space.PackageCount == 0 ? 0 : space.AcceptableCount / space.PackageCount, null, null, null, "exhaustive enumeration"),
            new BestPackagesDto("enumeration", null, space.BestByNash.Select(b => new BestPackageDto(b.Package.ToTerms(scenario), b.NashProduct,
                model.Parties.Select((p, i) => new PartyGainDto(p.Party.Id, b.Utilities[i], b.Utilities[i] - p.Reservation)).ToList())).ToList()),
            null, [], null);
        return AnalysisDocument.Of(Name, scenario, result);
    }
}
