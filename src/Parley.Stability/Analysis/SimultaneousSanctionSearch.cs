using Parley.Stability.Engine;

namespace Parley.Stability.Analysis;

/// <summary>
/// Decides SIM (and the simultaneous half of SEQ+SIM) for one focal decision maker without enumerating the
/// product of every opponent's improvements.
///
/// The combined outcome of a focal move s→s1 and the opponents' simultaneous improvements from s is s1 with
/// each opponent's option block replaced by its choice (opponents control disjoint options). One opponent,
/// the "last" (the one with most options), is never enumerated: the outcomes that differ only in its
/// options form one of its move blocks, which is pre-sorted by the focal decision maker's rank. A block is
/// scanned from its worst (for the focal DM) state upwards and stops at the first state better than s, so
/// the question "can the last opponent complete this partial response into a sanction?" costs one lookup
/// when the block holds nothing bad enough and a few steps otherwise; membership of the last opponent's
/// choice is a bitset over its packed option patterns. Only the other opponents' choices are enumerated
/// (nothing at all with two decision makers, one list with three).
///
/// Opponents that all stay give back s1 itself, which is better than s for the focal DM, so the rule that
/// at least one opponent must move needs no separate check.
/// </summary>
internal sealed class SimultaneousSanctionSearch
{
    private const int Hidden = ConflictGraph.Unreachable;
    private const int DenseKeyBits = 24;

    /// <summary>Prefix bitsets cost 8 bytes × this per state; beyond it (last opponent with more than 10 options) blocks are scanned.</summary>
    private const int MaxPrefixWords = 16;

    private readonly ConflictGraph _graph;
    private readonly int _focal;
    private readonly int[] _value;
    private readonly int[] _others;
    private readonly int _last = -1;
    private readonly ulong _lastMask;
    private readonly ulong _restMask;
    private readonly int[] _sorted = [];
    private readonly int[] _sortedValue = [];
    private readonly uint[] _sortedLastKey = [];
    private readonly ulong[]? _prefixKeys;
    private readonly int _keyWords;
    private readonly int[]? _sliceMin;
    private readonly ulong _focalMask;
    private readonly int[] _blockStart = [];
    private readonly int[]? _denseBlockOfKey;
    private readonly Dictionary<ulong, int>? _sparseBlockOfKey;

    /// <param name="prefixBitsets">false forces the block scan (used when the bitsets would be too large); for tests.</param>
    public SimultaneousSanctionSearch(ConflictGraph graph, int focal, bool prefixBitsets = true)
    {
        _graph = graph;
        _focal = focal;
        var ranks = graph.Ranks[focal];
        var perceived = graph.Perceived[focal];
        _value = perceived is null ? ranks : Enumerable.Range(0, ranks.Length).Select(s => perceived.Contains(s) ? ranks[s] : Hidden).ToArray();
        _focalMask = graph.OptionMasks[focal];
        if (BitPacking.Width(_focalMask) <= DenseKeyBits)
        {
            // The focal DM's least valued outcome per pattern of its own options: a bound that rejects an
            // improvement at once when no combination of responses can bring the focal DM low enough.
            _sliceMin = new int[1 << BitPacking.Width(_focalMask)];
            Array.Fill(_sliceMin, Hidden);
            for (var s = 0; s < ranks.Length; s++)
            {
                var key = BitPacking.Extract(graph.Codes[s], _focalMask);
                _sliceMin[key] = Math.Min(_sliceMin[key], _value[s]);
            }
        }
        var opponents = Enumerable.Range(0, graph.DecisionMakerCount).Where(d => d != focal).ToArray();
        if (opponents.Length == 0)
        {
            _others = [];
            return;
        }
        _last = opponents.MaxBy(d => BitPacking.Width(graph.OptionMasks[d]));
        _others = opponents.Where(d => d != _last).ToArray();
        _lastMask = graph.OptionMasks[_last];
        var all = graph.OptionCount == 64 ? ulong.MaxValue : (1UL << graph.OptionCount) - 1;
        _restMask = all & ~_lastMask;

        var (order, blockStart) = graph.MoveBlockLayout(_last);
        _blockStart = blockStart;
        _sorted = (int[])order.Clone();
        var blockCount = blockStart.Length - 1;
        var value = _value;
        var sorted = _sorted;
        Parallel.For(0, blockCount, graph.Parallel, () => new int[64], (b, _, keys) =>
        {
            var length = blockStart[b + 1] - blockStart[b];
            if (keys.Length < length) keys = new int[length];
            var members = sorted.AsSpan(blockStart[b], length);
            for (var i = 0; i < length; i++) keys[i] = value[members[i]];
            keys.AsSpan(0, length).Sort(members);
            return keys;
        }, _ => { });
        // The scan reads these sequentially instead of chasing state indexes.
        _sortedValue = new int[sorted.Length];
        _sortedLastKey = new uint[sorted.Length];
        for (var p = 0; p < sorted.Length; p++)
        {
            _sortedValue[p] = value[sorted[p]];
            _sortedLastKey[p] = (uint)BitPacking.Extract(graph.Codes[sorted[p]], _lastMask);
        }
        _keyWords = Math.Max(1, (1 << BitPacking.Width(_lastMask)) >> 6);
        if (prefixBitsets && _keyWords <= MaxPrefixWords && (long)sorted.Length * _keyWords < int.MaxValue / 2)
        {
            // prefix[p] = the last opponent's option patterns among its block's members up to position p: one
            // AND with its allowed patterns then answers "is any state bad enough for the focal DM reachable?"
            // for a whole block, however many bad states it holds.
            var words = _keyWords;
            var prefix = _prefixKeys = new ulong[(long)sorted.Length * words];
            var keys = _sortedLastKey;
            Parallel.For(0, blockCount, graph.Parallel, b =>
            {
                for (var p = blockStart[b]; p < blockStart[b + 1]; p++)
                {
                    var at = (long)p * words;
                    if (p > blockStart[b]) Array.Copy(prefix, at - words, prefix, at, words);
                    prefix[at + (keys[p] >> 6)] |= 1UL << (int)(keys[p] & 63);
                }
            });
        }

        if (BitPacking.Width(_restMask) <= DenseKeyBits)
        {
            _denseBlockOfKey = new int[1 << BitPacking.Width(_restMask)];
            Array.Fill(_denseBlockOfKey, -1);
            for (var b = 0; b < blockCount; b++) _denseBlockOfKey[BlockKey(graph.Codes[sorted[blockStart[b]]])] = b;
        }
        else
        {
            _sparseBlockOfKey = new Dictionary<ulong, int>(blockCount);
            for (var b = 0; b < blockCount; b++) _sparseBlockOfKey[BlockKey(graph.Codes[sorted[blockStart[b]]])] = b;
        }
    }

    /// <summary>Bytes per state this search keeps (sorted blocks, values, keys, prefix bitsets).</summary>
    public double BytesPerState => 16 + (_prefixKeys is null ? 0 : 8.0 * _keyWords);

    private ulong BlockKey(ulong code) => BitPacking.Extract(code, _restMask);

    private int BlockOfPattern(ulong code)
    {
        var key = BlockKey(code);
        if (_denseBlockOfKey is not null) return _denseBlockOfKey[key];
        return _sparseBlockOfKey!.TryGetValue(key, out var block) ? block : -1;
    }

    /// <summary>Per-thread buffers, so the per-state work allocates nothing.</summary>
    public sealed class Scratch
    {
        internal Scratch(ConflictGraph graph, SimultaneousSanctionSearch search)
        {
            Improvements = new int[graph.LargestMoveBlock(search._focal)];
            Choices = search._others.Select(j => new ulong[graph.LargestMoveBlock(j) + 1]).ToArray();
            ChoiceCounts = new int[search._others.Length];
            Counter = new int[search._others.Length];
            var lastWidth = search._last < 0 ? 0 : BitPacking.Width(search._lastMask);
            LastAllowed = new ulong[Math.Max(1, (1 << lastWidth) >> 6)];
            LastAllowedKeys = new ulong[search._last < 0 ? 1 : graph.LargestMoveBlock(search._last) + 1];
        }

        internal int[] Improvements { get; }
        internal ulong[][] Choices { get; }
        internal int[] ChoiceCounts { get; }
        internal int[] Counter { get; }
        internal ulong[] LastAllowed { get; }
        internal ulong[] LastAllowedKeys { get; }
        internal int LastAllowedCount { get; set; }

        /// <summary>Steps taken so far (states looked at, responses combined, block positions scanned, bitset words read): the cost estimate's unit.</summary>
        internal long Work;
    }

    public Scratch CreateScratch() => new(_graph, this);

    /// <summary>
    /// True when every focal improvement from <paramref name="s"/> is sanctioned – simultaneously, or, when
    /// <paramref name="sequentialReach"/> is given, sequentially (sequentialReach[s1] ≤ rank(s)).
    /// </summary>
    public bool IsStable(int s, int[]? sequentialReach, Scratch scratch)
    {
        var value = _value;
        if (value[s] == Hidden) return false;
        var ranks = _graph.Ranks[_focal];
        var codes = _graph.Codes;
        var limit = ranks[s];
        var from = codes[s];

        var improvementCount = 0;
        var hardest = 0;
        var hardestBound = int.MinValue;
        var better = _graph.BetterInMoveBlock(_focal, s);
        scratch.Work += better.Length + 1;
        foreach (var t in better)
        {
            if (value[t] == Hidden || !_graph.IsLegalChange(from, codes[t])) continue;
            if (sequentialReach is not null && sequentialReach[t] <= limit) continue;
            if (_sliceMin is not null)
            {
                var bound = _sliceMin[BitPacking.Extract(codes[t], _focalMask)];
                if (bound > limit) return false;
                if (bound > hardestBound) (hardestBound, hardest) = (bound, improvementCount);
            }
            scratch.Improvements[improvementCount++] = t;
        }
        // Try first the improvement whose outcomes are least bad for the focal DM: if any improvement goes
        // unsanctioned it is likely that one, and an unstable state is then settled after one search.
        (scratch.Improvements[0], scratch.Improvements[hardest]) = (scratch.Improvements[hardest], scratch.Improvements[0]);
        if (improvementCount == 0) return true;
        if (_last < 0) return false;

        CollectChoices(s, scratch);
        try
        {
            for (var k = 0; k < improvementCount; k++)
                if (!Sanctioned(scratch.Improvements[k], limit, scratch)) return false;
            return true;
        }
        finally
        {
            for (var k = 0; k < scratch.LastAllowedCount; k++)
            {
                var key = scratch.LastAllowedKeys[k];
                scratch.LastAllowed[key >> 6] &= ~(1UL << (int)(key & 63));
            }
            scratch.LastAllowedCount = 0;
        }
    }

    /// <summary>Each opponent's options after staying or one of its unilateral improvements from s.</summary>
    private void CollectChoices(int s, Scratch scratch)
    {
        var codes = _graph.Codes;
        var from = codes[s];
        for (var j = 0; j < _others.Length; j++)
        {
            var mover = _others[j];
            var mask = _graph.OptionMasks[mover];
            var choices = scratch.Choices[j];
            var count = 0;
            choices[count++] = from & mask;
            var better = _graph.BetterInMoveBlock(mover, s);
            scratch.Work += better.Length;
            foreach (var t in better)
                if (_graph.IsLegalChange(from, codes[t])) choices[count++] = codes[t] & mask;
            scratch.ChoiceCounts[j] = count;
        }

        AllowLast(BitPacking.Extract(from, _lastMask), scratch);
        var lastBetter = _graph.BetterInMoveBlock(_last, s);
        scratch.Work += lastBetter.Length;
        foreach (var t in lastBetter)
            if (_graph.IsLegalChange(from, codes[t]))
                AllowLast(BitPacking.Extract(codes[t], _lastMask), scratch);
    }

    private static void AllowLast(ulong key, Scratch scratch)
    {
        scratch.LastAllowed[key >> 6] |= 1UL << (int)(key & 63);
        scratch.LastAllowedKeys[scratch.LastAllowedCount++] = key;
    }

    private bool Sanctioned(int s1, int limit, Scratch scratch)
    {
        var codes = _graph.Codes;
        var counter = scratch.Counter;
        Array.Clear(counter);
        var allowed = scratch.LastAllowed;
        var code1 = codes[s1];
        while (true)
        {
            var pattern = code1;
            for (var j = 0; j < _others.Length; j++)
            {
                var mask = _graph.OptionMasks[_others[j]];
                pattern = (pattern & ~mask) | scratch.Choices[j][counter[j]];
            }
            var block = BlockOfPattern(pattern);
            scratch.Work++;
            if (block >= 0)
            {
                if (_prefixKeys is not null ? AnyAllowedByPrefix(block, limit, allowed, scratch) : AnyAllowedByScan(block, limit, allowed, scratch)) return true;
            }
            if (!Advance(counter, scratch.ChoiceCounts)) return false;
        }
    }

    private bool AnyAllowedByScan(int block, int limit, ulong[] allowed, Scratch scratch)
    {
        var end = _blockStart[block + 1];
        for (var p = _blockStart[block]; p < end; p++)
        {
            scratch.Work++;
            if (_sortedValue[p] > limit) return false;
            var key = _sortedLastKey[p];
            if ((allowed[key >> 6] >> (int)(key & 63) & 1) != 0) return true;
        }
        return false;
    }

    private bool AnyAllowedByPrefix(int block, int limit, ulong[] allowed, Scratch scratch)
    {
        scratch.Work += _keyWords + 8;
        var start = _blockStart[block];
        if (_sortedValue[start] > limit) return false;
        // The last position whose value is within the limit (values ascend within the block).
        int lo = start, hi = _blockStart[block + 1] - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_sortedValue[mid] <= limit) lo = mid;
            else hi = mid - 1;
        }
        var prefix = _prefixKeys.AsSpan((int)((long)lo * _keyWords), _keyWords);
        for (var w = 0; w < prefix.Length; w++)
            if ((prefix[w] & allowed[w]) != 0) return true;
        return false;
    }

    private static bool Advance(int[] counter, int[] counts)
    {
        for (var j = 0; j < counter.Length; j++)
        {
            if (++counter[j] < counts[j]) return true;
            counter[j] = 0;
        }
        return false;
    }
}
