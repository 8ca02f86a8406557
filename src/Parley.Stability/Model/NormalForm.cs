namespace Parley.Stability.Model;

/// <summary>Rewrites any condition as an OR of option patterns (disjunctive normal form).</summary>
public static class NormalForm
{
    /// <summary>Guards against blow-up: conditions whose normal form needs more patterns are rejected.</summary>
    public const int MaxTerms = 4096;

    public static IReadOnlyList<OptionPattern> ToPatterns(StateCondition condition) => Dnf(condition, negated: false);

    private static List<OptionPattern> Dnf(StateCondition c, bool negated)
    {
        switch (c)
        {
            case OptionPattern p when !negated:
                return [p];
            case OptionPattern p:
                // not (a and b and not c) = not a or not b or c
                var terms = new List<OptionPattern>();
                for (var k = 0; k < 64; k++)
                {
                    if ((p.Yes >> k & 1) != 0) terms.Add(new OptionPattern(0, 1UL << k));
                    if ((p.No >> k & 1) != 0) terms.Add(new OptionPattern(1UL << k, 0));
                }
                return terms;
            case Not n:
                return Dnf(n.Operand, !negated);
            case AnyOf any:
                return negated ? And(any.Members.Select(m => Dnf(m, true))) : Or(any.Members.Select(m => Dnf(m, false)));
            case AllOf all:
                return negated ? Or(all.Members.Select(m => Dnf(m, true))) : And(all.Members.Select(m => Dnf(m, false)));
            case Implies imp:
                return Dnf(new AnyOf([new Not(imp.Antecedent), imp.Consequent]), negated);
            case Iff iff:
                return Dnf(new AnyOf([new AllOf([iff.Left, iff.Right]), new AllOf([new Not(iff.Left), new Not(iff.Right)])]), negated);
            case CountCondition count:
                return CountTerms(count, negated);
            default:
                throw new ConflictModelException($"cannot express {c.GetType().Name} as option patterns");
        }
    }

    private static List<OptionPattern> Or(IEnumerable<List<OptionPattern>> parts)
    {
        var result = new List<OptionPattern>();
        foreach (var part in parts)
        {
            result.AddRange(part);
            Guard(result.Count);
        }
        return result.Distinct().ToList();
    }

    private static List<OptionPattern> And(IEnumerable<List<OptionPattern>> parts)
    {
        var result = new List<OptionPattern> { new(0, 0) };
        foreach (var part in parts)
        {
            var next = new List<OptionPattern>();
            foreach (var a in result)
            foreach (var b in part)
            {
                var yes = a.Yes | b.Yes;
                var no = a.No | b.No;
                if ((yes & no) == 0) next.Add(new OptionPattern(yes, no));
            }
            result = next.Distinct().ToList();
            Guard(result.Count);
        }
        return result;
    }

    private static List<OptionPattern> CountTerms(CountCondition count, bool negated)
    {
        var bits = Enumerable.Range(0, 64).Where(k => (count.Options >> k & 1) != 0).ToArray();
        if (bits.Length > 12) throw new ConflictModelException($"a count condition over {bits.Length} options is too large to expand");
        var result = new List<OptionPattern>();
        for (var assignment = 0; assignment < 1 << bits.Length; assignment++)
        {
            var taken = System.Numerics.BitOperations.PopCount((uint)assignment);
            var holds = taken >= count.Min && taken <= count.Max;
            if (holds == negated) continue;
            ulong yes = 0, no = 0;
            for (var i = 0; i < bits.Length; i++)
                if ((assignment >> i & 1) != 0) yes |= 1UL << bits[i];
                else no |= 1UL << bits[i];
            result.Add(new OptionPattern(yes, no));
        }
        return result;
    }

    private static void Guard(int count)
    {
        if (count > MaxTerms)
            throw new ConflictModelException($"the condition expands to more than {MaxTerms} option patterns");
    }
}
