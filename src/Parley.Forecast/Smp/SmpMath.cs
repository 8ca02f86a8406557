namespace Parley.Forecast.Smp;

/// <summary>KTAB SMP building blocks: utilities, votes, victory probabilities and PCE distributions.</summary>
internal static class SmpMath
{
    public const double MinCoalition = 1e-8;

    /// <summary>Utility of a salience-weighted distance d ∈ [0,1] to an actor with risk attitude R ∈ [-1,1]: (1 − d)(1 + dR).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double BsUtil(double d, double bigR) => d <= 1 ? (1 - d) * (1 + d * bigR) : (1 - d) * (1 + bigR);

    /// <summary>Salience-weighted distance sqrt(Σ s_k² δ_k² / Σ s_k²).</summary>
    public static double BvDiff(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> sal)
    {
        double ds = 0, ss = 0;
        for (var k = 0; k < a.Length; k++)
        {
            var sd = (a[k] - b[k]) * sal[k];
            ds += sd * sd;
            ss += sal[k] * sal[k];
        }
        return Math.Sqrt(ds / ss);
    }

    /// <summary>Vote of a voter with weight w for option i over option j given its utilities for both.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double Vote(VotingRule rule, double w, double ui, double uj)
    {
        var du = ui - uj;
        return rule switch
        {
            VotingRule.Binary => w * Math.Clamp(du / 1e-8, -1, 1),
            VotingRule.PropBin => w * (0.8 * du + 0.2 * Math.Clamp(du / 1e-8, -1, 1)),
            VotingRule.Proportional => w * du,
            VotingRule.PropCbc => w * (0.5 * du + 0.5 * du * du * du),
            VotingRule.Cubic => w * du * du * du,
            VotingRule.ASymProsp => du < 0 ? w * du : du > 0 ? 2 * w * du / 3 : 0,
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
    }

    /// <summary>Probability that a coalition of strength s1 beats one of strength s2.</summary>
    public static double VictoryProbability(VictoryProbModel model, double s1, double s2)
    {
        double x1, x2;
        switch (model)
        {
            case VictoryProbModel.Linear: x1 = s1; x2 = s2; break;
            case VictoryProbModel.Square: x1 = s1 * s1; x2 = s2 * s2; break;
            case VictoryProbModel.Quartic: x1 = Math.Pow(s1, 4); x2 = Math.Pow(s2, 4); break;
            case VictoryProbModel.Octic: x1 = Math.Pow(s1, 8); x2 = Math.Pow(s2, 8); break;
            case VictoryProbModel.Binary:
                // A 10% advantage either way decides; in between, interpolate linearly.
                const double threshold = 1.10;
                if (s1 >= threshold * s2) { x1 = 1; x2 = 1e-6; }
                else if (s2 >= threshold * s1) { x1 = 1e-6; x2 = 1; }
                else
                {
                    var r12 = s1 / (s1 + s2);
                    x1 = (r12 * (threshold + 1) - 1) / (threshold - 1);
                    x2 = 1 - x1;
                }
                break;
            default: throw new ArgumentOutOfRangeException(nameof(model));
        }
        return x1 / (x1 + x2);
    }

    /// <summary>
    /// Coalition strengths c[i,j] (row-major, m×m) for m options voted on by the voters whose
    /// utilities are util[voter*m + option] and weights w[voter]. Pairs are scanned with i &gt; j and
    /// each vote credited to the side it favours (this matters for the asymmetric rule).
    /// </summary>
    /// <param name="cancellationToken">Checked between parallel rows: on hundreds of actors this is seconds of work.</param>
    public static double[] Coalitions(VotingRule rule, ReadOnlySpan<double> w, ReadOnlySpan<double> util, int m, CancellationToken cancellationToken = default)
    {
        var voters = w.Length;
        var c = new double[m * m];
        // Option-major copy, so the inner loop over voters reads both options sequentially.
        var byOption = new double[m * voters];
        for (var k = 0; k < voters; k++)
            for (var i = 0; i < m; i++) byOption[i * voters + k] = util[k * m + i];
        var weights = w.ToArray();
        // Row i writes only the pairs (i, j<i), each summed over voters in the same order, so the result
        // is the same whether rows run in parallel or not.
        void Row(int i)
        {
            var ui = byOption.AsSpan(i * voters, voters);
            for (var j = 0; j < i; j++)
            {
                var uj = byOption.AsSpan(j * voters, voters);
                double cij = MinCoalition, cji = MinCoalition;
                if (rule == VotingRule.Proportional)
                {
                    for (var k = 0; k < voters; k++)
                    {
                        // Branch-free; adding +0 leaves the (positive) sums unchanged.
                        var v = weights[k] * (ui[k] - uj[k]);
                        cij += double.MaxNative(v, 0);
                        cji += double.MaxNative(-v, 0);
                    }
                }
                else
                {
                    for (var k = 0; k < voters; k++)
                    {
                        var v = Vote(rule, weights[k], ui[k], uj[k]);
                        if (v > 0) cij += v;
                        if (v < 0) cji -= v;
                    }
                }
                c[i * m + j] = cij;
                c[j * m + i] = cji;
            }
            c[i * m + i] = MinCoalition;
        }
        if ((long)m * m * voters >= ParallelWork) Parallel.For(0, m, new ParallelOptions { CancellationToken = cancellationToken }, Row);
        else for (var i = 0; i < m; i++) Row(i);
        return c;
    }

    /// <summary>Below this many vote evaluations a loop is not worth spreading over threads.</summary>
    private const long ParallelWork = 200_000;

    public static double[] VictoryMatrix(VictoryProbModel model, double[] c, int m)
    {
        var p = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var pij = VictoryProbability(model, c[i * m + j], c[j * m + i]);
                p[i * m + j] = pij;
                p[j * m + i] = 1 - pij;
            }
            p[i * m + i] = 0.5;
        }
        return p;
    }

    /// <summary>Probability that each of m options is the Condorcet winner, from coalition strengths.</summary>
    public static double[] Pce(PceModel pce, VictoryProbModel vpm, double[] coalitions, int m)
    {
        var v = VictoryMatrix(vpm, coalitions, m);
        return pce switch
        {
            PceModel.Conditional => ConditionalPce(v, m),
            PceModel.MarkovUniform => MarkovUniformPce(v, m),
            PceModel.MarkovIncentive => MarkovIncentivePce(v, coalitions, m),
            _ => throw new ArgumentOutOfRangeException(nameof(pce)),
        };
    }

    private static double[] ConditionalPce(double[] v, int m)
    {
        var p = new double[m];
        var total = 0.0;
        for (var i = 0; i < m; i++)
        {
            var pi = 1.0;
            for (var j = 0; j < m; j++) pi *= v[i * m + j];
            p[i] = pi;
            total += pi;
        }
        for (var i = 0; i < m; i++) p[i] /= total;
        return p;
    }

    private static double[] MarkovUniformPce(double[] v, int m)
    {
        var p = Uniform(m);
        var q = new double[m];
        for (var iter = 0; iter < MaxMarkovIterations; iter++)
        {
            var change = 0.0;
            for (var i = 0; i < m; i++)
            {
                var pi = 0.0;
                for (var j = 0; j < m; j++) pi += v[i * m + j] * (p[i] + p[j]);
                q[i] = pi / m;
                change = Math.Max(change, Math.Abs(q[i] - p[i]));
            }
            for (var i = 0; i < m; i++) p[i] = (p[i] + q[i]) / 2;
            if (change <= 1e-6) break;
        }
        return p;
    }

    private static double[] MarkovIncentivePce(double[] v, double[] c, int m)
    {
        // incentive[i,j] = c[i,j]·v[i,j]: how much support i can rally against the current favourite j.
        var challenge = new double[m * m];
        for (var j = 0; j < m; j++)
        {
            var sum = 0.0;
            for (var k = 0; k < m; k++) sum += Incentive(k, j);
            for (var i = 0; i < m; i++) challenge[i * m + j] = Incentive(i, j) / sum;
        }
        double Incentive(int i, int j) => c[i * m + j] * v[i * m + j] + (i == j ? 1e-10 : 0);

        var p = Uniform(m);
        var q = new double[m];
        for (var iter = 0; iter < MaxMarkovIterations; iter++)
        {
            var change = 0.0;
            for (var i = 0; i < m; i++)
            {
                var qi = 0.0;
                for (var j = 0; j < m; j++)
                {
                    // p_i·P[j challenges i] + p_j·P[i challenges j], won by i with probability v[i,j].
                    qi += v[i * m + j] * (p[i] * challenge[j * m + i] + p[j] * challenge[i * m + j]);
                }
                q[i] = qi;
                change = Math.Max(change, Math.Abs(q[i] - p[i]));
            }
            for (var i = 0; i < m; i++) p[i] = (p[i] + q[i]) / 2;
            if (change <= 1e-8) break;
        }
        return p;
    }

    private const int MaxMarkovIterations = 10_000;

    private static double[] Uniform(int m)
    {
        var p = new double[m];
        Array.Fill(p, 1.0 / m);
        return p;
    }

    /// <summary>Maps PCE probabilities to risk attitudes on the chosen range (KTAB bigRfromProb).</summary>
    public static double[] BigRFromProbability(ReadOnlySpan<double> p, BigRRange range)
    {
        double min = 1, max = 0;
        foreach (var x in p)
        {
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }
        var r = new double[p.Length];
        if (max - min <= 1e-12) return r; // everyone equally placed: risk neutral
        for (var i = 0; i < p.Length; i++)
        {
            r[i] = range switch
            {
                BigRRange.Min => (p[i] - min) / (max - min),
                BigRRange.Mid => (3 * p[i] - (max + 2 * min)) / (2 * (max - min)),
                BigRRange.Max => (2 * p[i] - (max + min)) / (max - min),
                _ => throw new ArgumentOutOfRangeException(nameof(range)),
            };
        }
        return r;
    }

    /// <summary>h's estimate of i's risk attitude.</summary>
    public static double EstimateRisk(double rh, double ri, BigRAdjust adjust) => adjust switch
    {
        BigRAdjust.Full => ri,
        BigRAdjust.TwoThirds => (rh + 2 * ri) / 3,
        BigRAdjust.Half => (rh + ri) / 2,
        BigRAdjust.OneThird => (2 * rh + ri) / 3,
        BigRAdjust.None => rh,
        _ => throw new ArgumentOutOfRangeException(nameof(adjust)),
    };
}
