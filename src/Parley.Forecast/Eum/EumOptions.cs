namespace Parley.Forecast.Eum;

/// <summary>Options of the expected-utility model (BDM 1994 as formalised by Scholz, Calbert &amp; Smith 2011).</summary>
public sealed record EumOptions
{
    /// <summary>Upper bound on bargaining rounds.</summary>
    public int MaxRounds { get; init; } = 100;

    /// <summary>A round in which no actor moves more than this fraction of the scale ends the run.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>
    /// Q: probability that, if i does not challenge j, the status quo persists. Scholz et al. and
    /// the published replications use Q = 1 (the "better/worse" term then vanishes); BDM (1994)
    /// also discusses Q = 0.5.
    /// </summary>
    public double StatusQuoProbability { get; init; } = 1.0;

    /// <summary>Whether risk attitudes r_i are recomputed each round (BDM) or all fixed at 1 (risk neutral).</summary>
    public bool RiskAttitudes { get; init; } = true;

    /// <summary>Degree of parallelism (-1 = all cores). Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// Computes the probabilities voter by voter, O(n³) per round, instead of from sorted positions, O(n²):
    /// the slow reference the tests compare the fast path with.
    /// </summary>
    internal bool DirectProbabilities { get; init; }
}
