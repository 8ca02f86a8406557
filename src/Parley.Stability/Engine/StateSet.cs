using System.Numerics;

namespace Parley.Stability.Engine;

/// <summary>A set of state indexes (0..Capacity-1) stored as a bitset.</summary>
public sealed class StateSet
{
    private readonly ulong[] _words;

    public StateSet(int capacity)
    {
        Capacity = capacity;
        _words = new ulong[(capacity + 63) >> 6];
    }

    public int Capacity { get; }

    public bool Contains(int state) => (_words[state >> 6] >> (state & 63) & 1) != 0;

    /// <summary>Not thread-safe across words; parallel writers must own whole 64-state words.</summary>
    public void Add(int state) => _words[state >> 6] |= 1UL << (state & 63);

    public void Set(int state, bool value)
    {
        if (value) Add(state);
        else _words[state >> 6] &= ~(1UL << (state & 63));
    }

    public int Count
    {
        get
        {
            var count = 0;
            foreach (var word in _words) count += BitOperations.PopCount(word);
            return count;
        }
    }

    public static StateSet Full(int capacity)
    {
        var set = new StateSet(capacity);
        Array.Fill(set._words, ulong.MaxValue);
        var tail = capacity & 63;
        if (tail != 0) set._words[^1] = (1UL << tail) - 1;
        return set;
    }

    public void IntersectWith(StateSet other)
    {
        for (var w = 0; w < _words.Length; w++) _words[w] &= other._words[w];
    }

    public void UnionWith(StateSet other)
    {
        for (var w = 0; w < _words.Length; w++) _words[w] |= other._words[w];
    }

    public StateSet Clone()
    {
        var copy = new StateSet(Capacity);
        Array.Copy(_words, copy._words, _words.Length);
        return copy;
    }

    public IEnumerable<int> Members()
    {
        for (var w = 0; w < _words.Length; w++)
        {
            var word = _words[w];
            while (word != 0)
            {
                yield return (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }
    }

    /// <summary>Builds a set from a predicate evaluated in parallel, one 64-state word per work item.</summary>
    /// <param name="parallel">the graph's bound on threads and its cancellation (<see cref="ConflictGraph.Parallel"/>); null = one per processor</param>
    public static StateSet FromPredicate(int capacity, Func<int, bool> predicate, ParallelOptions? parallel = null)
    {
        var set = new StateSet(capacity);
        var words = set._words;
        Parallel.For(0, words.Length, parallel ?? StabilityOptions.Default.ToParallelOptions(), w =>
        {
            ulong word = 0;
            var end = Math.Min(64, capacity - (w << 6));
            for (var b = 0; b < end; b++)
                if (predicate((w << 6) + b)) word |= 1UL << b;
            words[w] = word;
        });
        return set;
    }
}
