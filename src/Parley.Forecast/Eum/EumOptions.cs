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

    /// <summary>
    /// Which form of the model: <see cref="EumVariant.Published"/> (the formulas as published, the default) or
    /// <see cref="EumVariant.ScholzCode"/> (the probability form and offer rule of the public Python
    /// reconstruction of Scholz et al.'s code, to reproduce results made with it). docs/forecast.md.
    /// </summary>
    public EumVariant Variant { get; init; } = EumVariant.Published;

    /// <summary>Degree of parallelism (-1 = all cores). Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// Computes the probabilities voter by voter, O(n³) per round, instead of from sorted positions, O(n²):
    /// the slow reference the tests compare the fast path with.
    /// </summary>
    internal bool DirectProbabilities { get; init; }
}

/// <summary>Form of the expected-utility model.</summary>
public enum EumVariant
{
    /// <summary>BDM (1994) / Scholz et al. (2011) as published: P_ij = Σ_k [v^k_ij]⁺ / Σ_k |v^k_ij|; each actor
    /// takes the offer that moves it least.</summary>
    Published,

    /// <summary>
    /// The public Python reconstruction of Scholz et al.'s code (jmckib/dmasad <c>bdm-scholz-expected-utility-model</c>):
    /// votes on risk-powered distances, P_ij = Σ_k [v^k_ij]⁺ divided by the votes over all pairs of actors;
    /// confrontations first (least move), then compromises (lowest weighted position), never capitulations.
    /// </summary>
    ScholzCode,
}
