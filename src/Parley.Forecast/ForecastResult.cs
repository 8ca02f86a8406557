using Parley.Forecast.Model;

namespace Parley.Forecast;

/// <summary>The forecast on one dimension, in the dimension's own scale units.</summary>
/// <param name="Forecast">The headline forecast (see <paramref name="Method"/>).</param>
/// <param name="Method">How <paramref name="Forecast"/> was obtained, in words.</param>
/// <param name="WeightedMean">Capability×salience-weighted mean of the final positions.</param>
/// <param name="WeightedMedian">Capability×salience-weighted median of the final positions (BDM's median voter).</param>
public sealed record DimensionForecast(
    Dimension Dimension,
    double Forecast,
    string Method,
    double WeightedMean,
    double WeightedMedian,
    double InitialWeightedMedian);

/// <summary>
/// Result of running a forecast engine: the positions of every actor on every dimension in every
/// round (round 0 is the input), the forecast per dimension, and bookkeeping.
/// </summary>
public sealed class ForecastResult
{
    public ForecastResult(string engine, SpatialModel model, IReadOnlyList<double[,]> rounds,
        IReadOnlyList<DimensionForecast> forecasts, bool converged, double[,] influence,
        IReadOnlyList<string> notes)
    {
        Engine = engine;
        Model = model;
        Rounds = rounds;
        Forecasts = forecasts;
        Converged = converged;
        Influence = influence;
        Notes = notes;
    }

    /// <summary>"eum" or "smp".</summary>
    public string Engine { get; }

    public SpatialModel Model { get; }

    /// <summary>Rounds[t][actor, dimension] in scale units; Rounds[0] is the initial state.</summary>
    public IReadOnlyList<double[,]> Rounds { get; }

    public IReadOnlyList<DimensionForecast> Forecasts { get; }

    /// <summary>True if the run stopped because positions settled, false if it hit the round limit.</summary>
    public bool Converged { get; }

    /// <summary>
    /// Influence[j, i]: total distance (as a fraction of the scale, summed over dimensions and rounds)
    /// that actor i moved because of actor j's offer or bargain.
    /// </summary>
    public double[,] Influence { get; }

    /// <summary>
    /// SMP only (null for the EUM): WinProbabilities[t][actor] is the probability that the actor's position wins in
    /// the state of round t, as KTAB reports it each turn (its "History of actors' winning probabilities"): a
    /// probability-of-Condorcet-election over the distinct positions, each actor valuing them from its ideal with
    /// its risk attitude. Actors holding the same position share one probability, so a round can sum above 1.
    /// Same length as <see cref="Rounds"/>.
    /// </summary>
    public IReadOnlyList<double[]>? WinProbabilities { get; init; }

    /// <summary>Human-readable remarks about the run (options used, deviations).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Number of bargaining rounds executed (Rounds.Count - 1).</summary>
    public int RoundCount => Rounds.Count - 1;

    public double[,] FinalPositions => Rounds[^1];

    /// <summary>The path of one actor on one dimension, one value per round.</summary>
    public double[] Path(int actor, int dimension)
    {
        var path = new double[Rounds.Count];
        for (var t = 0; t < Rounds.Count; t++) path[t] = Rounds[t][actor, dimension];
        return path;
    }
}
