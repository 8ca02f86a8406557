namespace Parley.Bargaining;

/// <summary>
/// Utilities on a fixed decimal grid of 10⁻⁹, held as integers. Sums of grid values are exact, so ties
/// between packages (equal utility vectors, a utility exactly at a reservation value) are decided exactly
/// rather than by a floating-point tolerance; scenario numbers with up to nine decimals are represented
/// without error.
/// </summary>
public static class UtilityGrid
{
    public const double Scale = 1e9;

    public static long ToGrid(double utility) => (long)Math.Round(utility * Scale, MidpointRounding.AwayFromZero);

    public static double FromGrid(long units) => units / Scale;
}
