using System.Numerics;

namespace Parley.Stability.Model;

/// <summary>
/// A predicate over states. A state is a bit pattern: bit k set means option k is taken.
/// Conditions describe infeasible states, misperceived states and preference statements.
/// </summary>
public abstract record StateCondition
{
    public abstract bool Holds(ulong state);

    /// <summary>Highest option index mentioned, or -1; used to validate against the option count.</summary>
    public abstract int MaxOptionIndex { get; }

    public static StateCondition Taken(int option) => new OptionPattern(1UL << option, 0);
    public static StateCondition NotTaken(int option) => new OptionPattern(0, 1UL << option);

    /// <summary>Parses a Y/N/- pattern, position k being option k ("YN-" = option 0 taken, 1 not taken, 2 either).</summary>
    public static OptionPattern Pattern(string yesNoDash)
    {
        ulong yes = 0, no = 0;
        for (var k = 0; k < yesNoDash.Length; k++)
        {
            switch (yesNoDash[k])
            {
                case 'Y' or 'y' or '1': yes |= 1UL << k; break;
                case 'N' or 'n' or '0': no |= 1UL << k; break;
                case '-' or '*' or '?': break;
                default:
                    throw new ConflictModelException(
                        $"pattern '{yesNoDash}' has '{yesNoDash[k]}' at position {k + 1}; use Y, N or -");
            }
        }
        return new OptionPattern(yes, no);
    }

    /// <summary>The options cannot all be taken together.</summary>
    public static StateCondition AllTaken(IEnumerable<int> options) =>
        new OptionPattern(options.Aggregate(0UL, (m, o) => m | 1UL << o), 0);

    /// <summary>Holds when two or more of the options are taken (used as "mutually exclusive" infeasibility).</summary>
    public static StateCondition TwoOrMoreTaken(IReadOnlyList<int> options) => new CountCondition(Mask(options), 2, int.MaxValue);

    /// <summary>Holds when none of the options is taken (used as "at least one" infeasibility).</summary>
    public static StateCondition NoneTaken(IReadOnlyList<int> options) => new OptionPattern(0, Mask(options));

    /// <summary>Holds when the number taken is not exactly one (used as "exactly one" infeasibility).</summary>
    public static StateCondition NotExactlyOneTaken(IReadOnlyList<int> options) =>
        new AnyOf([NoneTaken(options), TwoOrMoreTaken(options)]);

    internal static ulong Mask(IEnumerable<int> options) => options.Aggregate(0UL, (m, o) => m | 1UL << o);
}

/// <summary>Options in <see cref="Yes"/> are taken and options in <see cref="No"/> are not; others are don't-cares.</summary>
public sealed record OptionPattern(ulong Yes, ulong No) : StateCondition
{
    public override bool Holds(ulong state) => (state & Yes) == Yes && (state & No) == 0;

    public override int MaxOptionIndex => 63 - BitOperations.LeadingZeroCount(Yes | No);

    public string ToYesNoDash(int optionCount)
    {
        var chars = new char[optionCount];
        for (var k = 0; k < optionCount; k++)
            chars[k] = (Yes >> k & 1) != 0 ? 'Y' : (No >> k & 1) != 0 ? 'N' : '-';
        return new string(chars);
    }
}

/// <summary>Holds when the number of taken options among <see cref="Options"/> lies in [Min, Max].</summary>
public sealed record CountCondition(ulong Options, int Min, int Max) : StateCondition
{
    public override bool Holds(ulong state)
    {
        var count = BitOperations.PopCount(state & Options);
        return count >= Min && count <= Max;
    }

    public override int MaxOptionIndex => 63 - BitOperations.LeadingZeroCount(Options);
}

public sealed record AnyOf(IReadOnlyList<StateCondition> Members) : StateCondition
{
    public override bool Holds(ulong state)
    {
        foreach (var member in Members)
            if (member.Holds(state)) return true;
        return false;
    }

    public override int MaxOptionIndex => Members.Count == 0 ? -1 : Members.Max(m => m.MaxOptionIndex);
    public bool Equals(AnyOf? other) => other is not null && Members.SequenceEqual(other.Members);
    public override int GetHashCode() => Members.Count;
}

public sealed record AllOf(IReadOnlyList<StateCondition> Members) : StateCondition
{
    public override bool Holds(ulong state)
    {
        foreach (var member in Members)
            if (!member.Holds(state)) return false;
        return true;
    }

    public override int MaxOptionIndex => Members.Count == 0 ? -1 : Members.Max(m => m.MaxOptionIndex);
    public bool Equals(AllOf? other) => other is not null && Members.SequenceEqual(other.Members);
    public override int GetHashCode() => Members.Count;
}

public sealed record Not(StateCondition Operand) : StateCondition
{
    public override bool Holds(ulong state) => !Operand.Holds(state);
    public override int MaxOptionIndex => Operand.MaxOptionIndex;
}

/// <summary>"Consequent IF Antecedent": false only when the antecedent holds and the consequent does not.</summary>
public sealed record Implies(StateCondition Antecedent, StateCondition Consequent) : StateCondition
{
    public override bool Holds(ulong state) => !Antecedent.Holds(state) || Consequent.Holds(state);
    public override int MaxOptionIndex => Math.Max(Antecedent.MaxOptionIndex, Consequent.MaxOptionIndex);
}

/// <summary>Both sides hold or neither does.</summary>
public sealed record Iff(StateCondition Left, StateCondition Right) : StateCondition
{
    public override bool Holds(ulong state) => Left.Holds(state) == Right.Holds(state);
    public override int MaxOptionIndex => Math.Max(Left.MaxOptionIndex, Right.MaxOptionIndex);
}
