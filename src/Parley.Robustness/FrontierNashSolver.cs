using Parley.Core.Evaluation;

namespace Parley.Robustness;

/// <summary>A complete package on the required parties' Pareto frontier, with their utilities.</summary>
public sealed record FrontierPoint(int[] Choices, double[] Utilities);

/// <summary>
/// Finds the Nash package without listing every package. Issues tied together by a required party's
/// red line are merged into one group whose option combinations exclude the forbidden ones, so groups
/// are independent and a package's utility vector is a sum over groups. The required parties' Pareto
/// frontier of that sum is built one group at a time: a partial package strictly or weakly dominated by
/// another stays so whatever the other groups add, and one that cannot reach every reservation value even
/// with the best remaining options is dropped. The Nash product only grows with each gain, so its maximum
/// over the zone of agreement lies on the final frontier.
/// </summary>
public sealed class FrontierNashSolver : IAgreementSolver
{
    /// <summary>Largest number of option combinations of one group of coupled issues.</summary>
    public const int MaxGroupCombinations = 1 << 16;

    private readonly ParameterSpace _space;
    /// <summary>Each required party's utility cap (+∞ when uncapped), read once: it is applied in the per-draw loop.</summary>
    private readonly double[] _caps;
    private readonly int[] _required;
    private readonly int _d;
    private readonly Group[] _groups;
    private readonly double[][] _comboVectors;
    private readonly double[] _suffixBest;
    private readonly Layer[] _layers;
    private Candidates _candidates = new(0, 0);

    private sealed record Group(int[] Issues, int[][] Combos);

    private sealed class Layer(int d)
    {
        public double[] Vectors = new double[64 * Math.Max(d, 1)];
        public int[] Prev = new int[64];
        public int[] Combo = new int[64];
        public int Count;

        public void Ensure(int n, int dims)
        {
            if (Prev.Length >= n) return;
            var size = Math.Max(n, Prev.Length * 2);
            Array.Resize(ref Vectors, size * Math.Max(dims, 1));
            Array.Resize(ref Prev, size);
            Array.Resize(ref Combo, size);
        }
    }

    private sealed class Candidates(int capacity, int d)
    {
        public readonly double[] Vectors = new double[capacity * Math.Max(d, 1)];
        public readonly int[] Prev = new int[capacity];
        public readonly int[] Combo = new int[capacity];
        public readonly double[] Keys = new double[capacity];
        public readonly int[] Order = new int[capacity];
        public int Capacity => Prev.Length;
    }

    public FrontierNashSolver(ParameterSpace space, Package? within = null)
    {
        _space = space;
        _required = space.Required;
        _d = _required.Length;
        _caps = _required.Select(r => space.Model.Parties[r].Cap).ToArray();
        _groups = BuildGroups(space, AgreementSolvers.Allowed(space, within));
        _comboVectors = _groups.Select(g => new double[g.Combos.Length * Math.Max(_d, 1)]).ToArray();
        _suffixBest = new double[(_groups.Length + 1) * Math.Max(_d, 1)];
        _layers = Enumerable.Range(0, _groups.Length + 1).Select(_ => new Layer(_d)).ToArray();
    }

    public string Name => "pareto-composition";

    public bool TrySolve(DrawModel draw, Span<int> choices, out double nashProduct)
    {
        nashProduct = 0;
        if (_space.IssueCount == 0 || _groups.Any(g => g.Combos.Length == 0)) return false;
        var final = Compose(draw, useFloors: true);
        if (final.Count == 0) return false;
        var best = -1;
        var bestNash = double.NegativeInfinity;
        for (var node = 0; node < final.Count; node++)
        {
            var nash = 1.0;
            var accepted = true;
            for (var k = 0; k < _d; k++)
            {
                // Utility caps (Genius's min(1, Σ)) apply to the final sum only; capping is monotone, so the capped maximum still lies on this frontier.
                var gain = Math.Min(final.Vectors[node * _d + k], _caps[k]) - draw.Reservations[_required[k]];
                if (gain < -1e-12) { accepted = false; break; }
                nash *= Math.Max(gain, 0);
            }
            if (accepted && nash > bestNash)
            {
                bestNash = nash;
                best = node;
            }
        }
        if (best < 0) return false;
        Backtrack(best, choices);
        nashProduct = bestNash;
        return true;
    }

    /// <summary>The required parties' Pareto frontier over all complete packages outside their red lines (or only those in the zone of agreement).</summary>
    public IReadOnlyList<FrontierPoint> Frontier(DrawModel draw, bool zoneOnly)
    {
        if (_space.IssueCount == 0 || _groups.Any(g => g.Combos.Length == 0)) return [];
        var final = Compose(draw, useFloors: zoneOnly);
        var points = new List<FrontierPoint>(final.Count);
        for (var node = 0; node < final.Count; node++)
        {
            var choices = new int[_space.IssueCount];
            Backtrack(node, choices);
            points.Add(new FrontierPoint(choices, final.Vectors.AsSpan(node * _d, _d).ToArray()));
        }
        return points;
    }

    private void Backtrack(int node, Span<int> choices)
    {
        for (var g = _groups.Length - 1; g >= 0; g--)
        {
            var layer = _layers[g + 1];
            var combo = _groups[g].Combos[layer.Combo[node]];
            for (var j = 0; j < combo.Length; j++) choices[_groups[g].Issues[j]] = combo[j];
            node = layer.Prev[node];
        }
    }

    /// <summary>The partial packages the last solve built (candidates over all groups): its work, for <see cref="RobustnessAnalysis.Estimate"/>.</summary>
    public long LastWork { get; private set; }

    private Layer Compose(DrawModel draw, bool useFloors)
    {
        LastWork = 0;
        var d = _d;
        var dd = Math.Max(d, 1);
        // Per group, the required parties' utility vector of every combination; then the best each group can still add.
        for (var g = 0; g < _groups.Length; g++)
        {
            var group = _groups[g];
            var vectors = _comboVectors[g];
            for (var c = 0; c < group.Combos.Length; c++)
                for (var k = 0; k < d; k++)
                {
                    var sum = 0.0;
                    for (var j = 0; j < group.Issues.Length; j++) sum += draw.Contribution(_required[k], group.Issues[j], group.Combos[c][j]);
                    vectors[c * dd + k] = sum;
                }
        }
        Array.Clear(_suffixBest);
        for (var g = _groups.Length - 1; g >= 0; g--)
            for (var k = 0; k < d; k++)
            {
                var best = double.NegativeInfinity;
                var vectors = _comboVectors[g];
                for (var c = 0; c < _groups[g].Combos.Length; c++) best = Math.Max(best, vectors[c * dd + k]);
                _suffixBest[g * dd + k] = _suffixBest[(g + 1) * dd + k] + best;
            }

        var root = _layers[0];
        root.Count = 1;
        Array.Clear(root.Vectors, 0, dd);
        for (var g = 0; g < _groups.Length; g++)
        {
            var previous = _layers[g];
            var combos = _groups[g].Combos.Length;
            var needed = previous.Count * combos;
            LastWork += needed;
            if (_candidates.Capacity < needed) _candidates = new Candidates(Math.Max(needed, _candidates.Capacity * 2), d);
            var cand = _candidates;
            var vectors = _comboVectors[g];
            var n = 0;
            for (var node = 0; node < previous.Count; node++)
                for (var c = 0; c < combos; c++)
                {
                    var reachable = true;
                    for (var k = 0; k < d; k++)
                    {
                        var v = previous.Vectors[node * dd + k] + vectors[c * dd + k];
                        cand.Vectors[n * dd + k] = v;
                        if (useFloors && v + _suffixBest[(g + 1) * dd + k] < draw.Reservations[_required[k]] - 1e-12) reachable = false;
                    }
                    if (!reachable) continue;
                    cand.Prev[n] = node;
                    cand.Combo[n] = c;
                    n++;
                }
            var next = _layers[g + 1];
            next.Count = 0;
            if (d == 2) Filter2D(cand, n, next);
            else FilterGeneral(cand, n, next, d);
            if (next.Count == 0) return next;
        }
        return _layers[_groups.Length];
    }

    /// <summary>Sorted by the first party's utility (descending): a point survives when its second utility beats every point before it.</summary>
    private static void Filter2D(Candidates cand, int n, Layer into)
    {
        for (var i = 0; i < n; i++)
        {
            cand.Keys[i] = -cand.Vectors[i * 2];
            cand.Order[i] = i;
        }
        Array.Sort(cand.Keys, cand.Order, 0, n);
        var bestU1 = double.NegativeInfinity;
        var start = 0;
        while (start < n)
        {
            // A run of equal first utilities: only its best second utility (lowest index on ties) can survive.
            var end = start + 1;
            while (end < n && cand.Keys[end] == cand.Keys[start]) end++;
            var pick = cand.Order[start];
            for (var i = start + 1; i < end; i++)
            {
                var c = cand.Order[i];
                var u1 = cand.Vectors[c * 2 + 1];
                var best = cand.Vectors[pick * 2 + 1];
                if (u1 > best || (u1 == best && c < pick)) pick = c;
            }
            if (cand.Vectors[pick * 2 + 1] > bestU1)
            {
                bestU1 = cand.Vectors[pick * 2 + 1];
                Append(cand, pick, into, 2);
            }
            start = end;
        }
    }

    private static void FilterGeneral(Candidates cand, int n, Layer into, int d)
    {
        var dd = Math.Max(d, 1);
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var k = 0; k < d; k++) sum += cand.Vectors[i * dd + k];
            cand.Keys[i] = -sum;
            cand.Order[i] = i;
        }
        Array.Sort(cand.Keys, cand.Order, 0, n);
        for (var i = 0; i < n; i++)
        {
            var c = cand.Order[i];
            var dominated = false;
            for (var kept = 0; kept < into.Count && !dominated; kept++)
            {
                var all = true;
                for (var k = 0; k < d && all; k++)
                    if (into.Vectors[kept * dd + k] < cand.Vectors[c * dd + k]) all = false;
                dominated = all;
            }
            if (!dominated) Append(cand, c, into, d);
        }
    }

    private static void Append(Candidates cand, int c, Layer into, int d)
    {
        var dd = Math.Max(d, 1);
        into.Ensure(into.Count + 1, d);
        for (var k = 0; k < dd; k++) into.Vectors[into.Count * dd + k] = cand.Vectors[c * dd + k];
        into.Prev[into.Count] = cand.Prev[c];
        into.Combo[into.Count] = cand.Combo[c];
        into.Count++;
    }

    private static Group[] BuildGroups(ParameterSpace space, bool[][] allowed)
    {
        var n = space.IssueCount;
        var coupled = new List<CompiledRedLine>();
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        foreach (var r in space.Required.SelectMany(p => space.Model.Parties[p].RedLines))
        {
            if (r.Issues.Length == 1)
            {
                for (var o = 0; o < allowed[r.Issues[0]].Length; o++)
                    if (r.Options[0][o]) allowed[r.Issues[0]][o] = false;
                continue;
            }
            coupled.Add(r);
            for (var c = 1; c < r.Issues.Length; c++) parent[Find(r.Issues[c])] = Find(r.Issues[0]);
        }
        var groups = new List<Group>();
        foreach (var members in Enumerable.Range(0, n).GroupBy(Find).OrderBy(g => g.Min()))
        {
            var issues = members.Order().ToArray();
            var size = issues.Aggregate(1.0, (s, i) => s * allowed[i].Count(a => a));
            if (size > MaxGroupCombinations)
                throw new RobustnessException(
                    $"red lines couple the issues {string.Join(", ", issues.Select(i => space.Scenario.Issues[i].Id))} into {size:0} option combinations, more than {MaxGroupCombinations}; split the red lines");
            var redLines = coupled.Where(r => r.Issues.All(i => issues.Contains(i))).ToList();
            var combos = new List<int[]>();
            var combo = new int[issues.Length];
            var full = new int[n];
            void Enumerate(int j)
            {
                if (j == issues.Length)
                {
                    Array.Fill(full, Package.Open);
                    for (var k = 0; k < issues.Length; k++) full[issues[k]] = combo[k];
                    foreach (var r in redLines)
                        if (r.IsHitBy(full)) return;
                    combos.Add((int[])combo.Clone());
                    return;
                }
                for (var o = 0; o < allowed[issues[j]].Length; o++)
                {
                    if (!allowed[issues[j]][o]) continue;
                    combo[j] = o;
                    Enumerate(j + 1);
                }
            }
            Enumerate(0);
            groups.Add(new Group(issues, combos.ToArray()));
        }
        return groups.ToArray();
    }
}
