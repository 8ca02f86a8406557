using System.Collections.Concurrent;
using System.Numerics;
using Parley.Stability.Model;

namespace Parley.Stability.Engine;

/// <summary>
/// A conflict compiled for analysis: its feasible states (sorted option bit patterns, so state index i is
/// gmcr-py's state number i+1), every decision maker's preference as a rank per state (higher = more
/// preferred, equal = tie), and per decision maker the partition of states into "move blocks": states that
/// differ only in that decision maker's options. A unilateral move never leaves its block, so every move
/// query scans one block instead of the whole state space, and no state×state matrix is ever built.
/// </summary>
public sealed class ConflictGraph
{
    public const int Unreachable = int.MaxValue;
    public const int NoMove = int.MinValue;

    private readonly MoveBlocks[] _blocks;

    private ConflictGraph(Conflict conflict, ulong[] codes, StabilityOptions options)
    {
        Options = options;
        Parallel = options.ToParallelOptions();
        Conflict = conflict;
        Codes = codes;
        DecisionMakerCount = conflict.DecisionMakers.Count;
        OptionCount = conflict.OptionCount;
        OptionMasks = conflict.DecisionMakers.Select(dm => StateCondition.Mask(dm.Options)).ToArray();
        for (var k = 0; k < OptionCount; k++)
        {
            var direction = conflict.Options[k].Direction;
            if (direction != OptionDirection.Backward) SettableMask |= 1UL << k;
            if (direction != OptionDirection.Forward) ClearableMask |= 1UL << k;
        }
        Ranks = new int[DecisionMakerCount][];
        Perceived = new StateSet?[DecisionMakerCount];
        _blocks = new MoveBlocks[DecisionMakerCount];
        for (var d = 0; d < DecisionMakerCount; d++)
        {
            var dm = conflict.DecisionMakers[d];
            Ranks[d] = PreferenceRanks.Compute(dm, codes, conflict.Name, Parallel);
            if (dm.MisperceivedStates.Count > 0)
                Perceived[d] = StateSet.FromPredicate(codes.Length, s => !dm.MisperceivedStates.Any(c => c.Holds(codes[s])), Parallel);
            _blocks[d] = new MoveBlocks(codes, OptionMasks[d], OptionMasks[d] & ~ClearableMask, OptionMasks[d] & ~SettableMask);
        }
    }

    public Conflict Conflict { get; }

    /// <summary>The bound on threads and the cancellation every analysis of this graph runs with.</summary>
    public StabilityOptions Options { get; }

    /// <summary><see cref="Options"/> as the parallel loops take them.</summary>
    public ParallelOptions Parallel { get; }
    public int DecisionMakerCount { get; }
    public int OptionCount { get; }
    public int StateCount => Codes.Length;

    /// <summary>Feasible states as option bit patterns, ascending.</summary>
    public ulong[] Codes { get; }

    /// <summary>Per decision maker, the bits of the options it controls.</summary>
    public ulong[] OptionMasks { get; }

    /// <summary>Options that may go from not taken to taken / from taken to not taken.</summary>
    public ulong SettableMask { get; }
    public ulong ClearableMask { get; }

    /// <summary>Ranks[dm][state]: higher is better; equal ranks are ties.</summary>
    public int[][] Ranks { get; }

    /// <summary>Perceived[dm]: the states that decision maker perceives, or null when it perceives all.</summary>
    public StateSet?[] Perceived { get; }

    public static ConflictGraph Build(Conflict conflict, StabilityOptions? options = null)
    {
        conflict.Validate();
        options ??= StabilityOptions.Default;
        return new ConflictGraph(conflict, EnumerateFeasible(conflict.OptionCount, conflict.Infeasible, conflict.Name, options.ToParallelOptions()), options);
    }

    /// <summary>
    /// The most feasible states a graph is built for. The analysis keeps a few hundred bytes per state (ranks,
    /// move blocks, stability sets: 4.9·10⁶ states peaked at 3.4 GB in the benchmark), so 2^24 states is
    /// about 11 GB; beyond that a machine runs out of memory long before the analysis ends.
    /// </summary>
    public const int MaxStates = 1 << 24;

    /// <summary>All option patterns no infeasibility condition holds for, ascending.</summary>
    public static ulong[] EnumerateFeasible(int optionCount, IReadOnlyList<StateCondition> infeasible, string conflictName, ParallelOptions? parallel = null)
    {
        var total = 1UL << optionCount;
        const int chunkBits = 16;
        var chunkCount = (int)Math.Max(1, total >> chunkBits);
        var chunkSize = total / (ulong)chunkCount;
        var parts = new ulong[chunkCount][];
        long found = 0;
        // Counted as the chunks finish, so a conflict far over the limit is refused before its states fill memory.
        var result = System.Threading.Tasks.Parallel.For(0, chunkCount, parallel ?? StabilityOptions.Default.ToParallelOptions(), (chunk, loop) =>
        {
            var list = new List<ulong>();
            var start = (ulong)chunk * chunkSize;
            for (var code = start; code < start + chunkSize; code++)
            {
                var ok = true;
                foreach (var condition in infeasible)
                    if (condition.Holds(code)) { ok = false; break; }
                if (ok) list.Add(code);
            }
            parts[chunk] = list.ToArray();
            if (Interlocked.Add(ref found, list.Count) > MaxStates) loop.Stop();
        });
        if (!result.IsCompleted || found > MaxStates)
            throw new ConflictModelException(
                $"the conflict has more than {MaxStates:N0} feasible states ({optionCount} options); at most {MaxStates:N0} are supported — " +
                "add infeasibility conditions, merge options or split the conflict", conflictName);
        var codes = new ulong[parts.Sum(p => (long)p.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(codes, offset);
            offset += part.Length;
        }
        if (codes.Length == 0)
            throw new ConflictModelException("every state is infeasible", conflictName);
        return codes;
    }

    /// <summary>Up to 2^DenseIndexBits patterns, a direct lookup table (4 bytes per pattern) replaces binary search.</summary>
    private const int DenseIndexBits = 26;

    private int[]? _denseIndex;

    /// <summary>Index of a feasible state, or -1 when the pattern is infeasible.</summary>
    public int IndexOf(ulong code)
    {
        if (OptionCount <= DenseIndexBits)
        {
            var dense = _denseIndex ?? BuildDenseIndex();
            return code < (ulong)dense.Length ? dense[code] : -1;
        }
        var index = Array.BinarySearch(Codes, code);
        return index >= 0 ? index : -1;
    }

    private int[] BuildDenseIndex()
    {
        var dense = new int[1 << OptionCount];
        Array.Fill(dense, -1);
        for (var s = 0; s < Codes.Length; s++) dense[Codes[s]] = s;
        return Interlocked.CompareExchange(ref _denseIndex, dense, null) ?? dense;
    }

    /// <summary>True when <paramref name="dm"/> can move from one state to the other in one unilateral move.</summary>
    public bool CanMove(int dm, int from, int to)
    {
        if (from == to) return false;
        var a = Codes[from];
        var b = Codes[to];
        var changed = a ^ b;
        return (changed & ~OptionMasks[dm]) == 0 && IsLegalChange(a, b);
    }

    internal bool IsLegalChange(ulong from, ulong to)
    {
        var changed = from ^ to;
        return (changed & to & ~SettableMask) == 0 && (changed & from & ~ClearableMask) == 0;
    }

    /// <summary>The states <paramref name="dm"/> can reach from <paramref name="state"/> in one move.</summary>
    public IEnumerable<int> Moves(int dm, int state)
    {
        var blocks = _blocks[dm];
        var (start, end) = blocks.RangeOf(state);
        for (var p = start; p < end; p++)
        {
            var target = blocks.Order[p];
            if (target != state && IsLegalChange(Codes[state], Codes[target])) yield return target;
        }
    }

    /// <summary>
    /// The members of <paramref name="state"/>'s move block for <paramref name="dm"/> (itself included): every
    /// state dm could reach if all its options were reversible. Filter with <see cref="IsLegalChange"/>.
    /// Allocation-free, for hot loops.
    /// </summary>
    internal ReadOnlySpan<int> MoveBlockOf(int dm, int state)
    {
        var blocks = _blocks[dm];
        var (start, end) = blocks.RangeOf(state);
        return blocks.Order.AsSpan(start, end - start);
    }

    /// <summary>
    /// The members of <paramref name="state"/>'s move block for <paramref name="dm"/> that dm strictly prefers
    /// to it, best first – a superset of dm's improvements from it (filter with <see cref="IsLegalChange"/>).
    /// </summary>
    internal ReadOnlySpan<int> BetterInMoveBlock(int dm, int state) => _blocks[dm].BetterThan(state, Ranks[dm], Parallel);

    /// <summary>dm's move blocks: state indexes grouped block by block, and where each block starts (plus the end).</summary>
    internal (int[] Order, int[] BlockStart) MoveBlockLayout(int dm) => (_blocks[dm].Order, _blocks[dm].BlockStart);

    /// <summary>The largest move block of <paramref name="dm"/> (a bound for scratch buffers).</summary>
    internal int LargestMoveBlock(int dm)
    {
        var starts = _blocks[dm].BlockStart;
        var largest = 0;
        for (var b = 0; b + 1 < starts.Length; b++) largest = Math.Max(largest, starts[b + 1] - starts[b]);
        return largest;
    }

    /// <summary>The unilateral improvements of <paramref name="dm"/> from <paramref name="state"/>.</summary>
    public IEnumerable<int> Improvements(int dm, int state) =>
        Moves(dm, state).Where(t => Ranks[dm][t] > Ranks[dm][state]);

    /// <summary>result[s] = max of values over the states dm can reach from s, or <see cref="NoMove"/>.</summary>
    public int[] MaxOverMoves(int dm, int[] values) => _blocks[dm].Aggregate(this, values, maximum: true, improvementsOf: null);

    /// <summary>result[s] = min of values over the states dm can reach from s, or <see cref="Unreachable"/>.</summary>
    public int[] MinOverMoves(int dm, int[] values) => _blocks[dm].Aggregate(this, values, maximum: false, improvementsOf: null);

    /// <summary>result[s] = min of values over dm's unilateral improvements from s, or <see cref="Unreachable"/>.</summary>
    public int[] MinOverImprovements(int dm, int[] values) =>
        _blocks[dm].Aggregate(this, values, maximum: false, improvementsOf: Ranks[dm]);

    public string OptionForm(int state)
    {
        var chars = new char[OptionCount];
        for (var k = 0; k < OptionCount; k++) chars[k] = (Codes[state] >> k & 1) != 0 ? 'Y' : 'N';
        return new string(chars);
    }

    /// <summary>
    /// States grouped by everything except one decision maker's options. Order lists state indexes block
    /// by block; BlockStart[b]..BlockStart[b+1] delimits block b; BlockOf[s] is the block of state s.
    /// </summary>
    private sealed class MoveBlocks
    {
        public MoveBlocks(ulong[] codes, ulong ownMask, ulong forwardOnly, ulong backwardOnly)
        {
            FullyReversible = (forwardOnly | backwardOnly) == 0;
            _irreversibleMask = forwardOnly | backwardOnly;
            _backwardOnly = backwardOnly;
            _codes = codes;
            var keys = new ulong[codes.Length];
            Order = new int[codes.Length];
            for (var s = 0; s < codes.Length; s++)
            {
                keys[s] = codes[s] & ~ownMask;
                Order[s] = s;
            }
            // Codes ascend, so when the options are the lowest bits the keys already ascend: skip the sort.
            if (!IsSorted(keys)) Array.Sort(keys, Order);
            BlockOf = new int[codes.Length];
            var starts = new List<int>();
            for (var p = 0; p < keys.Length; p++)
            {
                if (p == 0 || keys[p] != keys[p - 1]) starts.Add(p);
                BlockOf[Order[p]] = starts.Count - 1;
            }
            starts.Add(keys.Length);
            BlockStart = starts.ToArray();
        }

        public bool FullyReversible { get; }

        private readonly ulong _irreversibleMask;
        private readonly ulong _backwardOnly;
        private readonly ulong[] _codes;

        /// <summary>With up to this many irreversible options, a block is split into groups by their pattern.</summary>
        private const int MaxGroupBits = 4;

        private bool Grouped => !FullyReversible && BitOperations.PopCount(_irreversibleMask) <= MaxGroupBits;

        // Irreversible options as a group key in which a legal move only ever adds bits: forward-only options
        // as they are (taken stays taken), backward-only ones flipped (not taken stays not taken). So a state
        // in group a reaches every other member of the groups g ⊇ a, whatever its reversible options.
        private int GroupOf(int state) => (int)BitPacking.Extract(_codes[state] ^ _backwardOnly, _irreversibleMask);
        public int[] Order { get; }
        public int[] BlockOf { get; }
        public int[] BlockStart { get; }

        public (int Start, int End) RangeOf(int state)
        {
            var block = BlockOf[state];
            return (BlockStart[block], BlockStart[block + 1]);
        }

        private static bool IsSorted(ulong[] keys)
        {
            for (var i = 1; i < keys.Length; i++)
                if (keys[i] < keys[i - 1]) return false;
            return true;
        }

        public int[] Aggregate(ConflictGraph graph, int[] values, bool maximum, int[]? improvementsOf)
        {
            var result = new int[values.Length];
            var blockCount = BlockStart.Length - 1;
            var partitions = Partitioner.Create(0, blockCount, Math.Max(64, blockCount / (graph.Parallel.MaxDegreeOfParallelism * 8)));
            var byRank = improvementsOf is not null && FullyReversible ? RankOrder(improvementsOf, graph.Parallel) : null;
            System.Threading.Tasks.Parallel.ForEach(partitions, graph.Parallel, range =>
            {
                for (var b = range.Item1; b < range.Item2; b++)
                {
                    var members = Order.AsSpan(BlockStart[b], BlockStart[b + 1] - BlockStart[b]);
                    if (Grouped && improvementsOf is null)
                        AggregateGroups(members, values, result, maximum);
                    else if (Grouped)
                        AggregateGroupImprovements(members, values, result, improvementsOf!);
                    else if (!FullyReversible)
                        AggregatePairwise(graph, members, values, result, maximum, improvementsOf);
                    else if (improvementsOf is null)
                        AggregateClique(members, values, result, maximum);
                    else
                        AggregateImprovements(byRank!.Order.AsSpan(BlockStart[b], members.Length),
                            byRank.Keys.AsSpan(BlockStart[b], members.Length), values, result);
                }
            });
            return result;
        }

        public ReadOnlySpan<int> BetterThan(int state, int[] ranks, ParallelOptions parallel)
        {
            var byRank = RankOrder(ranks, parallel);
            var (start, end) = RangeOf(state);
            // Keys are negated ranks, ascending: the members ranked above the state come before the first
            // key ≥ -rank(state).
            var keys = byRank.Keys.AsSpan(start, end - start);
            int lo = 0, hi = keys.Length, key = -ranks[state];
            while (lo < hi)
            {
                var mid = (lo + hi) >> 1;
                if (keys[mid] < key) lo = mid + 1;
                else hi = mid;
            }
            return byRank.Order.AsSpan(start, lo);
        }

        // Fully reversible: every member reaches every other member, so the best over "all but me" is the
        // best of the block unless I hold it, in which case it is the runner-up.
        private static void AggregateClique(ReadOnlySpan<int> members, int[] values, int[] result, bool maximum)
        {
            var neutral = maximum ? NoMove : Unreachable;
            int best = neutral, runnerUp = neutral, bestAt = -1;
            foreach (var s in members)
            {
                var v = values[s];
                if (bestAt < 0 || IsBetter(v, best, maximum)) { runnerUp = best; best = v; bestAt = s; }
                else if (IsBetter(v, runnerUp, maximum)) runnerUp = v;
            }
            foreach (var s in members) result[s] = s == bestAt ? runnerUp : best;
        }

        private static bool IsBetter(int candidate, int current, bool maximum) =>
            maximum ? candidate > current : candidate < current;

        // The improvement queries run once per fixed-point round (SEQ, SEQ+SIM), always with the mover's own
        // ranks, so the blocks are sorted by rank once and reused.
        private RankOrdering? _rankOrder;

        private sealed record RankOrdering(int[] Order, int[] Keys);

        /// <summary>Each block's members sorted by <paramref name="ranks"/>, best first, with the negated ranks as keys.</summary>
        private RankOrdering RankOrder(int[] ranks, ParallelOptions parallel)
        {
            if (Volatile.Read(ref _rankOrder) is { } cached) return cached;
            var order = (int[])Order.Clone();
            var keys = new int[order.Length];
            for (var p = 0; p < order.Length; p++) keys[p] = -ranks[order[p]];
            System.Threading.Tasks.Parallel.For(0, BlockStart.Length - 1, parallel, b =>
                keys.AsSpan(BlockStart[b], BlockStart[b + 1] - BlockStart[b]).Sort(order.AsSpan(BlockStart[b], BlockStart[b + 1] - BlockStart[b])));
            var built = new RankOrdering(order, keys);
            return Interlocked.CompareExchange(ref _rankOrder, built, null) ?? built;
        }

        // Fully reversible improvements: with the block sorted by the mover's rank, best first, a state's
        // improvements are exactly the members of strictly higher rank, a prefix of that order.
        private static void AggregateImprovements(ReadOnlySpan<int> order, ReadOnlySpan<int> rankKeys, int[] values, int[] result)
        {
            var n = order.Length;
            var prefixMin = Unreachable;
            var i0 = 0;
            while (i0 < n)
            {
                var i1 = i0;
                while (i1 < n && rankKeys[i1] == rankKeys[i0]) i1++;
                for (var i = i0; i < i1; i++) result[order[i]] = prefixMin;
                for (var i = i0; i < i1; i++) prefixMin = Math.Min(prefixMin, values[order[i]]);
                i0 = i1;
            }
        }

        private void AggregateGroups(ReadOnlySpan<int> members, int[] values, int[] result, bool maximum)
        {
            var groups = 1 << BitOperations.PopCount(_irreversibleMask);
            var neutral = maximum ? NoMove : Unreachable;
            Span<int> best = stackalloc int[groups], second = stackalloc int[groups], bestAt = stackalloc int[groups], upward = stackalloc int[groups];
            best.Fill(neutral);
            second.Fill(neutral);
            bestAt.Fill(-1);
            foreach (var s in members)
            {
                var g = GroupOf(s);
                var v = values[s];
                if (bestAt[g] < 0 || IsBetter(v, best[g], maximum)) { second[g] = best[g]; best[g] = v; bestAt[g] = s; }
                else if (IsBetter(v, second[g], maximum)) second[g] = v;
            }
            // upward[g] = best over the groups h ⊇ g (superset aggregation, one bit at a time).
            best.CopyTo(upward);
            for (var bit = 1; bit < groups; bit <<= 1)
                for (var g = 0; g < groups; g++)
                    if ((g & bit) == 0 && IsBetter(upward[g | bit], upward[g], maximum)) upward[g] = upward[g | bit];
            foreach (var s in members)
            {
                var g = GroupOf(s);
                var acc = s == bestAt[g] ? second[g] : best[g];
                for (var bit = 1; bit < groups; bit <<= 1)
                    if ((g & bit) == 0 && IsBetter(upward[g | bit], acc, maximum)) acc = upward[g | bit];
                result[s] = acc;
            }
        }

        private void AggregateGroupImprovements(ReadOnlySpan<int> members, int[] values, int[] result, int[] ranks)
        {
            var groups = 1 << BitOperations.PopCount(_irreversibleMask);
            var n = members.Length;
            var order = members.Length <= 256 ? stackalloc int[n] : new int[n];
            var keys = members.Length <= 256 ? stackalloc int[n] : new int[n];
            for (var i = 0; i < n; i++)
            {
                order[i] = members[i];
                keys[i] = -ranks[members[i]];
            }
            keys.Sort(order);
            // Sweep from the best rank down; groupMin[g] holds the minimum over members of group g ranked
            // strictly above the current level, so a state's improvements are those of groups g ⊇ its own.
            Span<int> groupMin = stackalloc int[groups];
            groupMin.Fill(Unreachable);
            var i0 = 0;
            while (i0 < n)
            {
                var i1 = i0;
                while (i1 < n && keys[i1] == keys[i0]) i1++;
                for (var i = i0; i < i1; i++)
                {
                    var own = GroupOf(order[i]);
                    var acc = Unreachable;
                    for (var g = own; g < groups; g = (g + 1) | own) acc = Math.Min(acc, groupMin[g]);
                    result[order[i]] = acc;
                }
                for (var i = i0; i < i1; i++)
                {
                    var g = GroupOf(order[i]);
                    groupMin[g] = Math.Min(groupMin[g], values[order[i]]);
                }
                i0 = i1;
            }
        }

        private static void AggregatePairwise(ConflictGraph graph, ReadOnlySpan<int> members, int[] values, int[] result, bool maximum, int[]? ranks)
        {
            var codes = graph.Codes;
            foreach (var s in members)
            {
                var acc = maximum ? NoMove : Unreachable;
                var from = codes[s];
                foreach (var t in members)
                {
                    if (t == s || !graph.IsLegalChange(from, codes[t])) continue;
                    if (ranks is not null && ranks[t] <= ranks[s]) continue;
                    acc = maximum ? Math.Max(acc, values[t]) : Math.Min(acc, values[t]);
                }
                result[s] = acc;
            }
        }
    }
}
