using Parley.Forecast.Model;

namespace Parley.Forecast;

/// <summary>
/// A forecast engine (<see cref="Eum.EumEngine"/>, <see cref="Smp.SmpEngine"/>). Engines check the token
/// before any work and once per round, so a cancelled run stops within a round and throws
/// <see cref="OperationCanceledException"/>; progress is rounds done / the round limit (1 at the end).
/// </summary>
public interface IForecastEngine
{
    /// <summary>"eum" or "smp", as in <see cref="ForecastResult.Engine"/>.</summary>
    string Name { get; }

    ForecastResult Run(SpatialModel model);

    ForecastResult Run(SpatialModel model, IProgress<double>? progress, CancellationToken cancellationToken = default);
}

/// <summary>
/// Maps a sub-task's progress in [0, 1] onto [offset, offset + width] of a larger task's. Reports
/// synchronously (unlike <see cref="Progress{T}"/>, which posts and can reorder).
/// </summary>
public sealed class ScaledProgress(IProgress<double>? inner, double offset, double width) : IProgress<double>
{
    public void Report(double value) => inner?.Report(offset + width * Math.Clamp(value, 0, 1));
}
