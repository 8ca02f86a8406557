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
        var scratch = new VoteScratch();
        Coalitions(rule, w.ToArray(), util, m, scratch, cancellationToken);
        return scratch.Coalitions.AsSpan(0, m * m).ToArray();
    }

    /// <summary>
    /// <see cref="Coalitions(VotingRule, ReadOnlySpan{double}, ReadOnlySpan{double}, int, CancellationToken)"/>
    /// into <paramref name="scratch"/>.Coalitions (row stride m), reusing its buffers.
    /// </summary>
    public static void Coalitions(VotingRule rule, double[] weights, ReadOnlySpan<double> util, int m, VoteScratch scratch, CancellationToken cancellationToken = default)
    {
        var voters = weights.Length;
        scratch.Ensure(m, voters);
        var c = scratch.Coalitions;
        // Option-major copy, so the inner loop over voters reads both options sequentially.
        var byOption = scratch.ByOption;
        for (var k = 0; k < voters; k++)
            for (var i = 0; i < m; i++) byOption[i * voters + k] = util[k * m + i];
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
    }

    /// <summary>Below this many vote evaluations a loop is not worth spreading over threads.</summary>
    private const long ParallelWork = 200_000;

    public static double[] VictoryMatrix(VictoryProbModel model, double[] c, int m)
    {
        var p = new double[m * m];
        VictoryMatrix(model, c, m, p);
        return p;
    }

    private static void VictoryMatrix(VictoryProbModel model, double[] c, int m, double[] p)
    {
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
    }

    /// <summary>Probability that each of m options is the Condorcet winner, from coalition strengths.</summary>
    public static double[] Pce(PceModel pce, VictoryProbModel vpm, double[] coalitions, int m)
    {
        var scratch = new VoteScratch();
        scratch.Ensure(m, 0);
        return Pce(pce, vpm, coalitions, m, scratch).ToArray();
    }

    /// <summary>
    /// <see cref="Pce(PceModel, VictoryProbModel, double[], int)"/> computed in <paramref name="scratch"/>'s
    /// buffers; the result is a view of scratch.P, valid until the scratch is used again.
    /// </summary>
    public static ReadOnlySpan<double> Pce(PceModel pce, VictoryProbModel vpm, double[] coalitions, int m, VoteScratch scratch)
    {
        scratch.Ensure(m, 0);
        var v = scratch.Victory;
        VictoryMatrix(vpm, coalitions, m, v);
        var p = scratch.P;
        switch (pce)
        {
            case PceModel.Conditional: ConditionalPce(v, m, p); break;
            case PceModel.MarkovUniform: MarkovUniformPce(v, m, p, scratch.Q); break;
            case PceModel.MarkovIncentive: MarkovIncentivePce(v, coalitions, m, scratch.ChallengeTable(m), p, scratch.Q); break;
            default: throw new ArgumentOutOfRangeException(nameof(pce));
        }
        return p.AsSpan(0, m);
    }

    private static void ConditionalPce(double[] v, int m, double[] p)
    {
        var total = 0.0;
        for (var i = 0; i < m; i++)
        {
            var pi = 1.0;
            for (var j = 0; j < m; j++) pi *= v[i * m + j];
            p[i] = pi;
            total += pi;
        }
        for (var i = 0; i < m; i++) p[i] /= total;
    }

    private static void MarkovUniformPce(double[] v, int m, double[] p, double[] q)
    {
        Uniform(p, m);
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
    }

    private static void MarkovIncentivePce(double[] v, double[] c, int m, double[] challenge, double[] p, double[] q)
    {
        // incentive[i,j] = c[i,j]·v[i,j]: how much support i can rally against the current favourite j.
        for (var j = 0; j < m; j++)
        {
            var sum = 0.0;
            for (var k = 0; k < m; k++) sum += Incentive(k, j);
            for (var i = 0; i < m; i++) challenge[i * m + j] = Incentive(i, j) / sum;
        }
        double Incentive(int i, int j) => c[i * m + j] * v[i * m + j] + (i == j ? 1e-10 : 0);

        Uniform(p, m);
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
    }

    private const int MaxMarkovIterations = 10_000;

    private static void Uniform(double[] p, int m) => Array.Fill(p, 1.0 / m, 0, m);

    /// <summary>Maps PCE probabilities to risk attitudes on the chosen range (KTAB bigRfromProb).</summary>
    public static double[] BigRFromProbability(ReadOnlySpan<double> p, BigRRange range)
    {
        var r = new double[p.Length];
        BigRFromProbability(p, range, r);
        return r;
    }

    /// <summary><see cref="BigRFromProbability(ReadOnlySpan{double}, BigRRange)"/> into r (p.Length long).</summary>
    public static void BigRFromProbability(ReadOnlySpan<double> p, BigRRange range, Span<double> r)
    {
        double min = 1, max = 0;
        foreach (var x in p)
        {
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }
        if (max - min <= 1e-12)
        {
            r.Clear(); // everyone equally placed: risk neutral
            return;
        }
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

/// <summary>
/// Buffers for one coalition-and-PCE evaluation, grown on demand and reused across calls so a run's
/// many small votes allocate nothing once they have reached their largest size. Not thread-safe: one
/// per thread.
/// </summary>
internal sealed class VoteScratch
{
    public double[] Coalitions { get; private set; } = [];
    public double[] ByOption { get; private set; } = [];
    public double[] Victory { get; private set; } = [];
    public double[] P { get; private set; } = [];
    public double[] Q { get; private set; } = [];

    /// <summary>Room for m options (m×m tables) voted on by the given number of voters.</summary>
    public void Ensure(int m, int voters)
    {
        if (P.Length < m)
        {
            P = new double[m];
            Q = new double[m];
        }
        if (Coalitions.Length < m * m)
        {
            Coalitions = new double[m * m];
            Victory = new double[m * m];
        }
        if (ByOption.Length < m * voters) ByOption = new double[m * voters];
    }

    /// <summary>The m×m table of challenge probabilities (only the Markov-incentive PCE needs one).</summary>
    public double[] ChallengeTable(int m)
    {
        if (_challenge.Length < m * m) _challenge = new double[m * m];
        return _challenge;
    }

    private double[] _challenge = [];
}
