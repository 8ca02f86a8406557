using System.Numerics;

namespace Parley.Bargaining;

/// <summary>
/// The size of the ZOPA: exact (<see cref="IsExact"/>), or an unbiased estimate with a 95% confidence
/// interval [<see cref="Low"/>, <see cref="High"/>] from <see cref="Samples"/> sampled completions.
/// </summary>
public sealed record ZopaCount(bool IsExact, BigInteger Exact, double Estimate, double Low, double High, long Samples, double PackageCount)
{
    public double Value => IsExact ? (double)Exact : Estimate;
    public double Share => PackageCount == 0 ? 0 : Value / PackageCount;

    public override string ToString() => IsExact
        ? $"{Exact} of {PackageCount:G4} packages (exact)"
        : $"≈ {Estimate:G4} of {PackageCount:G4} packages (estimate, 95% CI {Low:G3}–{High:G3}, {Samples} samples)";
}

/// <summary>
/// Counts the ZOPA without listing it (meet in the middle). Options of an issue that look the same to
/// every required party and every red line are one class with a multiplicity; issues that are then
/// constant are factored out. The other issues are split in two halves; each half's partial utility
/// vectors are listed with multiplicities, and a package is a pair (a, b) with a + b ≥ reservation in
/// every dimension: a dominance count of the b's against the thresholds reservation − a. A red line
/// spanning both halves is one bit on each side, and a pair is compatible when no red line has its bit
/// set on both sides. Exact while each half has at most <see cref="ExactHalfLimit"/> partial packages
/// (so at least 1.7·10¹³ packages); beyond that one half is listed exactly and the other sampled
/// uniformly, which gives an unbiased estimate with a confidence interval from the sample variance.
/// </summary>
public static class ZopaCounter
{
    public const long ExactHalfLimit = 1L << 22;
    public const long EstimateExactPartLimit = 1L << 20;
    public const int DefaultSamples = 1 << 16;
    private const int MaxCrossingRedLines = 16;

    public static ZopaCount Count(BargainingProblem problem, bool[][]? allowed = null, int samples = DefaultSamples, int seed = 1,
        CancellationToken cancellation = default) =>
        Count(problem, allowed, samples, seed, ExactHalfLimit, EstimateExactPartLimit, cancellation);

    /// <summary>With explicit limits, so that tests can force the estimate on spaces small enough to check.</summary>
    internal static ZopaCount Count(BargainingProblem problem, bool[][]? allowed, int samples, int seed, long exactHalfLimit, long estimateExactPartLimit,
        CancellationToken cancellation)
    {
        var setup = Setup.Create(problem, allowed);
        var total = problem.OptionCounts.Select((c, i) => allowed is null ? c : allowed[i].Count(a => a)).Aggregate(1.0, (n, c) => n * c);
        if (setup is null) return new ZopaCount(true, BigInteger.Zero, 0, 0, 0, 0, total);

        var sizes = setup.Issues.Select(i => (double)i.Classes.Length).ToArray();
        var totalClasses = sizes.Aggregate(1.0, (a, b) => a * b);
        // Balanced split: the first half takes issues while its product stays below the square root.
        var split = 0;
        var left = 1.0;
        while (split < sizes.Length && left * sizes[split] <= Math.Sqrt(totalClasses) * 1.0001) left *= sizes[split++];
        var right = totalClasses / left;
        if (right > exactHalfLimit && split < sizes.Length && left * sizes[split] <= exactHalfLimit)
        {
            // Move issues left while that still keeps both within reach.
            while (split < sizes.Length && left * sizes[split] <= exactHalfLimit && right > exactHalfLimit)
            {
                left *= sizes[split];
                right /= sizes[split];
                split++;
            }
        }
        if (left <= exactHalfLimit && right <= exactHalfLimit)
            return CountExact(setup, split, total, cancellation);

        // Estimate: list the first issues exactly, sample the rest.
        split = 0;
        left = 1.0;
        while (split < sizes.Length && left * sizes[split] <= estimateExactPartLimit) left *= sizes[split++];
        return Estimate(setup, split, total, samples, seed, cancellation);
    }

    private static ZopaCount CountExact(Setup setup, int split, double total, CancellationToken cancellation)
    {
        var a = setup.ListHalf(0, split, includeOffset: true);
        cancellation.ThrowIfCancellationRequested();
        var b = setup.ListHalf(split, setup.Issues.Length, includeOffset: false);
        cancellation.ThrowIfCancellationRequested();
        Int128 sum = 0;
        var perQuery = PairCounts(setup, a, b);
        for (var q = 0; q < a.Count; q++) sum += (Int128)a.Weights[q] * perQuery[q];
        return new ZopaCount(true, (BigInteger)sum * setup.Factor, 0, 0, 0, 0, total);
    }

    private static ZopaCount Estimate(Setup setup, int split, double total, int samples, int seed, CancellationToken cancellation)
    {
        var exact = setup.ListHalf(0, split, includeOffset: true);
        cancellation.ThrowIfCancellationRequested();
        var sampled = setup.Sample(split, samples, new Random(seed));
        // The sampled completions are the queries here: each gets the exact number of listed partners.
        var perSample = PairCounts(setup, sampled, exact);
        var mean = perSample.Average(c => (double)c);
        var variance = perSample.Sum(c => (c - mean) * (c - mean)) / Math.Max(1, samples - 1);
        var scale = setup.SampledSpace(split) * (double)setup.Factor;
        var halfWidth = 1.96 * Math.Sqrt(variance / samples) * scale;
        var estimate = mean * scale;
        var high = estimate + halfWidth;
        if (perSample.All(c => c == 0))
            high = 3.0 / samples * exact.Weights.Sum() * scale; // rule of three: no sample met the zone
        return new ZopaCount(false, BigInteger.Zero, estimate, Math.Max(0, estimate - halfWidth), high, samples, total);
    }

    /// <summary>For each entry of <paramref name="queries"/>, the weight of the compatible entries of <paramref name="points"/> that complete it into the zone.</summary>
    private static long[] PairCounts(Setup setup, HalfList queries, HalfList points)
    {
        var d = setup.Dimensions;
        var result = new long[queries.Count];
        var pointGroups = Enumerable.Range(0, points.Count).GroupBy(i => points.Masks[i]).ToList();
        foreach (var queryGroup in Enumerable.Range(0, queries.Count).GroupBy(i => queries.Masks[i]))
        {
            var mask = queryGroup.Key;
            var compatible = pointGroups.Where(g => (g.Key & mask) == 0).SelectMany(g => g).ToArray();
            var qIds = queryGroup.ToArray();
            var thresholds = new long[qIds.Length * d];
            for (var i = 0; i < qIds.Length; i++)
                for (var k = 0; k < d; k++) thresholds[i * d + k] = setup.Reservations[k] - queries.Vectors[qIds[i] * d + k];
            var pts = new long[compatible.Length * d];
            var weights = new long[compatible.Length];
            for (var i = 0; i < compatible.Length; i++)
            {
                Array.Copy(points.Vectors, compatible[i] * d, pts, i * d, d);
                weights[i] = points.Weights[compatible[i]];
            }
            var counts = DominanceCounter.Count(d, thresholds, pts, weights);
            for (var i = 0; i < qIds.Length; i++) result[qIds[i]] = counts[i];
        }
        return result;
    }

    /// <summary>Partial packages of some issues: vectors, crossing red-line bits and multiplicities.</summary>
    private sealed record HalfList(int Count, long[] Vectors, ulong[] Masks, long[] Weights);

    /// <summary>An issue as the counter sees it: classes of equivalent options, each with a multiplicity.</summary>
    private sealed record IssueClasses(int Issue, int[] Classes, long[] Multiplicity, int AllowedCount, int[] AllowedOptions);

    private sealed class Setup
    {
        public required int Dimensions;
        public required long[] Reservations;
        public required BargainingProblem Problem;
        public required IssueClasses[] Issues;
        public required long[] Offset;
        public required BigInteger Factor;
        /// <summary>Coupling red lines: per red line, per issue in it, the options that satisfy its condition.</summary>
        public required List<Dictionary<int, bool[]>> RedLines;

        public static Setup? Create(BargainingProblem problem, bool[][]? allowed)
        {
            var d = problem.Dimensions;
            var redLines = new List<Dictionary<int, bool[]>>();
            var forbidden = problem.OptionCounts.Select(c => new bool[c]).ToArray();
            foreach (var r in problem.RedLines)
            {
                var byIssue = new Dictionary<int, bool[]>();
                for (var c = 0; c < r.Issues.Length; c++)
                    byIssue[r.Issues[c]] = byIssue.TryGetValue(r.Issues[c], out var m) ? m.Zip(r.Options[c], (x, y) => x && y).ToArray() : (bool[])r.Options[c].Clone();
                if (byIssue.Count == 1)
                {
                    var (issue, options) = byIssue.First();
                    for (var o = 0; o < options.Length; o++) forbidden[issue][o] |= options[o];
                }
                else redLines.Add(byIssue);
            }

            var offset = new long[d];
            var factor = BigInteger.One;
            var issues = new List<IssueClasses>();
            var touched = new bool[problem.IssueCount];
            foreach (var r in redLines)
                foreach (var i in r.Keys) touched[i] = true;
            // Keep the issues of each red line together so that a balanced split crosses few red lines.
            var order = new List<int>();
            foreach (var r in redLines.OrderBy(r => r.Keys.Min()))
                foreach (var i in r.Keys.Order())
                    if (!order.Contains(i)) order.Add(i);
            order.AddRange(Enumerable.Range(0, problem.IssueCount).Where(i => !order.Contains(i)));

            foreach (var issue in order)
            {
                var options = Enumerable.Range(0, problem.OptionCounts[issue])
                    .Where(o => !forbidden[issue][o] && (allowed is null || allowed[issue][o])).ToArray();
                if (options.Length == 0) return null;
                var groups = options.GroupBy(o => Key(problem, redLines, issue, o)).ToList();
                if (groups.Count == 1 && !touched[issue])
                {
                    var o = options[0];
                    for (var k = 0; k < d; k++) offset[k] += problem.Contributions[issue][o * d + k];
                    factor *= options.Length;
                    continue;
                }
                issues.Add(new IssueClasses(issue, groups.Select(g => g.First()).ToArray(), groups.Select(g => (long)g.Count()).ToArray(), options.Length, options));
            }
            return new Setup
            {
                Dimensions = d, Reservations = problem.Reservations, Problem = problem, Issues = [.. issues], Offset = offset,
                Factor = factor, RedLines = redLines,
            };
        }

        private static string Key(BargainingProblem problem, List<Dictionary<int, bool[]>> redLines, int issue, int option)
        {
            var d = problem.Dimensions;
            var parts = Enumerable.Range(0, d).Select(k => problem.Contributions[issue][option * d + k].ToString()).ToList();
            for (var r = 0; r < redLines.Count; r++)
                if (redLines[r].TryGetValue(issue, out var mask)) parts.Add(mask[option] ? $"r{r}" : $"n{r}");
            return string.Join(",", parts);
        }

        public double SampledSpace(int from) => Issues.Skip(from).Aggregate(1.0, (n, i) => n * i.AllowedCount);

        /// <summary>Red lines with issues on both sides of the split, numbered for the bit masks; the others are checked inside a half.</summary>
        private (List<int> Crossing, List<int> Inside) Classify(int from, int to)
        {
            var inHalf = new HashSet<int>(Issues[from..to].Select(i => i.Issue));
            var crossing = new List<int>();
            var inside = new List<int>();
            for (var r = 0; r < RedLines.Count; r++)
            {
                var count = RedLines[r].Keys.Count(inHalf.Contains);
                if (count == RedLines[r].Count) inside.Add(r);
                else if (count > 0) crossing.Add(r);
            }
            return (crossing, inside);
        }

        private List<int> AllCrossing(int split)
        {
            var left = new HashSet<int>(Issues[..split].Select(i => i.Issue));
            var crossing = new List<int>();
            for (var r = 0; r < RedLines.Count; r++)
            {
                var count = RedLines[r].Keys.Count(left.Contains);
                if (count > 0 && count < RedLines[r].Count) crossing.Add(r);
            }
            if (crossing.Count > MaxCrossingRedLines)
                throw new NotSupportedException($"{crossing.Count} red lines couple the two halves of the issues; the counter handles at most {MaxCrossingRedLines}");
            return crossing;
        }

        public HalfList ListHalf(int from, int to, bool includeOffset)
        {
            var d = Dimensions;
            var split = includeOffset ? to : from;
            var crossing = AllCrossing(split);
            var (_, inside) = Classify(from, to);
            var issues = Issues[from..to];
            var vectors = new List<long>();
            var masks = new List<ulong>();
            var weights = new List<long>();
            var choice = new int[Problem.IssueCount];
            var vector = new long[d];
            if (includeOffset) Array.Copy(Offset, vector, d);
            Recurse(0, 1);
            return Merge(new HalfList(masks.Count, [.. vectors], [.. masks], [.. weights]), d);

            void Recurse(int depth, long weight)
            {
                if (depth == issues.Length)
                {
                    foreach (var r in inside)
                        if (RedLines[r].All(kv => kv.Value[choice[kv.Key]])) return;
                    vectors.AddRange(vector);
                    masks.Add(CrossingMask(crossing, issues, choice));
                    weights.Add(weight);
                    return;
                }
                var ic = issues[depth];
                for (var c = 0; c < ic.Classes.Length; c++)
                {
                    var o = ic.Classes[c];
                    choice[ic.Issue] = o;
                    for (var k = 0; k < d; k++) vector[k] += Problem.Contributions[ic.Issue][o * d + k];
                    Recurse(depth + 1, weight * ic.Multiplicity[c]);
                    for (var k = 0; k < d; k++) vector[k] -= Problem.Contributions[ic.Issue][o * d + k];
                }
            }
        }

        /// <summary>
        /// Bit b is set when this half's settled issues satisfy every condition it holds of crossing red line b,
        /// so the line is hit exactly when both halves set the bit.
        /// </summary>
        private ulong CrossingMask(List<int> crossing, ReadOnlySpan<IssueClasses> issues, int[] choice)
        {
            ulong mask = 0;
            for (var b = 0; b < crossing.Count; b++)
            {
                var all = true;
                foreach (var (issue, options) in RedLines[crossing[b]])
                {
                    if (!Contains(issues, issue) || options[choice[issue]]) continue;
                    all = false;
                    break;
                }
                if (all) mask |= 1UL << b;
            }
            return mask;
        }

        private static bool Contains(ReadOnlySpan<IssueClasses> issues, int issue)
        {
            foreach (var x in issues)
                if (x.Issue == issue) return true;
            return false;
        }

        /// <summary>Uniform completions of the issues from <paramref name="from"/> on; a completion that hits a red line among them gets weight zero.</summary>
        public HalfList Sample(int from, int count, Random random)
        {
            var d = Dimensions;
            var crossing = AllCrossing(from);
            var (_, inside) = Classify(from, Issues.Length);
            var issues = Issues[from..];
            var vectors = new long[count * d];
            var masks = new ulong[count];
            var weights = new long[count];
            var choice = new int[Problem.IssueCount];
            for (var s = 0; s < count; s++)
            {
                foreach (var ic in issues)
                {
                    var o = ic.AllowedOptions[random.Next(ic.AllowedOptions.Length)];
                    choice[ic.Issue] = o;
                    for (var k = 0; k < d; k++) vectors[s * d + k] += Problem.Contributions[ic.Issue][o * d + k];
                }
                var hit = inside.Any(r => RedLines[r].All(kv => kv.Value[choice[kv.Key]]));
                // A hit sample stays in the average with no partners: push it out of reach.
                if (hit) for (var k = 0; k < d; k++) vectors[s * d + k] = long.MinValue / 4;
                masks[s] = CrossingMask(crossing, issues, choice);
                weights[s] = 1;
            }
            return new HalfList(count, vectors, masks, weights);
        }

        private static HalfList Merge(HalfList list, int d)
        {
            var index = Enumerable.Range(0, list.Count).ToArray();
            Array.Sort(index, (a, b) =>
            {
                var c = list.Masks[a].CompareTo(list.Masks[b]);
                for (var k = 0; c == 0 && k < d; k++) c = list.Vectors[a * d + k].CompareTo(list.Vectors[b * d + k]);
                return c;
            });
            var vectors = new List<long>(list.Vectors.Length);
            var masks = new List<ulong>(list.Count);
            var weights = new List<long>(list.Count);
            foreach (var i in index)
            {
                var n = masks.Count;
                if (n > 0 && masks[n - 1] == list.Masks[i] && Same(vectors, (n - 1) * d, list.Vectors, i * d, d))
                {
                    weights[n - 1] += list.Weights[i];
                    continue;
                }
                for (var k = 0; k < d; k++) vectors.Add(list.Vectors[i * d + k]);
                masks.Add(list.Masks[i]);
                weights.Add(list.Weights[i]);
            }
            return new HalfList(masks.Count, [.. vectors], [.. masks], [.. weights]);
        }

        private static bool Same(List<long> a, int aStart, long[] b, int bStart, int d)
        {
            for (var k = 0; k < d; k++)
                if (a[aStart + k] != b[bStart + k]) return false;
            return true;
        }
    }
}
