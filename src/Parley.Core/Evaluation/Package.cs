using Parley.Core.Model;

namespace Parley.Core.Evaluation;

/// <summary>
/// One option index per issue, in the scenario's issue order; <see cref="Open"/> marks an issue the
/// package leaves unsettled. Engines work with indices, never with option objects, on hot paths.
/// </summary>
public sealed class Package : IEquatable<Package>
{
    public const int Open = -1;
    private readonly int[] _choices;

    public Package(int[] choices) => _choices = (int[])choices.Clone();

    public ReadOnlySpan<int> Choices => _choices;
    public int IssueCount => _choices.Length;
    public int this[int issue] => _choices[issue];
    public bool IsComplete => Array.IndexOf(_choices, Open) < 0;

    public static Package FromTerms(Scenario scenario, IReadOnlyDictionary<string, string> terms)
    {
        var choices = new int[scenario.Issues.Count];
        for (var i = 0; i < choices.Length; i++)
        {
            var issue = scenario.Issues[i];
            choices[i] = terms.TryGetValue(issue.Id, out var optionId) ? issue.IndexOfOption(optionId) : Open;
        }
        return new Package(choices);
    }

    public IReadOnlyDictionary<string, string> ToTerms(Scenario scenario)
    {
        var terms = new Dictionary<string, string>();
        for (var i = 0; i < _choices.Length; i++)
            if (_choices[i] != Open) terms[scenario.Issues[i].Id] = scenario.Issues[i].Options[_choices[i]].Id;
        return terms;
    }

    public string Describe(Scenario scenario) =>
        string.Join(", ", Enumerable.Range(0, _choices.Length).Where(i => _choices[i] != Open)
            .Select(i => $"{scenario.Issues[i].Id}={scenario.Issues[i].Options[_choices[i]].Id}"));

    public bool Equals(Package? other) => other is not null && _choices.AsSpan().SequenceEqual(other._choices);
    public override bool Equals(object? obj) => Equals(obj as Package);
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var c in _choices) hash.Add(c);
        return hash.ToHashCode();
    }
}
