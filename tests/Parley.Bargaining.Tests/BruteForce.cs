using Parley.Core.Evaluation;

namespace Parley.Bargaining.Tests;

/// <summary>
/// Slow reference implementations written straight from the definitions: list every package, compute
/// utilities in floating point, compare everything pairwise. Independent of the grid and the composition.
/// </summary>
internal sealed class BruteForce
{
    public const double Tolerance = 1e-7;

    public UtilityModel Model { get; }
    public PartyUtility[] Required { get; }
    public List<int[]> All { get; }
    public List<int[]> Feasible { get; }
    public List<int[]> Zone { get; }

    public BruteForce(UtilityModel model)
    {
        Model = model;
        Required = model.Required.Select(i => model.Parties[i]).ToArray();
        All = ExhaustiveAnalysisTests.AllPackages(model.OptionCounts).ToList();
        Feasible = All.Where(p => Required.All(r => !r.HitsRedLine(p))).ToList();
        Zone = Feasible.Where(p => Required.All(r => r.Utility(p) >= r.Reservation - Tolerance)).ToList();
    }

    public double[] Utilities(int[] package) => Required.Select(r => r.Utility(package)).ToArray();

    public static bool Dominates(double[] a, double[] b) =>
        a.Zip(b).All(x => x.First >= x.Second - Tolerance) && a.Zip(b).Any(x => x.First > x.Second + Tolerance);

    /// <summary>Packages (among <paramref name="within"/>) that no package of the same set strictly dominates.</summary>
    public List<int[]> Undominated(List<int[]> within)
    {
        var utilities = within.Select(Utilities).ToList();
        return within.Where((_, i) => !utilities.Any(u => Dominates(u, utilities[i]))).ToList();
    }

    public double[] Gains(int[] package) => Required.Select(r => r.Utility(package) - r.Reservation).ToArray();

    public static string Key(int[] package) => string.Join(",", package);
}
