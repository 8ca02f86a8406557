using System.Numerics;
using Parley.Analysis.Contracts;
using Parley.Analysis.Results;
using Parley.Bargaining;
using Parley.Core.Diagnostics;
using Parley.Core.Evaluation;
using Parley.Core.Model;

namespace Parley.Analysis.Analyses;

/// <summary>
/// The bargaining analysis (<c>parley analyze</c>, the workbench's "bargaining" run, the report's first
/// sections). Each part is computed once, by its fastest exact method: the zone is counted by composition,
/// the best packages are ranked from the zone itself when it is small enough to list (a bounded top-k, not a
/// sort of the whole zone), by enumeration when the scenario is small, and otherwise not listed — and the
/// result says which method it used.
/// </summary>
public sealed class BargainingAnalysisContract()
    : AnalysisContract(AnalysisName, "Proposals, zone of agreement, best packages, Pareto frontier and bargaining solutions")
{
    public const string AnalysisName = "bargaining";

    public override IReadOnlyList<Diagnostic> Validate(Scenario scenario, AnalysisOptions options)
    {
        var problems = new List<Diagnostic>();
        if (scenario.Preferences.Count == 0)
            problems.Add(new Diagnostic(Severity.Error, DiagnosticCodes.MissingKey,
                $"scenario '{scenario.Id}' has no preferences, so packages cannot be evaluated", "preferences", null));
        if (options.Threads is < 1 or > 1024)
            problems.Add(new Diagnostic(Severity.Error, DiagnosticCodes.OutOfRange, "threads must be between 1 and 1024", "threads", null));
        if (options.Top is < 0 or > AnalysisDefaults.MaxTop)
            problems.Add(new Diagnostic(Severity.Error, DiagnosticCodes.OutOfRange, $"top must be between 0 and {AnalysisDefaults.MaxTop}", "top", null));
        return problems;
    }

    public override AnalysisDocument Run(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default) =>
        AnalysisDocument.Of(Name, scenario, Compute(scenario, options, progress, cancellation));

    public BargainingResult Compute(Scenario scenario, AnalysisOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        EnsureValid(scenario, options);
        var top = options.Top ?? AnalysisDefaults.Top;
        var model = new UtilityModel(scenario);
        var proposals = scenario.Proposals.OrderBy(p => p.Date ?? new PartialDate(9999)).ToList();
        var evaluations = proposals.Select(p => (Proposal: p, Evaluation: ProposalEvaluator.Evaluate(model, p))).ToList();

        BargainingReport report;
        try
        {
            report = Parley.Bargaining.BargainingAnalysis.Run(model, stakes: scenario.PackageCount <= AnalysisDefaults.StakesLimit, cancellation);
        }
        catch (NotSupportedException e)
        {
            throw new AnalysisException(e.Message);
        }
        progress?.Report(0.4);
        var best = BestPackages(scenario, model, report, top, progress, cancellation, options.Threads);
        progress?.Report(0.6);
        var toAgreement = new List<ToAgreementDto>(evaluations.Count);
        foreach (var (proposal, evaluation) in evaluations)
        {
            toAgreement.Add(ToAgreement(scenario, report.Problem, proposal, evaluation, cancellation));
            progress?.Report(0.6 + 0.4 * toAgreement.Count / evaluations.Count);
        }
        progress?.Report(1);

        return new BargainingResult(
            scenario.Title,
            scenario.Agreement.RequiredParties,
            model.Parties.Select(p => p.Party.Id).ToList(),
            evaluations.Select(e => EvaluationDto.From(scenario, e.Evaluation, e.Proposal)).ToList(),
            toAgreement,
            Zone(scenario, report.Zone),
            best,
            Frontier(scenario, report),
            Solutions(scenario, report),
            report.Stakes?.Select(s => Stake(scenario, report.Problem, s)).ToList());
    }

    private static ZoneDto Zone(Scenario scenario, ZopaCount zone) => new(
        ExactPackageCount(scenario), zone.Value, zone.IsExact, zone.Share,
        zone.IsExact ? null : zone.Low, zone.IsExact ? null : zone.High, zone.IsExact ? null : zone.Samples,
        zone.IsExact ? "exact count (meet in the middle)" : "estimate (sampling)");

    /// <summary>
    /// The best packages by Nash product, ranked from the zone itself or by enumerating every package,
    /// whichever is cheaper (<see cref="AnalysisDefaults.ListingCostRatio"/>). Ties are broken by the
    /// package's options in issue order, so both methods give the same list.
    /// </summary>
    internal static BestPackagesDto BestPackages(Scenario scenario, UtilityModel model, BargainingReport report, int top, IProgress<double>? progress, CancellationToken cancellation,
        int? threads = null)
    {
        var zone = report.Zone;
        if (top == 0) return new BestPackagesDto("not listed", "no packages were asked for (top 0)", []);
        if (zone.IsExact && zone.Exact.IsZero) return new BestPackagesDto("zone listing", null, []);
        IReadOnlyList<RankedPackage> ranked;
        string method;
        var listable = zone.IsExact && (double)zone.Exact <= AnalysisDefaults.ZoneListLimit;
        var enumerable = scenario.PackageCount <= AnalysisDefaults.EnumerationLimit;
        // Both methods are exact; take the cheaper one.
        if (listable && (!enumerable || (double)zone.Exact * AnalysisDefaults.ListingCostRatio <= scenario.PackageCount))
        {
            var packages = ZoneExplorer.Page(report.Problem, 0, (int)zone.Exact, cancellation);
            ranked = TopByNash(model, packages, top);
            method = "zone listing";
        }
        else if (enumerable)
        {
            ranked = ExhaustiveAnalysis.Run(model, top, progress is null ? null : new Scaled(progress, 0.4, 0.2), cancellation, threads).BestByNash;
            method = "enumeration";
        }
        else
        {
            return new BestPackagesDto("not listed",
                $"the zone holds {Text.Fmt.Count(zone.Value)} packages and the scenario {Text.Fmt.Count(scenario.PackageCount)}, beyond the listing limits " +
                $"({Text.Fmt.Count(AnalysisDefaults.ZoneListLimit)} zone packages, {Text.Fmt.Count(AnalysisDefaults.EnumerationLimit)} packages); the Nash solution below is the best package", []);
        }
        return new BestPackagesDto(method, null, ranked.Select(b => new BestPackageDto(b.Package.ToTerms(scenario), b.NashProduct,
            model.Parties.Select((p, i) => new PartyGainDto(p.Party.Id, b.Utilities[i], b.Utilities[i] - p.Reservation)).ToList())).ToList());
    }

    /// <summary>The <paramref name="top"/> packages of the largest Nash product, by a bounded heap (the worst kept on top), ties by options in issue order.</summary>
    public static IReadOnlyList<RankedPackage> TopByNash(UtilityModel model, IReadOnlyList<int[]> packages, int top)
    {
        var required = model.Required.Select(i => model.Parties[i]).ToArray();
        var heap = new PriorityQueue<(int[] Choices, double Nash), (int[] Choices, double Nash)>(top + 1, WorstFirst.Instance);
        foreach (var choices in packages)
        {
            var nash = 1.0;
            foreach (var p in required) nash *= Math.Max(0, p.Utility(choices) - p.Reservation);
            var entry = (choices, nash);
            if (heap.Count < top) heap.Enqueue(entry, entry);
            else if (WorstFirst.Instance.Compare(entry, heap.Peek()) > 0) heap.EnqueueDequeue(entry, entry);
        }
        var best = new List<(int[] Choices, double Nash)>(heap.Count);
        while (heap.Count > 0) best.Add(heap.Dequeue());
        best.Reverse();
        return best.Select(b => new RankedPackage(new Package(b.Choices), model.Parties.Select(p => p.Utility(b.Choices)).ToArray(), b.Nash)).ToList();
    }

    /// <summary>Orders worse packages first: smaller Nash product, then (on a tie) the later package in issue order.</summary>
    private sealed class WorstFirst : IComparer<(int[] Choices, double Nash)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((int[] Choices, double Nash) x, (int[] Choices, double Nash) y)
        {
            var byNash = x.Nash.CompareTo(y.Nash);
            if (byNash != 0) return byNash;
            return -x.Choices.AsSpan().SequenceCompareTo(y.Choices);
        }
    }

    private static ToAgreementDto ToAgreement(Scenario scenario, BargainingProblem problem, Proposal proposal, ProposalEvaluation evaluation, CancellationToken cancellation)
    {
        Bridge? bridge;
        try
        {
            bridge = Bridging.Find(problem, evaluation.Package.Choices.ToArray(), null, cancellation, AnalysisDefaults.BridgeWorkLimit).FewestChanges;
        }
        catch (CompositionTooLargeException)
        {
            return new ToAgreementDto(proposal.Id, null, [], null, $"search too large (over {AnalysisDefaults.BridgeWorkLimit:0.#e0} steps)");
        }
        catch (NotSupportedException e)
        {
            return new ToAgreementDto(proposal.Id, null, [], null, e.Message);
        }
        return bridge is null
            ? new ToAgreementDto(proposal.Id, null, [], null, "no package is accepted by every required party")
            : new ToAgreementDto(proposal.Id, bridge.ChangeCount, bridge.Changes.Concat(bridge.Settled).Select(m => IssueMoveDto.Of(scenario, m)).ToList(),
                new Package(bridge.Package).ToTerms(scenario), null);
    }

    /// <summary>
    /// The parties' utilities and gains at a frontier point, from the exact utilities of the point's first
    /// package: the frontier holds utilities on an integer grid, and rounding those for display could read
    /// +0.060 where the same package's exact gain, shown among the best packages, reads +0.061.
    /// </summary>
    private static List<PartyGainDto> Gains(BargainingReport report, FrontierPoint point)
    {
        var package = report.Frontier.Packages(point).First();
        return report.Problem.Parties.Select(party =>
        {
            var utility = party.Utility(package);
            return new PartyGainDto(party.Party.Id, utility, utility - party.Reservation);
        }).ToList();
    }

    private static FrontierDto Frontier(Scenario scenario, BargainingReport report)
    {
        var zonePoints = report.Frontier.ZonePoints.ToList();
        return new FrontierDto(report.Frontier.Points.Count, report.Frontier.PackageCount, zonePoints.Count,
            zonePoints.Take(AnalysisDefaults.MaxZoneFrontierPoints)
                .Select(p => new FrontierPointDto(new Package(report.Frontier.Packages(p).First()).ToTerms(scenario), p.PackageCount, Gains(report, p))).ToList(),
            zonePoints.Count > AnalysisDefaults.MaxZoneFrontierPoints);
    }

    private static List<SolutionDto> Solutions(Scenario scenario, BargainingReport report) =>
        report.Solutions.Select(s => new SolutionDto(s.Kind.ToString(), s.Name, s.Definition, s.Exists ? s.Value : null,
            s.Points.Select(p => new SolutionPointDto(Gains(report, p), p.PackageCount,
                report.Frontier.Packages(p).Take(AnalysisDefaults.SolutionExamples).Select(x => new Package(x).ToTerms(scenario)).ToList(),
                report.NearestProposals(report.Frontier.Packages(p).First()).Select(d => new NearestProposalDto(d.Proposal.Id, d.Changes, d.Open)).ToList())).ToList())).ToList();

    private static StakeDto Stake(Scenario scenario, BargainingProblem problem, IssueStake s)
    {
        var issue = scenario.Issues[s.Issue];
        var role = s.Role switch
        {
            IssueRole.Tradeable => "tradeable",
            IssueRole.Settled => "settled",
            _ => "noZone",
        };
        return new StakeDto(issue.Id, role,
            s.Role == IssueRole.Tradeable && s.CaresMost >= 0 ? problem.Parties[s.CaresMost].Party.Id : null,
            s.Options.Where(o => o.Occurs).Select(o => new OptionShareDto(issue.Options[o.Option].Id, o.Share)).ToList(),
            problem.Parties.Select((p, k) => new KeyValuePair<string, double>(p.Party.Id, s.StakeShare[k])).ToDictionary());
    }

    /// <summary>The number of complete packages, exact at any size (a double rounds it past 2^53).</summary>
    public static BigInteger ExactPackageCount(Scenario scenario) => scenario.Issues.Aggregate(BigInteger.One, (n, issue) => n * issue.Options.Count);

    /// <summary>Maps an inner progress in [0, 1] onto [from, from + width].</summary>
    private sealed class Scaled(IProgress<double> inner, double from, double width) : IProgress<double>
    {
        public void Report(double value) => inner.Report(from + value * width);
    }
}
