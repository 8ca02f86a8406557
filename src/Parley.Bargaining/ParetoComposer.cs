using System.Numerics;

namespace Parley.Bargaining;

/// <summary>
/// What to compose: per issue and option a vector of <see cref="Dimensions"/> grid values to maximise,
/// the red lines that make a package infeasible, optionally which options are allowed, and optionally a
/// floor per dimension that a complete package must reach (partial packages that cannot reach it are
/// dropped early).
/// </summary>
public sealed record CompositionInput(
    int Dimensions,
    int[] OptionCounts,
    long[][] Vectors,
    IReadOnlyList<RedLineMask> RedLines,
    bool[][]? Allowed = null,
    long[]? Floors = null,
    long MaxWork = long.MaxValue);

/// <summary>
/// A composition stopped because it would take more than <see cref="CompositionInput.MaxWork"/> steps (partial
/// packages built plus dominance comparisons): with many dimensions the frontier of partial packages can grow
/// so large that the quadratic filter runs for minutes.
/// </summary>
public sealed class CompositionTooLargeException(long work, long limit, int step, int steps)
    : NotSupportedException($"the exact search stopped after {work:N0} steps at issue {step} of {steps} (limit {limit:N0}): the frontier of partial packages is too large")
{
    public long Work { get; } = work;
    public long Limit { get; } = limit;
}

/// <summary>
/// Exact Pareto frontier of a sum of independent issues, built one issue at a time. After each issue
/// only the partial packages that no other partial package (with the same unresolved red lines) strictly
/// dominates are kept: a strictly dominated prefix stays dominated whatever follows, because the same
/// continuation can be added to its dominator. Partial packages with equal vectors are merged into one
/// node that remembers every way to reach it, so every tied package stays on the frontier without being
/// listed. Red lines that couple issues are carried as one bit per red line still "alive" (all its
/// conditions so far hold); the issues are ordered so that few red lines are open at once.
/// </summary>
public static class ParetoComposer
{
    public const int MaxOpenRedLines = 64;

    public static Composition Compose(CompositionInput input, CancellationToken cancellation = default)
    {
        var plan = CompositionPlan.Create(input);
        var d = input.Dimensions;
        var layers = new List<Layer> { Layer.Root(d) };
        var budget = new Budget(input.MaxWork, plan.Order.Length, cancellation);
        for (var step = 0; step < plan.Order.Length; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            budget.Step = step;
            layers.Add(Extend(layers[^1], plan, step, d, budget));
        }
        return new Composition(d, plan.Order, layers);
    }

    private static Layer Extend(Layer previous, CompositionPlan plan, int step, int d, Budget budget)
    {
        var issue = plan.Order[step];
        var options = plan.Options[step];
        var vectors = plan.Input.Vectors[issue];
        var slack = plan.SuffixBest[step + 1];
        var floors = plan.Input.Floors;

        var capacity = previous.Count * options.Length;
        var candVectors = new long[capacity * d];
        var candMasks = new ulong[capacity];
        var candPrev = new int[capacity];
        var candOption = new int[capacity];
        var n = 0;
        for (var node = 0; node < previous.Count; node++)
        {
            var baseMask = previous.Masks[node];
            foreach (var option in options)
            {
                if (!plan.TryAdvanceMask(step, baseMask, option, out var mask)) continue;
                var reachable = true;
                for (var k = 0; k < d; k++)
                {
                    var v = previous.Vectors[node * d + k] + vectors[option * d + k];
                    candVectors[n * d + k] = v;
                    if (floors is not null && v + slack[k] < floors[k]) reachable = false;
                }
                if (!reachable) continue;
                candMasks[n] = mask;
                candPrev[n] = node;
                candOption[n] = option;
                n++;
            }
        }

        budget.Spend(n);
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            var c = candMasks[a].CompareTo(candMasks[b]);
            if (c != 0) return c;
            for (var k = 0; k < d; k++)
            {
                c = candVectors[b * d + k].CompareTo(candVectors[a * d + k]);
                if (c != 0) return c;
            }
            return a.CompareTo(b);
        });

        var builder = new LayerBuilder(d, Math.Min(n, 1024));
        var groupStart = 0;
        while (groupStart < n)
        {
            var groupEnd = groupStart + 1;
            while (groupEnd < n && candMasks[order[groupEnd]] == candMasks[order[groupStart]]) groupEnd++;
            if (d == 2) Filter2D(order, groupStart, groupEnd, candVectors, candMasks, candPrev, candOption, builder);
            else if (d == 3) Filter3D(order, groupStart, groupEnd, candVectors, candMasks, candPrev, candOption, builder);
            else FilterGeneral(order, groupStart, groupEnd, d, candVectors, candMasks, candPrev, candOption, builder, budget);
            groupStart = groupEnd;
        }
        return builder.Build();
    }

    /// <summary>Candidates sorted by (u0 desc, u1 desc): a run of equal u0 survives only through its first point, and only if its u1 beats every point with larger u0.</summary>
    private static void Filter2D(int[] order, int start, int end, long[] vectors, ulong[] masks, int[] prev, int[] option, LayerBuilder builder)
    {
        var bestU1 = long.MinValue;
        var i = start;
        while (i < end)
        {
            var head = order[i];
            var u0 = vectors[head * 2];
            var u1 = vectors[head * 2 + 1];
            var keep = u1 > bestU1;
            if (keep)
            {
                builder.StartNode(vectors.AsSpan(head * 2, 2), masks[head]);
                bestU1 = u1;
            }
            while (i < end && vectors[order[i] * 2] == u0)
            {
                var c = order[i];
                if (keep && vectors[c * 2 + 1] == u1) builder.AddEdge(prev[c], option[c]);
                i++;
            }
        }
    }

    /// <summary>
    /// Candidates sorted lexicographically descending, so every earlier kept point is at least as good on
    /// u0; a candidate is dominated when some kept point is at least as good on (u1, u2). The kept
    /// points' (u1, u2) staircase (u2 falling as u1 rises) answers that with one binary search.
    /// </summary>
    private static void Filter3D(int[] order, int start, int end, long[] vectors, ulong[] masks, int[] prev, int[] option, LayerBuilder builder)
    {
        var stairU1 = new List<long>();
        var stairU2 = new List<long>();
        var last = -1;
        for (var i = start; i < end; i++)
        {
            var c = order[i];
            var v = vectors.AsSpan(c * 3, 3);
            if (last >= 0 && v.SequenceEqual(vectors.AsSpan(last * 3, 3)))
            {
                builder.AddEdge(prev[c], option[c]);
                continue;
            }
            var at = stairU1.BinarySearch(v[1]);
            var first = at >= 0 ? at : ~at; // first step with u1 ≥ v[1]; it has the largest u2 among those
            if (first < stairU1.Count && stairU2[first] >= v[2]) continue;
            // Insert, removing steps that the new point covers (u1 ≤ v1 and u2 ≤ v2).
            var from = first;
            if (at >= 0) { stairU1.RemoveAt(at); stairU2.RemoveAt(at); }
            var remove = from - 1;
            while (remove >= 0 && stairU2[remove] <= v[2]) remove--;
            var count = from - 1 - remove;
            if (count > 0)
            {
                stairU1.RemoveRange(remove + 1, count);
                stairU2.RemoveRange(remove + 1, count);
                from = remove + 1;
            }
            stairU1.Insert(from, v[1]);
            stairU2.Insert(from, v[2]);
            last = c;
            builder.StartNode(v, masks[c]);
            builder.AddEdge(prev[c], option[c]);
        }
    }

    /// <summary>Candidates sorted lexicographically descending: a dominator always comes before what it dominates, and equal vectors are adjacent.</summary>
    private static void FilterGeneral(int[] order, int start, int end, int d, long[] vectors, ulong[] masks, int[] prev, int[] option, LayerBuilder builder, Budget budget)
    {
        var kept = new List<int>();
        for (var i = start; i < end; i++)
        {
            budget.Spend(kept.Count);
            var c = order[i];
            var v = vectors.AsSpan(c * d, d);
            if (kept.Count > 0 && v.SequenceEqual(vectors.AsSpan(kept[^1] * d, d)))
            {
                builder.AddEdge(prev[c], option[c]);
                continue;
            }
            var dominated = false;
            foreach (var k in kept)
                if (WeaklyDominates(vectors.AsSpan(k * d, d), v)) { dominated = true; break; }
            if (dominated) continue;
            kept.Add(c);
            builder.StartNode(v, masks[c]);
            builder.AddEdge(prev[c], option[c]);
        }
    }

    /// <summary>Counts the work of one composition against its limit, and checks for cancellation every so often.</summary>
    private sealed class Budget(long limit, int steps, CancellationToken cancellation)
    {
        private long _work;
        private long _nextCheck = 1 << 20;
        public int Step;

        public void Spend(long work)
        {
            _work += work;
            if (_work < _nextCheck) return;
            _nextCheck = _work + (1 << 20);
            cancellation.ThrowIfCancellationRequested();
            if (_work > limit) throw new CompositionTooLargeException(_work, limit, Step + 1, steps);
        }
    }

    internal static bool WeaklyDominates(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        for (var k = 0; k < a.Length; k++)
            if (a[k] < b[k]) return false;
        return true;
    }

    /// <summary>Nodes of one step: vectors, open red-line bits, and the (previous node, option) edges that reach each node.</summary>
    internal sealed class Layer
    {
        public required int Count;
        public required long[] Vectors;
        public required ulong[] Masks;
        public required int[] EdgeStart;
        public required int[] EdgePrev;
        public required int[] EdgeOption;

        public static Layer Root(int d) => new()
        {
            Count = 1, Vectors = new long[d], Masks = [0], EdgeStart = [0, 0], EdgePrev = [], EdgeOption = [],
        };
    }

    private sealed class LayerBuilder(int d, int capacity)
    {
        private readonly List<long> _vectors = new(capacity * d);
        private readonly List<ulong> _masks = new(capacity);
        private readonly List<int> _edgeStart = new(capacity + 1);
        private readonly List<int> _edgePrev = new(capacity);
        private readonly List<int> _edgeOption = new(capacity);

        public void StartNode(ReadOnlySpan<long> vector, ulong mask)
        {
            foreach (var v in vector) _vectors.Add(v);
            _masks.Add(mask);
            _edgeStart.Add(_edgePrev.Count);
        }

        public void AddEdge(int prev, int option)
        {
            _edgePrev.Add(prev);
            _edgeOption.Add(option);
        }

        public Layer Build()
        {
            _edgeStart.Add(_edgePrev.Count);
            return new Layer
            {
                Count = _masks.Count, Vectors = [.. _vectors], Masks = [.. _masks], EdgeStart = [.. _edgeStart],
                EdgePrev = [.. _edgePrev], EdgeOption = [.. _edgeOption],
            };
        }
    }
}

/// <summary>The issue order, the allowed options per step and the red-line bookkeeping for one composition.</summary>
internal sealed class CompositionPlan
{
    public required CompositionInput Input;
    public required int[] Order;
    public required int[][] Options;
    /// <summary>SuffixBest[s][k]: the most dimension k can still gain from steps s onwards (ignoring red lines).</summary>
    public required long[][] SuffixBest;
    private (int Slot, bool[] Options)[][] _starting = [];
    private (int Slot, bool[] Options)[][] _continuing = [];
    private (int Slot, bool[] Options)[][] _ending = [];

    public bool TryAdvanceMask(int step, ulong mask, int option, out ulong next)
    {
        next = mask;
        foreach (var (slot, options) in _starting[step])
            if (options[option]) next |= 1UL << slot;
        foreach (var (slot, options) in _continuing[step])
            if (!options[option]) next &= ~(1UL << slot);
        foreach (var (slot, options) in _ending[step])
        {
            var bit = 1UL << slot;
            if ((next & bit) != 0 && options[option]) return false;
            next &= ~bit;
        }
        return true;
    }

    public static CompositionPlan Create(CompositionInput input)
    {
        var issueCount = input.OptionCounts.Length;
        // Combine the conditions of each red line per issue (a red line may name an issue twice).
        var redLines = input.RedLines.Select(r =>
        {
            var byIssue = new Dictionary<int, bool[]>();
            for (var c = 0; c < r.Issues.Length; c++)
            {
                var issue = r.Issues[c];
                byIssue[issue] = byIssue.TryGetValue(issue, out var m) ? m.Zip(r.Options[c], (a, b) => a && b).ToArray() : (bool[])r.Options[c].Clone();
            }
            return byIssue;
        }).ToList();

        // Red lines on a single issue just forbid options; the others couple issues.
        var forbidden = new bool[issueCount][];
        for (var i = 0; i < issueCount; i++) forbidden[i] = new bool[input.OptionCounts[i]];
        var coupling = new List<Dictionary<int, bool[]>>();
        foreach (var r in redLines)
        {
            if (r.Count == 1)
            {
                var (issue, hitting) = r.First();
                for (var o = 0; o < hitting.Length; o++) forbidden[issue][o] |= hitting[o];
            }
            else if (r.Count > 1) coupling.Add(r);
        }

        var order = ChooseOrder(issueCount, coupling);
        var position = new int[issueCount];
        for (var s = 0; s < order.Length; s++) position[order[s]] = s;
        var touched = new bool[issueCount];
        foreach (var r in coupling)
            foreach (var issue in r.Keys) touched[issue] = true;

        var d = input.Dimensions;
        var options = new int[order.Length][];
        for (var s = 0; s < order.Length; s++)
        {
            var issue = order[s];
            var allowed = Enumerable.Range(0, input.OptionCounts[issue])
                .Where(o => !forbidden[issue][o] && (input.Allowed is null || input.Allowed[issue][o]))
                .ToArray();
            options[s] = touched[issue] ? allowed : DropDominated(allowed, input.Vectors[issue], d);
        }

        var suffix = new long[order.Length + 1][];
        suffix[order.Length] = new long[d];
        for (var s = order.Length - 1; s >= 0; s--)
        {
            suffix[s] = (long[])suffix[s + 1].Clone();
            for (var k = 0; k < d; k++)
            {
                var best = options[s].Length == 0 ? 0 : options[s].Max(o => input.Vectors[order[s]][o * d + k]);
                suffix[s][k] += best;
            }
        }

        var plan = new CompositionPlan { Input = input, Order = order, Options = options, SuffixBest = suffix };
        plan.AssignSlots(coupling, position);
        return plan;
    }

    /// <summary>Options whose vector another option of the same issue strictly dominates can never be on the frontier.</summary>
    private static int[] DropDominated(int[] options, long[] vectors, int d) =>
        options.Where(o => !options.Any(q =>
        {
            if (q == o) return false;
            var strictly = false;
            for (var k = 0; k < d; k++)
            {
                if (vectors[q * d + k] < vectors[o * d + k]) return false;
                if (vectors[q * d + k] > vectors[o * d + k]) strictly = true;
            }
            return strictly;
        })).ToArray();

    /// <summary>Issues of each coupling red line next to each other, so that red lines open and close quickly.</summary>
    private static int[] ChooseOrder(int issueCount, List<Dictionary<int, bool[]>> coupling)
    {
        var order = new List<int>();
        var placed = new bool[issueCount];
        foreach (var r in coupling.OrderBy(r => r.Keys.Min()))
            foreach (var issue in r.Keys.Order())
                if (!placed[issue]) { placed[issue] = true; order.Add(issue); }
        for (var i = 0; i < issueCount; i++)
            if (!placed[i]) order.Add(i);
        return [.. order];
    }

    private void AssignSlots(List<Dictionary<int, bool[]>> coupling, int[] position)
    {
        var steps = Order.Length;
        var starting = Enumerable.Range(0, steps).Select(_ => new List<(int, bool[])>()).ToArray();
        var continuing = Enumerable.Range(0, steps).Select(_ => new List<(int, bool[])>()).ToArray();
        var ending = Enumerable.Range(0, steps).Select(_ => new List<(int, bool[])>()).ToArray();
        var spans = coupling.Select(r => (RedLine: r, First: r.Keys.Min(i => position[i]), Last: r.Keys.Max(i => position[i])))
            .OrderBy(s => s.First).ToList();
        var slotFreeFrom = new List<int>();
        foreach (var (redLine, first, last) in spans)
        {
            var slot = slotFreeFrom.FindIndex(free => free <= first);
            if (slot < 0)
            {
                if (slotFreeFrom.Count == ParetoComposer.MaxOpenRedLines)
                    throw new NotSupportedException(
                        $"more than {ParetoComposer.MaxOpenRedLines} red lines couple the same issues at once; use enumeration");
                slotFreeFrom.Add(0);
                slot = slotFreeFrom.Count - 1;
            }
            slotFreeFrom[slot] = last + 1;
            foreach (var (issue, options) in redLine)
            {
                var s = position[issue];
                (s == first ? starting : s == last ? ending : continuing)[s].Add((slot, options));
            }
        }
        _starting = starting.Select(l => l.ToArray()).ToArray();
        _continuing = continuing.Select(l => l.ToArray()).ToArray();
        _ending = ending.Select(l => l.ToArray()).ToArray();
    }
}

/// <summary>
/// The result of a composition: the undominated complete packages grouped by utility vector ("points"),
/// each point standing for every package with that vector.
/// </summary>
public sealed class Composition
{
    private readonly int[] _order;
    private readonly List<ParetoComposer.Layer> _layers;
    private BigInteger[][]? _counts;

    internal Composition(int dimensions, int[] order, List<ParetoComposer.Layer> layers)
    {
        Dimensions = dimensions;
        _order = order;
        _layers = layers;
    }

    public int Dimensions { get; }
    public int PointCount => _layers[^1].Count;
    /// <summary>Nodes kept over all steps: the work and memory the composition needed.</summary>
    public long NodeCount => _layers.Sum(l => (long)l.Count);

    public ReadOnlySpan<long> Vector(int point) => _layers[^1].Vectors.AsSpan(point * Dimensions, Dimensions);

    /// <summary>How many complete packages have this point's utility vector.</summary>
    public BigInteger PackageCount(int point)
    {
        _counts ??= CountPaths();
        return _counts[^1][point];
    }

    public BigInteger TotalPackageCount()
    {
        _counts ??= CountPaths();
        return _counts[^1].Aggregate(BigInteger.Zero, (a, b) => a + b);
    }

    private BigInteger[][] CountPaths()
    {
        var counts = new BigInteger[_layers.Count][];
        counts[0] = [BigInteger.One];
        for (var l = 1; l < _layers.Count; l++)
        {
            var layer = _layers[l];
            counts[l] = new BigInteger[layer.Count];
            for (var node = 0; node < layer.Count; node++)
            {
                var sum = BigInteger.Zero;
                for (var e = layer.EdgeStart[node]; e < layer.EdgeStart[node + 1]; e++) sum += counts[l - 1][layer.EdgePrev[e]];
                counts[l][node] = sum;
            }
        }
        return counts;
    }

    /// <summary>Every package with this point's vector, option indices in the scenario's issue order.</summary>
    public IEnumerable<int[]> Packages(int point)
    {
        var choices = new int[_order.Length];
        return Walk(_layers.Count - 1, point, choices);
    }

    private IEnumerable<int[]> Walk(int layerIndex, int node, int[] choices)
    {
        if (layerIndex == 0)
        {
            yield return (int[])choices.Clone();
            yield break;
        }
        var layer = _layers[layerIndex];
        for (var e = layer.EdgeStart[node]; e < layer.EdgeStart[node + 1]; e++)
        {
            choices[_order[layerIndex - 1]] = layer.EdgeOption[e];
            foreach (var package in Walk(layerIndex - 1, layer.EdgePrev[e], choices)) yield return package;
        }
    }
}
