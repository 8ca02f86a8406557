using Parley.Stability.Analysis;
using Parley.Stability.Model;

namespace Parley.Stability.Tests;

/// <summary>
/// A deliberately naive implementation of the graph-model definitions (Fang, Hipel &amp; Kilgour 1993; Xu,
/// Hipel, Kilgour &amp; Fang 2018), written with sets and recursion and sharing no code with the engine
/// beyond the model records. States are option bit patterns; only small conflicts are feasible.
/// </summary>
internal sealed class ReferenceStability
{
    private readonly Conflict _conflict;

    public ReferenceStability(Conflict conflict)
    {
        _conflict = conflict;
        var all = Enumerable.Range(0, 1 << conflict.OptionCount).Select(i => (ulong)i);
        States = all.Where(s => !conflict.Infeasible.Any(c => c.Holds(s))).ToList();
        Payoff = conflict.DecisionMakers.Select(dm => States.ToDictionary(s => s, s => PayoffOf(dm, s))).ToArray();
    }

    /// <summary>Feasible states in gmcr-py order (ascending bit pattern).</summary>
    public List<ulong> States { get; }

    public Dictionary<ulong, long>[] Payoff { get; }

    private long PayoffOf(DecisionMaker dm, ulong state)
    {
        switch (dm.Preference)
        {
            case PrioritizedPreference p:
                long score = 0;
                for (var k = 0; k < p.Statements.Count; k++)
                    if (p.Statements[k].Holds(state)) score += 1L << (p.Statements.Count - 1 - k);
                return score;
            case RankedPreference r:
                for (var t = 0; t < r.TiersBestFirst.Count; t++)
                    if (r.TiersBestFirst[t].Contains(state)) return -t;
                throw new InvalidOperationException("unranked state");
            default:
                throw new InvalidOperationException();
        }
    }

    private ulong Mask(int dm) => _conflict.DecisionMakers[dm].Options.Aggregate(0UL, (m, o) => m | 1UL << o);

    public bool Perceives(int dm, ulong state) => !_conflict.DecisionMakers[dm].MisperceivedStates.Any(c => c.Holds(state));

    /// <summary>R_dm(s): one unilateral move, respecting the direction of every changed option.</summary>
    public HashSet<ulong> Reach(int dm, ulong s)
    {
        var result = new HashSet<ulong>();
        foreach (var t in States)
        {
            if (t == s) continue;
            var changed = s ^ t;
            if ((changed & ~Mask(dm)) != 0) continue;
            var legal = true;
            for (var k = 0; k < _conflict.OptionCount; k++)
            {
                if ((changed >> k & 1) == 0) continue;
                var becomesTaken = (t >> k & 1) != 0;
                var direction = _conflict.Options[k].Direction;
                if (becomesTaken && direction == OptionDirection.Backward) legal = false;
                if (!becomesTaken && direction == OptionDirection.Forward) legal = false;
            }
            if (legal) result.Add(t);
        }
        return result;
    }

    public HashSet<ulong> Improvements(int dm, ulong s) => Reach(dm, s).Where(t => Payoff[dm][t] > Payoff[dm][s]).ToHashSet();

    /// <summary>
    /// R_H(s) or R_H^+(s): states reachable from s by a legal sequence of moves (improvements) by members of H
    /// in which no decision maker moves twice in a row, through states the observer perceives.
    /// </summary>
    public HashSet<ulong> CoalitionReach(IReadOnlyList<int> coalition, ulong s, bool improvementsOnly, int observer)
    {
        var reached = new HashSet<ulong>();
        var visited = new HashSet<(ulong, int)>();
        Visit(s, -1);
        return reached;

        void Visit(ulong state, int lastMover)
        {
            if (!visited.Add((state, lastMover))) return;
            foreach (var mover in coalition)
            {
                if (mover == lastMover) continue;
                var next = improvementsOnly ? Improvements(mover, state) : Reach(mover, state);
                foreach (var t in next)
                {
                    if (!Perceives(observer, t)) continue;
                    reached.Add(t);
                    Visit(t, mover);
                }
            }
        }
    }

    private List<int> Opponents(int dm) => Enumerable.Range(0, _conflict.DecisionMakers.Count).Where(d => d != dm).ToList();

    private IEnumerable<ulong> FocalImprovements(int dm, ulong s) => Improvements(dm, s).Where(t => Perceives(dm, t));

    private bool NotBetter(int dm, ulong x, ulong s) => Payoff[dm][x] <= Payoff[dm][s];

    public bool IsStable(SolutionConcept concept, int dm, ulong s)
    {
        if (!Perceives(dm, s)) return false;
        var opponents = Opponents(dm);
        return concept switch
        {
            SolutionConcept.Nash => !FocalImprovements(dm, s).Any(),
            SolutionConcept.Gmr => FocalImprovements(dm, s).All(s1 =>
                CoalitionReach(opponents, s1, false, dm).Any(s2 => NotBetter(dm, s2, s))),
            SolutionConcept.Smr => FocalImprovements(dm, s).All(s1 =>
                CoalitionReach(opponents, s1, false, dm).Any(s2 =>
                    NotBetter(dm, s2, s) && Reach(dm, s2).Where(s3 => Perceives(dm, s3)).All(s3 => NotBetter(dm, s3, s)))),
            SolutionConcept.Seq => FocalImprovements(dm, s).All(s1 =>
                CoalitionReach(opponents, s1, true, dm).Any(s2 => NotBetter(dm, s2, s))),
            SolutionConcept.Sim => FocalImprovements(dm, s).All(s1 => SimSanctioned(dm, s, s1)),
            SolutionConcept.SeqSim => FocalImprovements(dm, s).All(s1 =>
                CoalitionReach(opponents, s1, true, dm).Any(s2 => NotBetter(dm, s2, s)) || SimSanctioned(dm, s, s1)),
            _ => throw new ArgumentOutOfRangeException(nameof(concept)),
        };
    }

    /// <summary>Some non-empty set of opponents, each taking one of its improvements from s at the same time as the focal move.</summary>
    private bool SimSanctioned(int dm, ulong s, ulong s1)
    {
        var opponents = Opponents(dm);
        var choices = opponents.Select(j => new ulong?[] { null }.Concat(Improvements(j, s).Select(t => (ulong?)t)).ToList()).ToList();
        foreach (var combination in Cartesian(choices))
        {
            if (combination.All(c => c is null)) continue;
            var x = s1;
            for (var j = 0; j < opponents.Count; j++)
                if (combination[j] is { } t) x = (x & ~Mask(opponents[j])) | (t & Mask(opponents[j]));
            if (States.Contains(x) && Perceives(dm, x) && NotBetter(dm, x, s)) return true;
        }
        return false;
    }

    private static IEnumerable<List<ulong?>> Cartesian(List<List<ulong?>> lists)
    {
        IEnumerable<List<ulong?>> result = [[]];
        foreach (var list in lists)
            result = result.SelectMany(prefix => list.Select(item => prefix.Append(item).ToList()));
        return result;
    }
}
