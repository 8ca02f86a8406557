using Parley.Core.Evaluation;

namespace Parley.Bargaining;

/// <summary>
/// Lists every complete package without allocating per package: an odometer over option indices with
/// running utility sums, split into independent chunks over the leading issues for all cores. It is the
/// reference the faster engines are checked against, and exact for any red lines.
/// </summary>
public static class ExhaustiveAnalysis
{
    public const double MaxPackages = 2e9;

    /// <param name="maxDegreeOfParallelism">at most this many threads; null = one per processor</param>
    public static AgreementSpaceSummary Run(UtilityModel model, int top = 5, IProgress<double>? progress = null, CancellationToken cancellation = default,
        int? maxDegreeOfParallelism = null)
    {
        var counts = model.OptionCounts;
        var total = counts.Aggregate(1.0, (n, c) => n * c);
        if (total > MaxPackages)
            throw new InvalidOperationException($"exhaustive enumeration is limited to {MaxPackages:0.#e0} packages; this scenario has {total:0.###e0}");
        if (counts.Length == 0) return new AgreementSpaceSummary(1, 0, []);

        var required = model.Required.Select(i => model.Parties[i]).ToArray();
        var splitIssues = ChooseSplit(counts);
        var chunkCount = 1;
        for (var i = 0; i < splitIssues; i++) chunkCount *= counts[i];
        var perChunk = total / chunkCount;

        long acceptable = 0;
        long done = 0;
        var bests = new List<RankedPackage>();
        var gate = new object();
        Parallel.For(0, chunkCount, new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism ?? Environment.ProcessorCount) }, () => new ChunkState(top),
            (chunk, _, state) =>
            {
                state.Run(model, required, counts, splitIssues, chunk, cancellation);
                var finished = Interlocked.Increment(ref done);
                progress?.Report(finished * perChunk / total);
                return state;
            },
            state =>
            {
                lock (gate)
                {
                    acceptable += state.Acceptable;
                    bests.AddRange(state.Best.Select(b => b.ToRanked(model)));
                }
            });

        // Ties in the order of the options, issue by issue (numerically: option 2 before option 10).
        var ordered = bests.OrderByDescending(b => b.NashProduct)
            .ThenBy(b => b.Package.Choices.ToArray(), Comparer<int[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).Take(top).ToList();
        return new AgreementSpaceSummary(total, acceptable, ordered);
    }

    /// <summary>Enough leading issues to give each core several chunks, without making chunks tiny.</summary>
    private static int ChooseSplit(int[] counts)
    {
        var chunks = 1;
        var split = 0;
        while (split < counts.Length - 1 && chunks < Environment.ProcessorCount * 16)
            chunks *= counts[split++];
        return split;
    }

    private sealed class ChunkState(int top)
    {
        public long Acceptable;
        public readonly List<(int[] Choices, double Nash)> Best = [];

        public void Run(UtilityModel model, PartyUtility[] required, int[] counts, int splitIssues, int chunk, CancellationToken cancellation)
        {
            var n = counts.Length;
            var choices = new int[n];
            var rest = chunk;
            for (var i = splitIssues - 1; i >= 0; i--)
            {
                choices[i] = rest % counts[i];
                rest /= counts[i];
            }
            // partial[p, i] = party p's utility from issues 0..i-1, so moving the odometer's digit i only
            // recomputes sums from i on.
            var partial = new double[required.Length, n + 1];
            for (var i = 0; i < n; i++)
                for (var p = 0; p < required.Length; p++)
                    partial[p, i + 1] = partial[p, i] + required[p].Contribution(i, choices[i]);

            // Arrays rather than the parties' IReadOnlyList, whose enumerator would allocate per package.
            var redLines = required.Select(r => r.RedLines.ToArray()).ToArray();
            long steps = 0;
            while (true)
            {
                var nash = 1.0;
                var accepted = true;
                for (var p = 0; p < required.Length && accepted; p++)
                {
                    var gain = Math.Min(partial[p, n], required[p].Cap) - required[p].Reservation;
                    if (gain < -1e-12 || HitsAny(redLines[p], choices)) accepted = false;
                    else nash *= Math.Max(gain, 0);
                }
                if (accepted)
                {
                    Acceptable++;
                    Offer(choices, nash);
                }

                // Advance the odometer over the issues after the split.
                var digit = n - 1;
                while (digit >= splitIssues && ++choices[digit] == counts[digit])
                {
                    choices[digit] = 0;
                    digit--;
                }
                if (digit < splitIssues) return;
                for (var i = digit; i < n; i++)
                    for (var p = 0; p < required.Length; p++)
                        partial[p, i + 1] = partial[p, i] + required[p].Contribution(i, choices[i]);
                if ((++steps & 0xFFFF) == 0) cancellation.ThrowIfCancellationRequested();
            }
        }

        private static bool HitsAny(CompiledRedLine[] redLines, int[] choices)
        {
            for (var r = 0; r < redLines.Length; r++)
                if (redLines[r].IsHitBy(choices)) return true;
            return false;
        }

        private void Offer(int[] choices, double nash)
        {
            if (top <= 0) return;
            if (Best.Count < top)
            {
                Best.Add(((int[])choices.Clone(), nash));
                return;
            }
            // The worst kept package: the smallest product, and among equals the last in option order. A package
            // replaces it when it is better, or equal and earlier in option order: ties keep the first packages in
            // option order, as the zone listing does, whatever order a thread meets its chunks in.
            var worst = 0;
            for (var i = 1; i < Best.Count; i++)
                if (Best[i].Nash < Best[worst].Nash || (Best[i].Nash == Best[worst].Nash && Best[i].Choices.AsSpan().SequenceCompareTo(Best[worst].Choices) > 0))
                    worst = i;
            if (nash > Best[worst].Nash || (nash == Best[worst].Nash && choices.AsSpan().SequenceCompareTo(Best[worst].Choices) < 0))
                Best[worst] = ((int[])choices.Clone(), nash);
        }
    }

    private static RankedPackage ToRanked(this (int[] Choices, double Nash) best, UtilityModel model) =>
        new(new Package(best.Choices), model.Parties.Select(p => p.Utility(best.Choices)).ToArray(), best.Nash);
}
