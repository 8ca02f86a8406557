using Parley.Stability.Model;

namespace Parley.Stability.Engine;

/// <summary>Turns a decision maker's preference into a dense rank per feasible state (0 = least preferred).</summary>
internal static class PreferenceRanks
{
    public static int[] Compute(DecisionMaker dm, ulong[] codes, string conflictName, ParallelOptions? parallel = null) => dm.Preference switch
    {
        PrioritizedPreference p => FromPrioritization(p, codes, parallel, $"{conflictName}: decision maker '{dm.Name}'"),
        RankedPreference r => FromRanking(r, codes, $"{conflictName}: decision maker '{dm.Name}'"),
        _ => throw new ConflictModelException("has no preference", $"{conflictName}: decision maker '{dm.Name}'"),
    };

    /// <summary>Scores as gmcr-py does: statement k of n contributes 2^(n-1-k) when it holds.</summary>
    public static long[] Scores(PrioritizedPreference preference, ulong[] codes, ParallelOptions? parallel = null)
    {
        var statements = preference.Statements;
        var scores = new long[codes.Length];
        Parallel.For(0, codes.Length, parallel ?? StabilityOptions.Default.ToParallelOptions(), s =>
        {
            long score = 0;
            for (var k = 0; k < statements.Count; k++)
                if (statements[k].Holds(codes[s])) score += 1L << (statements.Count - 1 - k);
            scores[s] = score;
        });
        return scores;
    }

    private static int[] FromPrioritization(PrioritizedPreference preference, ulong[] codes, ParallelOptions? parallel, string where)
    {
        if (preference.Statements.Count > 62)
            throw new ConflictModelException($"has {preference.Statements.Count} preference statements; at most 62 are supported", where);
        return DenseRanks(Scores(preference, codes, parallel));
    }

    internal static int[] DenseRanks(long[] scores)
    {
        var distinct = scores.Distinct().Order().ToArray();
        var ranks = new int[scores.Length];
        for (var s = 0; s < scores.Length; s++) ranks[s] = Array.BinarySearch(distinct, scores[s]);
        return ranks;
    }

    private static int[] FromRanking(RankedPreference ranking, ulong[] codes, string where)
    {
        var ranks = new int[codes.Length];
        Array.Fill(ranks, -1);
        var tiers = ranking.TiersBestFirst;
        for (var t = 0; t < tiers.Count; t++)
        {
            foreach (var code in tiers[t])
            {
                var index = Array.BinarySearch(codes, code);
                if (index < 0)
                    throw new ConflictModelException($"the preference ranking lists state {code} (decimal), which is infeasible", where);
                if (ranks[index] >= 0)
                    throw new ConflictModelException($"the preference ranking lists state {index + 1} (decimal {code}) twice", where);
                ranks[index] = tiers.Count - 1 - t;
            }
        }
        var missing = Array.IndexOf(ranks, -1);
        if (missing >= 0)
            throw new ConflictModelException(
                $"the preference ranking omits state {missing + 1} (decimal {codes[missing]}); every feasible state must be ranked", where);
        return ranks;
    }
}
