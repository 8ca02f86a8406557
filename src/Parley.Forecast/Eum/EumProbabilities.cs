namespace Parley.Forecast.Eum;

/// <summary>
/// The expected-utility model's probabilities of success on one dimension:
/// P[i,j] = Σ_k max(0, v_k) / Σ_k |v_k| with v_k = w_k (|x_k − x_j| − |x_k − x_i|) and w_k = c_k s_k
/// (0.5 when the denominator is 0, e.g. x_i = x_j). <see cref="Direct"/> sums over every voter for every
/// pair, O(n³); <see cref="Sorted"/> gives the same numbers in O(n²) (docs/forecast.md, "Performance").
/// </summary>
internal static class EumProbabilities
{
    /// <summary>The definition, voter by voter: the slow reference the engine used before, kept for tests.</summary>
    public static void Direct(double[] x, double[] w, double[] p, ParallelOptions parallel)
    {
        var n = x.Length;
        Parallel.For(0, n, parallel, i =>
        {
            var xi = x[i];
            for (var j = 0; j < n; j++)
            {
                if (i == j) { p[i * n + j] = 0.5; continue; }
                var xj = x[j];
                double favour = 0, total = 0;
                for (var k = 0; k < n; k++)
                {
                    var v = w[k] * (Math.Abs(x[k] - xj) - Math.Abs(x[k] - xi));
                    // Branch-free: the sign is data-dependent; adding +0 leaves the sum unchanged bit for bit.
                    favour += double.MaxNative(v, 0);
                    total += Math.Abs(v);
                }
                p[i * n + j] = total > 0 ? favour / total : 0.5;
            }
        });
    }

    /// <summary>
    /// The same probabilities from the distinct positions u_0 &lt; … &lt; u_{m−1} (weights of actors at one
    /// position added up). For a &lt; b, with d = u_b − u_a and μ = (u_a + u_b)/2, a voter at x votes
    /// d for u_a if x ≤ u_a, d against it if x ≥ u_b, and d − 2(x − u_a) in between: for u_a when x &lt; μ,
    /// against when x &gt; μ, nothing at μ. So the sums split into four runs of consecutive positions:
    /// the weight at or left of u_a times d, the weight at or right of u_b times d, and the two halves of
    /// the gap, which need Σw and Σw(x − u_a) over a run. For each a those come from running sums over
    /// b &gt; a, measured from u_a so that nothing large cancels when u_a and u_b are close; the split
    /// points move right as b does. O(m²) per dimension, each pair computed once, by one thread.
    /// </summary>
    /// <param name="workspace">Buffers reused round after round (null: allocated for this call).</param>
    public static void Sorted(double[] x, double[] w, double[] p, ParallelOptions parallel, Workspace? workspace = null)
    {
        var n = x.Length;
        var ws = workspace ?? new Workspace(n);
        var order = ws.Order;
        var keys = ws.Keys;
        var rank = ws.Rank;
        var u = ws.Positions;
        var weight = ws.Weight;
        var left = ws.Left;
        var right = ws.Right;
        for (var i = 0; i < n; i++) order[i] = i;
        x.CopyTo(keys, 0);
        Array.Sort(keys, order);

        // Distinct positions, their total weight, and each actor's position rank.
        Array.Clear(weight);
        var m = 0;
        for (var r = 0; r < n; r++)
        {
            if (m == 0 || keys[r] != u[m - 1]) u[m++] = keys[r];
            weight[m - 1] += w[order[r]];
            rank[order[r]] = m - 1;
        }

        // Weight at or left of u_a, and at or right of u_b: sums of non-negative terms, no subtraction.
        left[0] = weight[0];
        for (var a = 1; a < m; a++) left[a] = left[a - 1] + weight[a];
        right[m - 1] = weight[m - 1];
        for (var b = m - 2; b >= 0; b--) right[b] = right[b + 1] + weight[b];

        var pu = ws.Pairs;
        Parallel.For(0, m, parallel, () => new double[2 * (m + 1)], (a, _, buffer) =>
        {
            pu[a * m + a] = 0.5;
            var ua = u[a];
            // gapWeight[t] = Σ weight over a < k < a+1+t; gapMoment[t] = Σ weight·(u_k − u_a) over the same.
            var gapWeight = buffer.AsSpan(0, m + 1);
            var gapMoment = buffer.AsSpan(m + 1, m + 1);
            gapWeight[0] = 0;
            gapMoment[0] = 0;
            for (var k = a + 1; k < m; k++)
            {
                var t = k - a;
                gapWeight[t] = gapWeight[t - 1] + weight[k];
                gapMoment[t] = gapMoment[t - 1] + weight[k] * (u[k] - ua);
            }
            var below = a + 1; // first k with u_k ≥ μ
            var above = a + 1; // first k with u_k > μ
            for (var b = a + 1; b < m; b++)
            {
                var ub = u[b];
                var d = ub - ua;
                var mid = 0.5 * (ua + ub);
                while (below < b && u[below] < mid) below++;
                if (above < below) above = below;
                while (above < b && u[above] <= mid) above++;
                // Voters strictly between u_a and μ: Σ w (d − 2(x − u_a)); strictly between μ and u_b: Σ w (2(x − u_a) − d).
                var nearA = Math.Max(0, d * gapWeight[below - a - 1] - 2 * gapMoment[below - a - 1]);
                var nearB = Math.Max(0, 2 * (gapMoment[b - a - 1] - gapMoment[above - a - 1]) - d * (gapWeight[b - a - 1] - gapWeight[above - a - 1]));
                var forA = left[a] * d + nearA;
                var forB = right[b] * d + nearB;
                var total = forA + forB;
                pu[a * m + b] = total > 0 ? forA / total : 0.5;
                pu[b * m + a] = total > 0 ? forB / total : 0.5;
            }
            return buffer;
        }, _ => { });

        Parallel.For(0, n, parallel, i =>
        {
            var row = pu.AsSpan(rank[i] * m, m);
            for (var j = 0; j < n; j++) p[i * n + j] = row[rank[j]];
        });
    }

    /// <summary>The buffers of <see cref="Sorted"/> for n actors.</summary>
    internal sealed class Workspace(int n)
    {
        public readonly int[] Order = new int[n];
        public readonly double[] Keys = new double[n];
        public readonly int[] Rank = new int[n];
        public readonly double[] Positions = new double[n];
        public readonly double[] Weight = new double[n];
        public readonly double[] Left = new double[n];
        public readonly double[] Right = new double[n];

        /// <summary>P between distinct positions, m×m with m ≤ n (row stride m).</summary>
        public readonly double[] Pairs = new double[n * n];
    }
}
