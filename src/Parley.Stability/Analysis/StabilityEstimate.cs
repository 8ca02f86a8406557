using Parley.Stability.Engine;

namespace Parley.Stability.Analysis;

/// <summary>
/// What an analysis of a built graph would cost, decided before it runs: <see cref="Seconds"/> of wall time on the
/// graph's threads and <see cref="Bytes"/> of peak memory, with the work behind them. The sanction-propagation
/// concepts cost a fixed number of passes over the move blocks; the simultaneous search (SIM, SEQ+SIM) depends on
/// how soon each state's search stops, so it is measured: the search runs on <see cref="SampledStates"/> states spread
/// evenly over the graph and its steps are scaled to every state.
/// </summary>
public sealed record StabilityEstimate(int States, int SampledStates, double PropagationWork, double SimultaneousWork, double Seconds, long Bytes);

public static class StabilityCost
{
    /// <summary>Processor seconds per step of the simultaneous search, measured with the stability benchmark (docs/performance.md).</summary>
    public const double SecondsPerSearchStep = 4e-9;

    /// <summary>Processor seconds per state, decision maker and mover for one propagation concept (GMR, SMR, SEQ), measured likewise.</summary>
    public const double SecondsPerPropagationStep = 1.5e-7;

    /// <summary>How many states the simultaneous search is run on to measure it.</summary>
    public const int Sample = 2048;

    /// <summary>Peak bytes per state: the graph (codes, ranks, move blocks per decision maker) and the analysis's per-concept arrays, with the collector's headroom.</summary>
    public static double BytesPerState(int decisionMakers, double simultaneousBytesPerState) =>
        2.5 * (8 + 24.0 * decisionMakers + 8.0 * decisionMakers * (decisionMakers + 2) + simultaneousBytesPerState);
}
