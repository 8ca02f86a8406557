using Parley.Core.Model;

namespace Parley.Core.Evaluation;

/// <summary>A red line compiled to indices: every listed issue is settled on an option whose flag is set.</summary>
public sealed record CompiledRedLine(RedLine Source, int[] Issues, bool[][] Options)
{
    public bool IsHitBy(ReadOnlySpan<int> choices)
    {
        for (var c = 0; c < Issues.Length; c++)
        {
            var chosen = choices[Issues[c]];
            if (chosen == Package.Open || !Options[c][chosen]) return false;
        }
        return true;
    }

    /// <summary>Some completion of a partial package hits it: every settled condition holds.</summary>
    public bool IsPossibleFor(ReadOnlySpan<int> choices)
    {
        for (var c = 0; c < Issues.Length; c++)
        {
            var chosen = choices[Issues[c]];
            if (chosen != Package.Open && !Options[c][chosen]) return false;
        }
        return true;
    }
}

/// <summary>
/// One party's preferences as flat arrays: <c>Contribution(issue, option)</c> is weight × value, so a
/// package's utility is a sum of table look-ups.
/// </summary>
public sealed class PartyUtility
{
    private readonly double[] _contributions;
    private readonly int[] _offsets;

    public Party Party { get; }
    public PartyPreferences Preferences { get; }
    public double Reservation { get; }
    /// <summary>The most a package can be worth (see <see cref="PartyPreferences.UtilityCap"/>); +∞ when uncapped.</summary>
    public double Cap { get; }
    private readonly CompiledRedLine[] _redLines;
    public IReadOnlyList<CompiledRedLine> RedLines => _redLines;
    /// <summary>Best and worst contribution per issue, for bounds over open issues.</summary>
    public double[] BestByIssue { get; }
    public double[] WorstByIssue { get; }

    public PartyUtility(Scenario scenario, Party party, PartyPreferences preferences)
    {
        Party = party;
        Preferences = preferences;
        Reservation = preferences.Reservation.Value;
        Cap = preferences.UtilityCap ?? double.PositiveInfinity;
        var issues = scenario.Issues;
        _offsets = new int[issues.Count + 1];
        for (var i = 0; i < issues.Count; i++) _offsets[i + 1] = _offsets[i] + issues[i].Options.Count;
        _contributions = new double[_offsets[^1]];
        BestByIssue = new double[issues.Count];
        WorstByIssue = new double[issues.Count];
        for (var i = 0; i < issues.Count; i++)
        {
            var weight = preferences.Weight(issues[i].Id);
            double best = double.MinValue, worst = double.MaxValue;
            for (var o = 0; o < issues[i].Options.Count; o++)
            {
                var c = weight * preferences.Value(issues[i].Id, issues[i].Options[o].Id);
                _contributions[_offsets[i] + o] = c;
                best = Math.Max(best, c);
                worst = Math.Min(worst, c);
            }
            BestByIssue[i] = best;
            WorstByIssue[i] = worst;
        }
        _redLines = preferences.RedLines.Select(r => Compile(scenario, r)).ToArray();
    }

    public double Contribution(int issue, int option) => _contributions[_offsets[issue] + option];

    /// <summary>Utility of a complete package.</summary>
    public double Utility(ReadOnlySpan<int> choices)
    {
        var sum = 0.0;
        for (var i = 0; i < choices.Length; i++) sum += _contributions[_offsets[i] + choices[i]];
        return sum > Cap ? Cap : sum;
    }

    /// <summary>Lowest and highest utility over all completions of a possibly partial package.</summary>
    public (double Min, double Max) UtilityBounds(ReadOnlySpan<int> choices)
    {
        double min = 0, max = 0;
        for (var i = 0; i < choices.Length; i++)
        {
            if (choices[i] == Package.Open)
            {
                min += WorstByIssue[i];
                max += BestByIssue[i];
            }
            else
            {
                var c = _contributions[_offsets[i] + choices[i]];
                min += c;
                max += c;
            }
        }
        return (Math.Min(min, Cap), Math.Min(max, Cap));
    }

    public bool HitsRedLine(ReadOnlySpan<int> choices)
    {
        // An array, not the interface: this runs once per package in enumerations.
        foreach (var r in _redLines)
            if (r.IsHitBy(choices)) return true;
        return false;
    }

    private static CompiledRedLine Compile(Scenario scenario, RedLine redLine)
    {
        var issues = new int[redLine.Conditions.Count];
        var options = new bool[redLine.Conditions.Count][];
        for (var c = 0; c < issues.Length; c++)
        {
            var condition = redLine.Conditions[c];
            issues[c] = scenario.Issues.ToList().FindIndex(i => i.Id == condition.IssueId);
            var issue = scenario.Issues[issues[c]];
            options[c] = issue.Options.Select(o => condition.OptionIds.Contains(o.Id)).ToArray();
        }
        return new CompiledRedLine(redLine, issues, options);
    }
}

/// <summary>The scenario's preferences compiled for evaluation; parties without preferences are left out.</summary>
public sealed class UtilityModel
{
    public Scenario Scenario { get; }
    public IReadOnlyList<PartyUtility> Parties { get; }
    /// <summary>Indices into <see cref="Parties"/> of the parties whose acceptance makes an agreement.</summary>
    public IReadOnlyList<int> Required { get; }
    public int[] OptionCounts { get; }

    public UtilityModel(Scenario scenario)
    {
        Scenario = scenario;
        Parties = scenario.Parties
            .Where(p => scenario.Preferences.ContainsKey(p.Id))
            .Select(p => new PartyUtility(scenario, p, scenario.Preferences[p.Id]))
            .ToList();
        var missing = scenario.Agreement.RequiredParties.Where(id => !scenario.Preferences.ContainsKey(id)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"parties {string.Join(", ", missing)} must accept an agreement but have no preferences; add preferences for them or change agreement.required");
        Required = scenario.Agreement.RequiredParties
            .Select(id => Parties.ToList().FindIndex(p => p.Party.Id == id))
            .ToList();
        OptionCounts = scenario.Issues.Select(i => i.Options.Count).ToArray();
    }

    public PartyUtility For(string partyId) =>
        Parties.FirstOrDefault(p => p.Party.Id == partyId)
        ?? throw new ArgumentException($"party '{partyId}' has no preferences", nameof(partyId));
}
