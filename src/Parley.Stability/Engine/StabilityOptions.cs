namespace Parley.Stability.Engine;

/// <summary>
/// How a stability analysis may use the machine: at most <see cref="MaxDegreeOfParallelism"/> worker threads
/// (default: one per processor), and a token that stops it between work items. Every parallel loop of the
/// graph and of the analyzers built on it runs with <see cref="ToParallelOptions"/>, so a long analysis never
/// makes the thread pool inject workers beyond this bound (a 24-option SIM run once reached 174 threads on 2 cores).
/// </summary>
public sealed record StabilityOptions
{
    public static StabilityOptions Default { get; } = new();

    /// <summary>At most this many threads (≥ 1); null = <see cref="Environment.ProcessorCount"/>.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    public CancellationToken Cancellation { get; init; }

    /// <summary>The degree actually used.</summary>
    public int Degree => MaxDegreeOfParallelism is { } d ? Math.Max(1, d) : Environment.ProcessorCount;

    public ParallelOptions ToParallelOptions() => new() { MaxDegreeOfParallelism = Degree, CancellationToken = Cancellation };
}
