using System.Numerics;

namespace Parley.Bargaining;

/// <summary>One utility vector on the frontier and the packages that reach it.</summary>
/// <param name="Index">The composition's point, or, under utility caps, the first of the composition's points that reach this vector.</param>
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

    /// <summary>Under utility caps, the composition's points that reach each frontier point (by the point's index); null without caps.</summary>
    private readonly Dictionary<int, int[]>? _merged;

    private ParetoFrontier(BargainingProblem problem, Composition composition)
    {
        Problem = problem;
        _composition = composition;
        var points = Enumerable.Range(0, composition.PointCount)
            .Select(i => new FrontierPoint(i, composition.Vector(i).ToArray(), composition.PackageCount(i)))
            .ToList();
        if (problem.HasCaps) (points, _merged) = Capped(points, problem.Caps);
        Points = points;
    }

    /// <summary>
    /// The frontier of capped utilities, from the frontier of the uncapped sums: capping is monotone, so every
    /// package is weakly dominated after the cap by an uncapped-frontier package, and the capped frontier is the
    /// non-dominated part of the capped uncapped-frontier vectors. Equal vectors merge into one point. Packages that are
    /// dominated before the cap and tie a frontier vector after it are not counted in its <c>PackageCount</c>
    /// (documented in docs/bargaining.md); the values and the solutions are exact.
    /// </summary>
    private static (List<FrontierPoint>, Dictionary<int, int[]>) Capped(List<FrontierPoint> points, long[] caps)
    {
        var groups = points
            .GroupBy(p => p.Utilities.Select((u, k) => Math.Min(u, caps[k])).ToArray(), VectorComparer.Instance)
            .Select(g => (Vector: g.Key, Members: g.ToList()))
            .ToList();
        var kept = groups.Where(g => !groups.Any(o => !ReferenceEquals(o.Vector, g.Vector) && Dominates(o.Vector, g.Vector)))
            .OrderBy(g => g.Members[0].Index)
            .ToList();
        var merged = new Dictionary<int, int[]>();
        var result = new List<FrontierPoint>(kept.Count);
        foreach (var (vector, members) in kept)
        {
            var index = members[0].Index;
            merged[index] = members.Select(m => m.Index).ToArray();
            result.Add(new FrontierPoint(index, vector, members.Aggregate(BigInteger.Zero, (n, m) => n + m.PackageCount)));
        }
        return (result, merged);
    }

    private static bool Dominates(long[] a, long[] b)
    {
        var strictly = false;
        for (var k = 0; k < a.Length; k++)
        {
            if (a[k] < b[k]) return false;
            if (a[k] > b[k]) strictly = true;
        }
        return strictly;
    }

    private sealed class VectorComparer : IEqualityComparer<long[]>
    {
        public static readonly VectorComparer Instance = new();
        public bool Equals(long[]? x, long[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(long[] v)
        {
            var hash = new HashCode();
            foreach (var u in v) hash.Add(u);
            return hash.ToHashCode();
        }
    }

    public static ParetoFrontier Compute(BargainingProblem problem, CancellationToken cancellation = default) =>
        new(problem, ParetoComposer.Compose(
            new CompositionInput(problem.Dimensions, problem.OptionCounts, problem.Contributions, problem.RedLines), cancellation));

    /// <summary>Packages on the frontier, counting ties.</summary>
    public BigInteger PackageCount => Points.Aggregate(BigInteger.Zero, (n, p) => n + p.PackageCount);

    /// <summary>Every package with this point's utilities, option indices in the scenario's issue order.</summary>
    public IEnumerable<int[]> Packages(FrontierPoint point) =>
        _merged is not null && _merged.TryGetValue(point.Index, out var members) ? members.SelectMany(_composition.Packages) : _composition.Packages(point.Index);

    public bool IsInZone(FrontierPoint point)
    {
        for (var p = 0; p < Problem.Dimensions; p++)
            if (point.Utilities[p] < Problem.Reservations[p]) return false;
        return true;
    }

    /// <summary>The frontier points inside the ZOPA: exactly the Pareto frontier of the ZOPA itself.</summary>
    public IEnumerable<FrontierPoint> ZonePoints => Points.Where(IsInZone);
}
