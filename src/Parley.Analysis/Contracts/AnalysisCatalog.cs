using Parley.Analysis.Analyses;

namespace Parley.Analysis.Contracts;

/// <summary>
/// The analyses a front end offers. The CLI's commands, the workbench's run page and the report's sections
/// iterate over a catalog; a new engine joins by adding its contract here. Immutable: <see cref="With"/>
/// returns a new catalog (tests add a gate analysis that way).
/// </summary>
public sealed class AnalysisCatalog
{
    private readonly IReadOnlyList<IAnalysisContract> _analyses;

    private AnalysisCatalog(IReadOnlyList<IAnalysisContract> analyses)
    {
        var duplicate = analyses.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"two analyses are named '{duplicate.Key}'");
        _analyses = analyses;
    }

    /// <summary>The analyses Parley ships.</summary>
    public static AnalysisCatalog Standard() => new([new BargainingAnalysisContract(), new ExhaustiveAnalysisContract(), new StabilityAnalysisContract(),
        new RobustnessAnalysisContract(), new TimelineAnalysisContract(), new BriefAnalysisContract()]);

    public IReadOnlyList<IAnalysisContract> All => _analyses;

    public IEnumerable<string> Names => _analyses.Select(a => a.Name);

    public IAnalysisContract? Find(string name) => _analyses.FirstOrDefault(a => a.Name == name);

    public AnalysisCatalog With(IAnalysisContract analysis) => new([.. _analyses.Where(a => a.Name != analysis.Name), analysis]);
}
