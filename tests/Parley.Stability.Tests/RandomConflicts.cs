using Parley.Stability.Model;

namespace Parley.Stability.Tests;

/// <summary>Small random conflicts with ties, irreversible options, infeasible states and misperceptions.</summary>
internal static class RandomConflicts
{
    public static Conflict Create(int seed, int decisionMakers, int maxOptionsPerDm = 3, bool misperceptions = false)
    {
        var random = new Random(seed);
        var owners = new List<int>();
        for (var d = 0; d < decisionMakers; d++)
        {
            var count = random.Next(1, maxOptionsPerDm + 1);
            for (var k = 0; k < count; k++) owners.Add(d);
        }
        // Shuffle ownership so decision makers' options are not contiguous bits.
        owners = owners.OrderBy(_ => random.Next()).ToList();
        var n = owners.Count;
        var options = Enumerable.Range(0, n).Select(k => new ConflictOption($"o{k}",
            random.NextDouble() switch { < 0.7 => OptionDirection.Both, < 0.85 => OptionDirection.Forward, _ => OptionDirection.Backward })).ToArray();

        var infeasible = new List<StateCondition>();
        var infeasibleCount = random.Next(0, 3);
        for (var i = 0; i < infeasibleCount; i++) infeasible.Add(RandomPattern(random, n, 2, 3));

        var feasible = Enumerable.Range(0, 1 << n).Select(s => (ulong)s).Where(s => !infeasible.Any(c => c.Holds(s))).ToList();
        if (feasible.Count < 2) infeasible.Clear();
        feasible = Enumerable.Range(0, 1 << n).Select(s => (ulong)s).Where(s => !infeasible.Any(c => c.Holds(s))).ToList();

        var dms = Enumerable.Range(0, decisionMakers).Select(d =>
        {
            Preference preference;
            if (random.Next(2) == 0)
            {
                var statements = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomStatement(random, n)).ToArray();
                preference = new PrioritizedPreference(statements);
            }
            else
            {
                var tierCount = random.Next(1, feasible.Count + 1);
                var tiers = Enumerable.Range(0, tierCount).Select(_ => new List<ulong>()).ToList();
                foreach (var state in feasible.OrderBy(_ => random.Next())) tiers[random.Next(tierCount)].Add(state);
                preference = new RankedPreference(tiers.Where(t => t.Count > 0).Select(t => (IReadOnlyList<ulong>)t.ToArray()).ToArray());
            }
            IReadOnlyList<StateCondition>? misperceived = misperceptions && random.Next(3) == 0 ? [RandomPattern(random, n, 2, 3)] : null;
            return new DecisionMaker($"DM{d}", Enumerable.Range(0, n).Where(k => owners[k] == d).ToArray(), preference, misperceived);
        }).ToArray();
        return new Conflict($"random-{seed}", options, dms, infeasible);
    }

    private static OptionPattern RandomPattern(Random random, int n, int minLiterals, int maxLiterals)
    {
        ulong yes = 0, no = 0;
        var literals = Math.Min(n, random.Next(minLiterals, maxLiterals + 1));
        foreach (var k in Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(literals))
            if (random.Next(2) == 0) yes |= 1UL << k;
            else no |= 1UL << k;
        return new OptionPattern(yes, no);
    }

    private static StateCondition RandomStatement(Random random, int n)
    {
        var a = RandomPattern(random, n, 1, 2);
        var b = RandomPattern(random, n, 1, 2);
        return random.Next(6) switch
        {
            0 => new AnyOf([a, b]),
            1 => new Implies(a, b),
            2 => new Iff(a, b),
            3 => new Not(a),
            _ => a,
        };
    }
}
