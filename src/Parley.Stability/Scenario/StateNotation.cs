using Parley.Core.Format;
using Parley.Stability.Engine;

namespace Parley.Stability.Scenarios;

/// <summary>A state written by a user does not name a feasible state; <see cref="UnknownName"/> tells a misspelt option from bad syntax.</summary>
public sealed class StateNotationException(string message, bool unknownName) : Exception(message)
{
    public bool UnknownName { get; } = unknownName;
}

/// <summary>
/// Reads and writes states the way users name them: a gmcr-py state number (<c>7</c>), an option form in
/// option order (<c>YNNY</c>), the options taken (<c>withdraw,ceasefire</c> or <c>withdraw+ceasefire</c>;
/// option names match case-insensitively) or <c>none</c>.
/// </summary>
public static class StateNotation
{
    public static int Parse(ConflictGraph graph, string text)
    {
        var t = text.Trim();
        if (t.Length == 0) throw new StateNotationException("the state is empty", false);
        if (int.TryParse(t, out var number))
        {
            if (number < 1 || number > graph.StateCount)
                throw new StateNotationException($"state {number} does not exist; the feasible states are numbered 1..{graph.StateCount}", false);
            return number - 1;
        }
        var options = graph.Conflict.Options;
        ulong code = 0;
        if (t.Length == options.Count && t.All(c => c is 'Y' or 'N' or 'y' or 'n'))
        {
            for (var k = 0; k < t.Length; k++)
                if (t[k] is 'Y' or 'y') code |= 1UL << k;
        }
        else if (!t.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var part in t.Split([',', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var k = IndexOfOption(options.Select(o => o.Name).ToArray(), part);
                if (k < 0)
                    throw new StateNotationException(
                        $"unknown option '{part}'{DidYouMean.Hint(part, options.Select(o => o.Name))}; give a state number (1..{graph.StateCount}), " +
                        $"an option form of {options.Count} Y/N letters, 'none', or the options taken, from: {string.Join(", ", options.Select(o => o.Name))}", true);
                code |= 1UL << k;
            }
        }
        var index = graph.IndexOf(code);
        if (index < 0)
            throw new StateNotationException($"the state with {Describe(graph, code)} is infeasible", false);
        return index;
    }

    private static int IndexOfOption(string[] names, string name)
    {
        var exact = Array.IndexOf(names, name);
        if (exact >= 0) return exact;
        for (var k = 0; k < names.Length; k++)
            if (names[k].Equals(name, StringComparison.OrdinalIgnoreCase)) return k;
        return -1;
    }

    /// <summary>"no option taken" or "taken: a, b".</summary>
    public static string Describe(ConflictGraph graph, ulong code)
    {
        var taken = TakenOptions(graph, code);
        return taken.Count == 0 ? "no option taken" : "taken: " + string.Join(", ", taken);
    }

    public static IReadOnlyList<string> TakenOptions(ConflictGraph graph, ulong code) =>
        Enumerable.Range(0, graph.OptionCount).Where(k => (code >> k & 1) != 0).Select(k => graph.Conflict.Options[k].Name).ToArray();
}
