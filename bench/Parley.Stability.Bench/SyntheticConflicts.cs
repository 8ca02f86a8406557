using Parley.Stability.Model;

namespace Parley.Stability.Bench;

/// <summary>
/// Random conflicts of a given size with a fixed seed: options dealt to decision makers round-robin, about
/// one infeasibility pattern per four options (or a single three-option pattern, leaving 7/8 of all states feasible), one option in ten irreversible, and five to eight prioritised
/// preference statements per decision maker (patterns and OR-combinations over any options).
/// </summary>
internal static class SyntheticConflicts
{
    public static Conflict Create(int decisionMakers, int options, int seed, bool nearlyAllFeasible = false)
    {
        var random = new Random(seed);
        var opts = Enumerable.Range(0, options).Select(k => new ConflictOption($"option {k + 1}",
            random.NextDouble() < 0.1 ? (random.Next(2) == 0 ? OptionDirection.Forward : OptionDirection.Backward) : OptionDirection.Both)).ToArray();
        var infeasible = Enumerable.Range(0, nearlyAllFeasible ? 1 : Math.Max(1, options / 4))
            .Select(_ => (StateCondition)Pattern(random, options, nearlyAllFeasible ? 3 : 2, 3)).ToArray();
        var dms = Enumerable.Range(0, decisionMakers).Select(d => new DecisionMaker(
            $"DM {d + 1}",
            Enumerable.Range(0, options).Where(k => k % decisionMakers == d).ToArray(),
            new PrioritizedPreference(Enumerable.Range(0, random.Next(5, 9)).Select(_ => random.Next(4) == 0
                ? (StateCondition)new AnyOf([Pattern(random, options, 1, 2), Pattern(random, options, 1, 2)])
                : Pattern(random, options, 1, 3)).ToArray()))).ToArray();
        return new Conflict($"synthetic-{decisionMakers}dm-{options}opt-seed{seed}{(nearlyAllFeasible ? "-dense" : "")}", opts, dms, infeasible);
    }

    private static OptionPattern Pattern(Random random, int n, int min, int max)
    {
        ulong yes = 0, no = 0;
        foreach (var k in Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(random.Next(min, max + 1)))
            if (random.Next(2) == 0) yes |= 1UL << k;
            else no |= 1UL << k;
        return new OptionPattern(yes, no);
    }
}
