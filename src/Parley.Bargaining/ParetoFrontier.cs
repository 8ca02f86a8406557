using System.Numerics;

namespace Parley.Bargaining;

/// <summary>One utility vector on the frontier and the packages that reach it.</summary>
public sealed record FrontierPoint(int Index, long[] Utilities, BigInteger PackageCount)
{
    public double Utility(int party) => UtilityGrid.FromGrid(Utilities[party]);
}

/// <summary>
/// The exact Pareto frontier of the feasible packages (outside every required party's red lines) over the
/// required parties' utilities: every utility vector no feasible package strictly dominates, each with
/// every package that has it (ties kept, listed lazily).
/// </summary>
public sealed class ParetoFrontier
{
    private readonly Composition _composition;

    public BargainingProblem Problem { get; }
    public IReadOnlyList<FrontierPoint> Points { get; }

    private ParetoFrontier(BargainingProblem problem, Composition composition)
    {
        Problem = problem;
        _composition = composition;
        Points = Enumerable.Range(0, composition.PointCount)
            .Select(i => new FrontierPoint(i, composition.Vector(i).ToArray(), composition.PackageCount(i)))
            .ToList();
    }

    public static ParetoFrontier Compute(BargainingProblem problem, CancellationToken cancellation = default) =>
        new(problem, ParetoComposer.Compose(
            new CompositionInput(problem.Dimensions, problem.OptionCounts, problem.Contributions, problem.RedLines), cancellation));

    /// <summary>Packages on the frontier, counting ties.</summary>
    public BigInteger PackageCount => Points.Aggregate(BigInteger.Zero, (n, p) => n + p.PackageCount);

    /// <summary>Every package with this point's utilities, option indices in the scenario's issue order.</summary>
    public IEnumerable<int[]> Packages(FrontierPoint point) => _composition.Packages(point.Index);

    public bool IsInZone(FrontierPoint point)
    {
        for (var p = 0; p < Problem.Dimensions; p++)
            if (point.Utilities[p] < Problem.Reservations[p]) return false;
        return true;
    }

    /// <summary>The frontier points inside the ZOPA: exactly the Pareto frontier of the ZOPA itself.</summary>
    public IEnumerable<FrontierPoint> ZonePoints => Points.Where(IsInZone);
}
