namespace Parley.Bargaining;

/// <summary>
/// Offline dominance counting: for each query threshold t, the total weight of the points p with p ≥ t in
/// every dimension. One dimension is a sorted suffix sum; two are a sweep over the first dimension with a
/// Fenwick tree over the second; each further dimension is removed by divide and conquer (split the
/// merged list on that dimension: queries on the low side meet points on the high side with that
/// dimension already satisfied). O(n log^(d−1) n) for n queries and points.
/// </summary>
public static class DominanceCounter
{
    private const int BruteForcePairs = 512;

    public static long[] Count(int dimensions, long[] thresholds, long[] points, long[] weights)
    {
        var d = dimensions;
        var queryCount = d == 0 ? thresholds.Length : thresholds.Length / d;
        var pointCount = weights.Length;
        var result = new long[queryCount];
        if (queryCount == 0 || pointCount == 0) return result;
        if (d == 0)
        {
            var total = weights.Sum();
            Array.Fill(result, total);
            return result;
        }
        var queries = Enumerable.Range(0, queryCount).ToArray();
        var pts = Enumerable.Range(0, pointCount).ToArray();
        var context = new Context(d, thresholds, points, weights, result);
        if (d == 1) context.OneDimension(queries, pts);
        else context.Solve(queries, pts, 0);
        return result;
    }

    private sealed class Context(int d, long[] thresholds, long[] points, long[] weights, long[] result)
    {
        public void OneDimension(int[] queries, int[] pts)
        {
            var values = pts.Select(p => points[p]).ToArray();
            var w = pts.Select(p => weights[p]).ToArray();
            Array.Sort(values, w);
            var suffix = new long[values.Length + 1];
            for (var i = values.Length - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + w[i];
            foreach (var q in queries) result[q] += suffix[LowerBound(values, thresholds[q])];
        }

        public void Solve(int[] queries, int[] pts, int dim)
        {
            if (queries.Length == 0 || pts.Length == 0) return;
            if ((long)queries.Length * pts.Length <= BruteForcePairs)
            {
                BruteForce(queries, pts, dim);
                return;
            }
            if (dim == d - 2)
            {
                Sweep(queries, pts, dim);
                return;
            }
            // Merge on this dimension, queries before points at equal values (t ≤ p must count).
            var merged = new (long Value, bool IsPoint, int Id)[queries.Length + pts.Length];
            var n = 0;
            foreach (var q in queries) merged[n++] = (thresholds[q * d + dim], false, q);
            foreach (var p in pts) merged[n++] = (points[p * d + dim], true, p);
            Array.Sort(merged, (a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value) : a.IsPoint.CompareTo(b.IsPoint));
            var mid = merged.Length / 2;
            var lowQueries = merged[..mid].Where(x => !x.IsPoint).Select(x => x.Id).ToArray();
            var lowPoints = merged[..mid].Where(x => x.IsPoint).Select(x => x.Id).ToArray();
            var highQueries = merged[mid..].Where(x => !x.IsPoint).Select(x => x.Id).ToArray();
            var highPoints = merged[mid..].Where(x => x.IsPoint).Select(x => x.Id).ToArray();
            Solve(lowQueries, highPoints, dim + 1);
            Solve(lowQueries, lowPoints, dim);
            Solve(highQueries, highPoints, dim);
        }

        private void BruteForce(int[] queries, int[] pts, int dim)
        {
            foreach (var q in queries)
            {
                long sum = 0;
                foreach (var p in pts)
                {
                    var ok = true;
                    for (var k = dim; k < d && ok; k++) ok = points[p * d + k] >= thresholds[q * d + k];
                    if (ok) sum += weights[p];
                }
                result[q] += sum;
            }
        }

        /// <summary>Last two dimensions: descending sweep on <paramref name="dim"/>, Fenwick tree over dim+1.</summary>
        private void Sweep(int[] queries, int[] pts, int dim)
        {
            var second = pts.Select(p => points[p * d + dim + 1]).Distinct().ToArray();
            Array.Sort(second);
            var tree = new long[second.Length + 1];
            var events = new (long Value, bool IsPoint, int Id)[queries.Length + pts.Length];
            var n = 0;
            foreach (var q in queries) events[n++] = (thresholds[q * d + dim], false, q);
            foreach (var p in pts) events[n++] = (points[p * d + dim], true, p);
            // Descending, points before queries at equal values.
            Array.Sort(events, (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : b.IsPoint.CompareTo(a.IsPoint));
            foreach (var (_, isPoint, id) in events)
            {
                if (isPoint)
                {
                    // Fenwick over reversed ranks so that a prefix sum is "second value ≥ x".
                    var rank = second.Length - Array.BinarySearch(second, points[id * d + dim + 1]);
                    for (var i = rank; i < tree.Length; i += i & -i) tree[i] += weights[id];
                }
                else
                {
                    var first = LowerBound(second, thresholds[id * d + dim + 1]);
                    long sum = 0;
                    for (var i = second.Length - first; i > 0; i -= i & -i) sum += tree[i];
                    result[id] += sum;
                }
            }
        }
    }

    private static int LowerBound(long[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
