using System.Numerics;
using Parley.Core.Evaluation;

namespace Parley.Bargaining;

/// <summary>
/// Lists the ZOPA page by page in lexicographic order of option indices (first issue most significant)
/// and draws uniform samples from it, without listing what comes before. The package of a given rank is
/// found digit by digit: for each option of the next issue, count the zone packages that start with the
/// prefix so far and that option (<see cref="ZopaCounter"/>), and descend into the option the rank falls
/// in. From there the following packages come from a depth-first walk that prunes prefixes which can no
/// longer reach every reservation value or that already hit a red line.
/// </summary>
public static class ZoneExplorer
{
    /// <summary>Below this many completions a prefix is walked instead of counted.</summary>
    private const double WalkLimit = 1 << 14;

    public static IReadOnlyList<int[]> Page(BargainingProblem problem, BigInteger offset, int size, CancellationToken cancellation = default)
    {
        if (size <= 0 || offset < 0) return [];
        var start = Unrank(problem, offset, cancellation);
        return start is null ? [] : WalkFrom(problem, start).Take(size).ToList();
    }

    /// <summary>
    /// Uniform samples with replacement; empty when the zone is empty. The ranks are drawn first and then unranked
    /// together in one descent (<see cref="UnrankAll"/>): each prefix is counted once for all the samples under it
    /// instead of once per sample, which made 100,000 samples of the built-in scenario take over two minutes.
    /// </summary>
    public static IReadOnlyList<int[]> Sample(BargainingProblem problem, int count, int seed, CancellationToken cancellation = default, IProgress<double>? progress = null)
    {
        var total = ZopaCounter.Count(problem, cancellation: cancellation);
        if (!total.IsExact) throw new NotSupportedException("uniform sampling needs an exact zone count; this zone is too large to count exactly");
        if (total.Exact.IsZero) return [];
        var random = new Random(seed);
        var bytes = total.Exact.ToByteArray().Length + 8;
        var ranks = new BigInteger[count];
        for (var s = 0; s < count; s++)
        {
            var buffer = new byte[bytes];
            random.NextBytes(buffer);
            buffer[^1] = 0;
            ranks[s] = new BigInteger(buffer) % total.Exact;
        }
        return UnrankAll(problem, ranks, cancellation, progress);
    }

    /// <summary>How many zone counts the last <see cref="UnrankAll"/> on this thread made (for tests of its cost).</summary>
    [ThreadStatic] internal static long CountsMade;

    /// <summary>
    /// <see cref="Unrank"/> of every rank (each below the zone's size), in the order given: the ranks are sorted and
    /// split among the options of each issue in turn, so a prefix shared by many ranks is counted once, and a
    /// prefix small enough to walk is walked once for all its ranks.
    /// </summary>
    public static int[][] UnrankAll(BargainingProblem problem, IReadOnlyList<BigInteger> ranks, CancellationToken cancellation = default, IProgress<double>? progress = null)
    {
        CountsMade = 0;
        var n = problem.IssueCount;
        var result = new int[ranks.Count][];
        var order = Enumerable.Range(0, ranks.Count).OrderBy(i => ranks[i]).ToArray();
        var sorted = order.Select(i => ranks[i]).ToArray();
        var done = 0;
        var prefix = Enumerable.Repeat(Package.Open, n).ToArray();
        Descend(0, 0, sorted.Length, BigInteger.Zero);
        return result;

        // Ranks sorted[from..to) fall under the prefix fixed up to issue; offset = the rank of the prefix's first package.
        void Descend(int issue, int from, int to, BigInteger offset)
        {
            cancellation.ThrowIfCancellationRequested();
            var rest = 1.0;
            for (var j = issue; j < n; j++) rest *= problem.OptionCounts[j];
            if (rest <= WalkLimit)
            {
                var start = (int[])prefix.Clone();
                for (var j = issue; j < n; j++) start[j] = 0;
                var index = offset;
                var next = from;
                foreach (var package in WalkFrom(problem, start))
                {
                    if (next == to || !SamePrefix(package, prefix, issue)) break;
                    for (var first = true; next < to && sorted[next] == index; first = false) result[order[next++]] = first ? package : (int[])package.Clone();
                    index++;
                }
                Finish(to - from);
                return;
            }
            var at = from;
            for (var o = 0; o < problem.OptionCounts[issue] && at < to; o++)
            {
                cancellation.ThrowIfCancellationRequested();
                prefix[issue] = o;
                var count = ZopaCounter.Count(problem, Restrict(problem, prefix), cancellation: cancellation);
                CountsMade++;
                if (!count.IsExact) throw new NotSupportedException("paging needs exact zone counts; this zone is too large to count exactly");
                var end = offset + count.Exact;
                var until = at;
                while (until < to && sorted[until] < end) until++;
                if (until > at) Descend(issue + 1, at, until, offset);
                at = until;
                offset = end;
            }
            prefix[issue] = Package.Open;
            Finish(to - at);
        }

        void Finish(int ranksSettled)
        {
            done += ranksSettled;
            progress?.Report((double)done / Math.Max(1, sorted.Length));
        }
    }

    /// <summary>The zone package with this rank in lexicographic order, or null when the zone has fewer packages.</summary>
    public static int[]? Unrank(BargainingProblem problem, BigInteger rank, CancellationToken cancellation = default)
    {
        var n = problem.IssueCount;
        var prefix = Enumerable.Repeat(Package.Open, n).ToArray();
        for (var issue = 0; issue < n; issue++)
        {
            var rest = 1.0;
            for (var j = issue; j < n; j++) rest *= problem.OptionCounts[j];
            if (rest <= WalkLimit)
            {
                var start = (int[])prefix.Clone();
                for (var j = issue; j < n; j++) start[j] = 0;
                foreach (var package in WalkFrom(problem, start))
                {
                    if (!SamePrefix(package, prefix, issue)) return null;
                    if (rank.IsZero) return package;
                    rank--;
                }
                return null;
            }
            var chosen = -1;
            for (var o = 0; o < problem.OptionCounts[issue]; o++)
            {
                cancellation.ThrowIfCancellationRequested();
                prefix[issue] = o;
                var count = ZopaCounter.Count(problem, Restrict(problem, prefix), cancellation: cancellation);
                if (!count.IsExact) throw new NotSupportedException("paging needs exact zone counts; this zone is too large to count exactly");
                if (rank < count.Exact) { chosen = o; break; }
                rank -= count.Exact;
            }
            if (chosen < 0) return null;
            prefix[issue] = chosen;
        }
        return prefix;
    }

    private static bool SamePrefix(int[] package, int[] prefix, int length)
    {
        for (var i = 0; i < length; i++)
            if (package[i] != prefix[i]) return false;
        return true;
    }

    private static bool[][] Restrict(BargainingProblem problem, int[] prefix) =>
        problem.OptionCounts.Select((c, i) => Enumerable.Range(0, c).Select(o => prefix[i] == Package.Open || prefix[i] == o).ToArray()).ToArray();

    /// <summary>Zone packages in lexicographic order from <paramref name="start"/> (inclusive).</summary>
    public static IEnumerable<int[]> WalkFrom(BargainingProblem problem, int[] start)
    {
        var n = problem.IssueCount;
        var d = problem.Dimensions;
        var best = problem.BestByIssue();
        var suffix = new long[n + 1, d];
        for (var i = n - 1; i >= 0; i--)
            for (var k = 0; k < d; k++) suffix[i, k] = suffix[i + 1, k] + best[i][k];
        var choices = Enumerable.Repeat(Package.Open, n).ToArray();
        var partial = new long[n + 1, d];
        return Walk(0, true);

        IEnumerable<int[]> Walk(int issue, bool onStartPath)
        {
            if (issue == n)
            {
                yield return (int[])choices.Clone();
                yield break;
            }
            for (var o = onStartPath ? start[issue] : 0; o < problem.OptionCounts[issue]; o++)
            {
                choices[issue] = o;
                var reachable = true;
                for (var k = 0; k < d; k++)
                {
                    partial[issue + 1, k] = partial[issue, k] + problem.Contributions[issue][o * d + k];
                    if (partial[issue + 1, k] + suffix[issue + 1, k] < problem.Reservations[k]) reachable = false;
                }
                if (reachable && !HitsRedLine(problem, choices))
                    foreach (var package in Walk(issue + 1, onStartPath && o == start[issue])) yield return package;
            }
            choices[issue] = Package.Open;
        }
    }

    private static bool HitsRedLine(BargainingProblem problem, int[] partial)
    {
        foreach (var r in problem.RedLines)
        {
            var hit = true;
            for (var c = 0; c < r.Issues.Length && hit; c++)
            {
                var chosen = partial[r.Issues[c]];
                hit = chosen != Package.Open && r.Options[c][chosen];
            }
            if (hit) return true;
        }
        return false;
    }
}
