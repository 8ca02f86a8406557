namespace Parley.Forecast.Import;

/// <summary>
/// Bounds on imported models, so a malformed or hostile file is refused with a clear message instead of exhausting
/// memory (KTAB's ideal adjustments are an actors × actors matrix) or running the quadratic engines for hours.
/// KTAB's and BDM's published data sets have at most a few hundred actors and a handful of dimensions.
/// </summary>
public static class ImportLimits
{
    public const int MaxActors = 2000;
    public const int MaxDimensions = 100;

    /// <summary>
    /// Capabilities are relative (only ratios matter) and must lie in [<see cref="MinCapability"/>, <see cref="MaxCapability"/>]:
    /// the engines sum capability × salience × utility differences over up to <see cref="MaxActors"/> actors and SMP's
    /// Octic victory model raises those sums to the 8th power, which stays finite (2e15^8 ≈ 3e122) with these bounds,
    /// where a capability of 1e308 overflowed to infinity and NaN.
    /// </summary>
    public const double MinCapability = 1e-12;

    /// <inheritdoc cref="MinCapability"/>
    public const double MaxCapability = 1e12;

    /// <summary>
    /// Largest magnitude of a position or scale end on a scale of the model's own units (BDM files, the scenario's
    /// <c>spatial</c> section): beyond it distances lose all precision against the scale (a single position of 1e308
    /// made every other distance 1e-308 and the run "settled" at once). KTAB files use 0–100.
    /// </summary>
    public const double MaxAbsPosition = 1e9;

    /// <summary>Null when the capability is within bounds, else the reason.</summary>
    public static string? CapabilityProblem(double capability) =>
        capability is >= MinCapability and <= MaxCapability ? null
        : capability <= 0 ? $"capability must be positive, got {Format(capability)}"
        : $"capability {Format(capability)} is outside {Format(MinCapability)}..{Format(MaxCapability)} (capabilities are relative; rescale them all)";

    /// <summary>Null when the position or scale end is within ±<see cref="MaxAbsPosition"/>, else the reason.</summary>
    public static string? PositionProblem(double value, string what) =>
        Math.Abs(value) <= MaxAbsPosition ? null
        : $"{what} {Format(value)} is outside -{Format(MaxAbsPosition)}..{Format(MaxAbsPosition)} (rescale the scale)";

    private static string Format(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
