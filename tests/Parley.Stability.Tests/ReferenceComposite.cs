using Parley.Stability.Analysis;
using Parley.Stability.Model;

namespace Parley.Stability.Tests;

/// <summary>
/// The composite-decision-maker analysis written straight from its definition, on option bit patterns with
/// sets and recursion: each group of decision makers controls the union of its members' options and prefers t
/// to s only when every member's payoff is strictly higher at t (gmcr-py's rule). Shares nothing with the
/// engine but the payoffs and the feasible states computed by <see cref="ReferenceStability"/>.
/// </summary>
internal sealed class ReferenceComposite(Conflict conflict, IReadOnlyList<int[]> groups)
{
    private readonly ReferenceStability _base = new(conflict);

    public List<ulong> States => _base.States;

    private ulong Mask(int g) => groups[g].SelectMany(d => conflict.DecisionMakers[d].Options).Aggregate(0UL, (m, o) => m | 1UL << o);

    public bool Better(int g, ulong t, ulong s) => groups[g].All(d => _base.Payoff[d][t] > _base.Payoff[d][s]);

    public IEnumerable<ulong> Reach(int g, ulong s) => States.Where(t =>
    {
        if (t == s || ((s ^ t) & ~Mask(g)) != 0) return false;
        for (var k = 0; k < conflict.OptionCount; k++)
        {
            if (((s ^ t) >> k & 1) == 0) continue;
            var taken = (t >> k & 1) != 0;
            if (taken && conflict.Options[k].Direction == OptionDirection.Backward) return false;
            if (!taken && conflict.Options[k].Direction == OptionDirection.Forward) return false;
        }
        return true;
    });

    private IEnumerable<ulong> Improvements(int g, ulong s) => Reach(g, s).Where(t => Better(g, t, s));

    private HashSet<ulong> Chains(int focal, ulong s, bool improving)
    {
        var reached = new HashSet<ulong>();
        var visited = new HashSet<(ulong, int)>();
        Visit(s, -1);
        return reached;

        void Visit(ulong state, int last)
        {
            if (!visited.Add((state, last))) return;
            for (var h = 0; h < groups.Count; h++)
            {
                if (h == focal || h == last) continue;
                foreach (var t in improving ? Improvements(h, state) : Reach(h, state))
                {
                    reached.Add(t);
                    Visit(t, h);
                }
            }
        }
    }

    public bool IsStable(SolutionConcept concept, int g, ulong s)
    {
        bool NotBetter(ulong x) => !Better(g, x, s);
        bool Seq(ulong s1) => Chains(g, s1, true).Any(NotBetter);
        bool Sim(ulong s1)
        {
            var others = Enumerable.Range(0, groups.Count).Where(h => h != g).ToList();
            IEnumerable<List<ulong?>> combos = [[]];
            foreach (var h in others)
                combos = combos.SelectMany(prefix => new ulong?[] { null }.Concat(Improvements(h, s).Select(t => (ulong?)t)).Select(c => prefix.Append(c).ToList()));
            return combos.Any(combo =>
            {
                if (combo.All(c => c is null)) return false;
                var x = s1;
                for (var i = 0; i < others.Count; i++)
                    if (combo[i] is { } t) x = (x & ~Mask(others[i])) | (t & Mask(others[i]));
                return States.Contains(x) && NotBetter(x);
            });
        }
        return Improvements(g, s).All(s1 => concept switch
        {
            SolutionConcept.Nash => false,
            SolutionConcept.Gmr => Chains(g, s1, false).Any(NotBetter),
            SolutionConcept.Smr => Chains(g, s1, false).Any(s2 => NotBetter(s2) && Reach(g, s2).All(NotBetter)),
            SolutionConcept.Seq => Seq(s1),
            SolutionConcept.Sim => Sim(s1),
            SolutionConcept.SeqSim => Seq(s1) || Sim(s1),
            _ => throw new ArgumentOutOfRangeException(nameof(concept)),
        });
    }
}
