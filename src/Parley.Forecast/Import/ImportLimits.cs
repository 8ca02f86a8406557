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
}
