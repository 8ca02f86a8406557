using System.Numerics;

namespace Parley.Bargaining;

public enum SolutionKind
{
    /// <summary>Maximises the product of the required parties' gains over their reservation values.</summary>
    Nash,
    /// <summary>Textbook Kalai–Smorodinsky: maximises the smallest gain as a share of the party's best possible gain in the ZOPA.</summary>
    KalaiSmorodinsky,
    /// <summary>Genius's Kalai–Smorodinsky: the point with the most equal raw utilities (least Σ|uᵢ − uⱼ|).</summary>
    KalaiSmorodinskyGenius,
    /// <summary>NegMAS's Kalai–Smorodinsky: maximises the smallest raw gain over the reservation value (not normalised).</summary>
    KalaiSmorodinskyNegmas,
    /// <summary>Maximises the sum of utilities.</summary>
    Utilitarian,
    /// <summary>Maximises the smallest gain over the reservation value.</summary>
    Egalitarian,
}

/// <summary>A bargaining solution: the frontier points (each standing for its tied packages) that attain the optimum.</summary>
public sealed record BargainingSolution(SolutionKind Kind, string Name, string Definition, IReadOnlyList<FrontierPoint> Points, double Value)
{
    public bool Exists => Points.Count > 0;
}

/// <summary>
/// The bargaining solutions over the ZOPA. Each objective only grows when a party's utility grows, so
/// its optimum over the ZOPA is reached on the frontier of the ZOPA, which is the Pareto frontier
/// restricted to the zone; the solutions are therefore found among those points and every reported
/// package is Pareto-optimal (maximisers that are dominated, which the max–min objectives can have, are
/// left out).
/// </summary>
public static class BargainingSolutions
{
    public static IReadOnlyList<BargainingSolution> All(ParetoFrontier frontier)
    {
        var zone = frontier.ZonePoints.ToList();
        var r = frontier.Problem.Reservations;
        var d = frontier.Problem.Dimensions;
        var ideal = new long[d];
        for (var p = 0; p < d; p++) ideal[p] = zone.Count == 0 ? r[p] : zone.Max(z => z.Utilities[p]);

        return
        [
            Best(SolutionKind.Nash, "Nash", "maximum of Π (uᵢ − rᵢ) over the ZOPA",
                zone, z => Product(z, r), v => NashValue(v, d)),
            BestDouble(SolutionKind.KalaiSmorodinsky, "Kalai–Smorodinsky",
                "maximum of minᵢ (uᵢ − rᵢ)/(idealᵢ − rᵢ) over the ZOPA, idealᵢ = party i's best utility in the ZOPA (parties with no possible gain are left out)",
                zone, z => NormalisedMinGain(z, r, ideal)),
            Best(SolutionKind.KalaiSmorodinskyGenius, "Kalai–Smorodinsky (Genius)",
                "minimum of Σᵢ<ⱼ |uᵢ − uⱼ| over the ZOPA's frontier (Genius BidSpace: most equal raw utilities, ideal point (1,…,1), disagreement 0)",
                zone, z => -(BigInteger)Asymmetry(z), v => -(double)v / UtilityGrid.Scale),
            Best(SolutionKind.KalaiSmorodinskyNegmas, "Kalai–Smorodinsky (NegMAS)",
                "maximum of minᵢ (uᵢ − rᵢ) over the ZOPA's frontier (NegMAS kalai_points: raw gains, not normalised; equals the egalitarian solution)",
                zone, z => MinGain(z, r), v => (double)v / UtilityGrid.Scale),
            Best(SolutionKind.Utilitarian, "Utilitarian", "maximum of Σ uᵢ over the ZOPA",
                zone, z => z.Utilities.Aggregate(BigInteger.Zero, (s, u) => s + u), v => (double)v / UtilityGrid.Scale),
            Best(SolutionKind.Egalitarian, "Egalitarian", "maximum of minᵢ (uᵢ − rᵢ) over the ZOPA",
                zone, z => MinGain(z, r), v => (double)v / UtilityGrid.Scale),
        ];
    }

    public static BigInteger Product(FrontierPoint point, long[] reservations)
    {
        var product = BigInteger.One;
        for (var p = 0; p < reservations.Length; p++) product *= point.Utilities[p] - reservations[p];
        return product;
    }

    /// <summary>
    /// The Nash product in utility units, from its exact value in grid units (scale^d). Dividing doubles overflows from
    /// 35 required parties on (1e9^35 is past double's range, and 200 parties made 'analyze --format json' fail on NaN),
    /// so a product that large is divided in log space; a product too small for a double becomes 0.
    /// </summary>
    public static double NashValue(BigInteger product, int parties)
    {
        if (product.Sign <= 0) return (double)product;
        var scale = Math.Pow(UtilityGrid.Scale, parties);
        var direct = (double)product / scale;
        if (double.IsFinite(scale) && double.IsFinite(direct)) return direct;
        return Math.Exp(BigInteger.Log(product) - parties * Math.Log(UtilityGrid.Scale));
    }

    public static BigInteger MinGain(FrontierPoint point, long[] reservations)
    {
        var min = long.MaxValue;
        for (var p = 0; p < reservations.Length; p++) min = Math.Min(min, point.Utilities[p] - reservations[p]);
        return min;
    }

    public static long Asymmetry(FrontierPoint point)
    {
        long sum = 0;
        for (var i = 0; i < point.Utilities.Length; i++)
            for (var j = i + 1; j < point.Utilities.Length; j++) sum += Math.Abs(point.Utilities[i] - point.Utilities[j]);
        return sum;
    }

    public static double NormalisedMinGain(FrontierPoint point, long[] reservations, long[] ideal)
    {
        var min = double.PositiveInfinity;
        for (var p = 0; p < reservations.Length; p++)
        {
            var range = ideal[p] - reservations[p];
            if (range <= 0) continue;
            min = Math.Min(min, (double)(point.Utilities[p] - reservations[p]) / range);
        }
        return double.IsPositiveInfinity(min) ? 0 : min;
    }

    private static BargainingSolution Best(SolutionKind kind, string name, string definition, List<FrontierPoint> zone,
        Func<FrontierPoint, BigInteger> objective, Func<BigInteger, double> display)
    {
        if (zone.Count == 0) return new BargainingSolution(kind, name, definition, [], double.NaN);
        var values = zone.Select(objective).ToList();
        var best = values.Max();
        return new BargainingSolution(kind, name, definition, zone.Where((_, i) => values[i] == best).ToList(), display(best));
    }

    /// <summary>For a ratio objective: values within 1e-12 of the best count as ties.</summary>
    private static BargainingSolution BestDouble(SolutionKind kind, string name, string definition, List<FrontierPoint> zone, Func<FrontierPoint, double> objective)
    {
        if (zone.Count == 0) return new BargainingSolution(kind, name, definition, [], double.NaN);
        var values = zone.Select(objective).ToList();
        var best = values.Max();
        return new BargainingSolution(kind, name, definition, zone.Where((_, i) => values[i] >= best - 1e-12).ToList(), best);
    }
}
