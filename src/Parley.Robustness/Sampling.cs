namespace Parley.Robustness;

public enum SamplingDistribution
{
    /// <summary>Every value of the plausible range equally likely.</summary>
    Uniform,
    /// <summary>Most likely at the estimate, falling linearly to zero at both ends of the range.</summary>
    Triangular,
}

/// <summary>
/// A small, fast generator (xoshiro256**) whose state is derived from the run's seed and the draw index
/// by SplitMix64, so draw k gets the same numbers whichever thread computes it and in whatever order.
/// </summary>
public struct DrawRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public DrawRandom(ulong seed, long drawIndex)
    {
        var x = seed ^ (0x9E3779B97F4A7C15UL * (ulong)(drawIndex + 1));
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));
}

public static class EstimateSampler
{
    /// <summary>A value from [low, high], uniform or triangular with its mode at <paramref name="mode"/>, by inverting the distribution function.</summary>
    public static double Sample(SamplingDistribution distribution, double low, double mode, double high, double u)
    {
        if (distribution == SamplingDistribution.Uniform) return low + u * (high - low);
        var width = high - low;
        var split = (mode - low) / width;
        return u < split
            ? low + Math.Sqrt(u * width * (mode - low))
            : high - Math.Sqrt((1 - u) * width * (high - mode));
    }

    /// <summary>Fills <paramref name="parameters"/> with the base vector and every estimate drawn from its range.</summary>
    public static void Draw(ParameterSpace space, SamplingDistribution distribution, ref DrawRandom random, Span<double> parameters)
    {
        space.BaseParameters.CopyTo(parameters);
        foreach (var e in space.Estimates)
            parameters[e.Slot] = Sample(distribution, e.Low, e.Value, e.High, random.NextDouble());
    }
}

/// <summary>A proportion with its Wilson score interval, which stays inside [0, 1] and behaves at 0 and n.</summary>
public readonly record struct Proportion(long Successes, long Trials, double Low, double High)
{
    public double Estimate => Trials == 0 ? double.NaN : (double)Successes / Trials;

    /// <summary>z = 1.959964 gives the 95% interval.</summary>
    public static Proportion Wilson(long successes, long trials, double z = 1.959963984540054)
    {
        if (trials <= 0) return new Proportion(successes, trials, 0, 1);
        var n = (double)trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return new Proportion(successes, trials, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
