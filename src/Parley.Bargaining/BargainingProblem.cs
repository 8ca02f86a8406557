using Parley.Core.Evaluation;

namespace Parley.Bargaining;

/// <summary>A red line compiled to option masks: it is hit when every listed issue is settled on an allowed option.</summary>
public sealed record RedLineMask(string Party, string Label, int[] Issues, bool[][] Options)
{
    public bool IsHitBy(ReadOnlySpan<int> choices)
    {
        for (var c = 0; c < Issues.Length; c++)
            if (!Options[c][choices[Issues[c]]]) return false;
        return true;
    }
}

/// <summary>
/// The bargaining problem of a scenario in the form the engines work on: for each issue and option, the
/// contribution of that option to each required party's utility on the <see cref="UtilityGrid"/>, each
/// required party's reservation value, and the required parties' red lines. Packages outside every
/// required party's red lines are <i>feasible</i>; feasible packages that give each required party at
/// least its reservation value form the zone of possible agreement (ZOPA).
/// </summary>
public sealed class BargainingProblem
{
    public UtilityModel Model { get; }
    /// <summary>The required parties, in the order of <see cref="UtilityModel.Required"/>; dimension k of every utility vector is party k.</summary>
    public IReadOnlyList<PartyUtility> Parties { get; }
    public int Dimensions => Parties.Count;
    public int IssueCount => OptionCounts.Length;
    public int[] OptionCounts { get; }
    /// <summary>[issue][option·Dimensions + party]: grid contributions.</summary>
    public long[][] Contributions { get; }
    public long[] Reservations { get; }
    /// <summary>
    /// Each required party's utility cap in grid units (<see cref="long.MaxValue"/> when uncapped). A cap is never
    /// below the reservation value (the format refuses that), so it never changes who accepts a package: only the
    /// values of the best packages, and so the frontier and the solutions.
    /// </summary>
    public long[] Caps { get; }
    public bool HasCaps => Caps.Any(c => c != long.MaxValue);
    public IReadOnlyList<RedLineMask> RedLines { get; }

    public BargainingProblem(UtilityModel model)
    {
        Model = model;
        Parties = model.Required.Select(i => model.Parties[i]).ToList();
        OptionCounts = (int[])model.OptionCounts.Clone();
        var d = Parties.Count;
        Contributions = new long[OptionCounts.Length][];
        for (var i = 0; i < OptionCounts.Length; i++)
        {
            Contributions[i] = new long[OptionCounts[i] * d];
            for (var o = 0; o < OptionCounts[i]; o++)
                for (var p = 0; p < d; p++)
                    Contributions[i][o * d + p] = UtilityGrid.ToGrid(Parties[p].Contribution(i, o));
        }
        Reservations = Parties.Select(p => UtilityGrid.ToGrid(p.Reservation)).ToArray();
        Caps = Parties.Select(p => double.IsPositiveInfinity(p.Cap) ? long.MaxValue : UtilityGrid.ToGrid(p.Cap)).ToArray();
        RedLines = Parties.SelectMany(p => p.RedLines.Select(r => new RedLineMask(p.Party.Id, r.Source.Label, r.Issues, r.Options))).ToList();
    }

    /// <summary>Number of complete packages, as a double because it overflows integers quickly.</summary>
    public double PackageCount => OptionCounts.Aggregate(1.0, (n, c) => n * c);

    public long Utility(int party, ReadOnlySpan<int> choices)
    {
        long sum = 0;
        for (var i = 0; i < choices.Length; i++) sum += Contributions[i][choices[i] * Dimensions + party];
        return sum > Caps[party] ? Caps[party] : sum;
    }

    public bool IsFeasible(ReadOnlySpan<int> choices)
    {
        foreach (var r in RedLines)
            if (r.IsHitBy(choices)) return false;
        return true;
    }

    public bool IsInZone(ReadOnlySpan<int> choices)
    {
        if (!IsFeasible(choices)) return false;
        for (var p = 0; p < Dimensions; p++)
            if (Utility(p, choices) < Reservations[p]) return false;
        return true;
    }

    /// <summary>Best contribution of each issue for each party, ignoring red lines: [issue][party].</summary>
    public long[][] BestByIssue()
    {
        var best = new long[IssueCount][];
        for (var i = 0; i < IssueCount; i++)
        {
            best[i] = Enumerable.Repeat(long.MinValue, Dimensions).ToArray();
            for (var o = 0; o < OptionCounts[i]; o++)
                for (var p = 0; p < Dimensions; p++)
                    best[i][p] = Math.Max(best[i][p], Contributions[i][o * Dimensions + p]);
        }
        return best;
    }
}
