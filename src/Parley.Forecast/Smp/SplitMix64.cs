namespace Parley.Forecast.Smp;

/// <summary>
/// Small, fully specified PRNG so stochastic runs are reproducible across platforms and .NET
/// versions (System.Random's algorithm is not guaranteed stable). One stream per (seed, turn, actor)
/// makes results independent of how work is split across threads.
/// </summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    public static SplitMix64 For(ulong seed, int turn, int actor)
    {
        var s = new SplitMix64(seed ^ ((ulong)(uint)turn << 32) ^ (uint)actor);
        s.NextUInt64();
        return s;
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform on [0,1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
