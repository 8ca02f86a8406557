using System.Globalization;
using System.Text;
using Parley.Core.Format;
using Parley.Core.Model;

namespace Parley.Robustness.Tests;

/// <summary>Scenarios written as YAML, the way a user would, so tests exercise the real loader.</summary>
internal static class TestScenarios
{
    public static Scenario Load(string yaml)
    {
        var result = ScenarioLoader.LoadText(yaml, "test.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Scenario!;
    }

    public const string Header = """
        id: test
        title: Test
        sources:
          - {id: s, title: Test source}
        """;

    /// <summary>
    /// One issue, options yes/no; party A alone must agree. A values yes at <paramref name="yesValue"/> and
    /// its reservation value is an estimate over [low, high].
    /// </summary>
    public static Scenario OneIssue(string yesValue, string reservation) => Load($$$"""
        {{{Header}}}
        parties:
          - {id: A, name: A, role: belligerent}
        issues:
          - id: deal
            name: Deal
            options: [{id: yes, label: Yes}, {id: no, label: No}]
        preferences:
          A:
            reservation: {{{reservation}}}
            weights: {deal: 1}
            values:
              deal: {yes: {{{yesValue}}}, no: 0}
        proposals:
          - {id: p-yes, name: Yes, author: test, terms: {deal: yes}}
        """);

    /// <summary>A random scenario with two required parties, an observer, single-issue and coupled red lines.</summary>
    public static Scenario Random(int seed, int issues = 5, int maxOptions = 4, bool coupledRedLines = true)
    {
        var random = new Random(seed);
        string N(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
        var optionCounts = Enumerable.Range(0, issues).Select(i => random.Next(i == 0 ? 3 : 2, Math.Max(maxOptions, 3) + 1)).ToArray();
        var yaml = new StringBuilder(Header).AppendLine();
        yaml.AppendLine("parties:");
        foreach (var (id, role) in new[] { ("A", "belligerent"), ("B", "belligerent"), ("C", "observer") })
            yaml.AppendLine($"  - {{id: {id}, name: {id}, role: {role}}}");
        yaml.AppendLine("issues:");
        for (var i = 0; i < issues; i++)
        {
            yaml.AppendLine($"  - id: i{i}\n    name: Issue {i}\n    options:");
            for (var o = 0; o < optionCounts[i]; o++) yaml.AppendLine($"      - {{id: o{o}, label: Option {o}}}");
        }
        yaml.AppendLine("preferences:");
        foreach (var party in new[] { "A", "B", "C" })
        {
            var raw = Enumerable.Range(0, issues).Select(_ => 0.05 + random.NextDouble()).ToArray();
            var weights = raw.Select(w => Math.Round(w / raw.Sum(), 3)).ToArray();
            weights[^1] = Math.Round(1 - weights[..^1].Sum(), 3);
            var reservation = 0.15 + 0.3 * random.NextDouble();
            yaml.AppendLine($"  {party}:");
            yaml.AppendLine($"    reservation: [{N(reservation)}, {N(reservation - 0.1)}, {N(reservation + 0.1)}]");
            yaml.AppendLine("    weights:");
            for (var i = 0; i < issues; i++)
                yaml.AppendLine($"      i{i}: [{N(weights[i])}, {N(Math.Max(0, weights[i] - 0.05))}, {N(weights[i] + 0.05)}]");
            yaml.AppendLine("    values:");
            for (var i = 0; i < issues; i++)
            {
                yaml.Append($"      i{i}: {{");
                yaml.AppendJoin(", ", Enumerable.Range(0, optionCounts[i]).Select(o =>
                {
                    var v = random.NextDouble();
                    return $"o{o}: [{N(v)}, {N(Math.Max(0, v - 0.2))}, {N(Math.Min(1, v + 0.2))}]";
                }));
                yaml.AppendLine("}");
            }
            if (party == "C") continue;
            yaml.AppendLine("    red_lines:");
            yaml.AppendLine($"      - when: {{i0: o{random.Next(optionCounts[0])}}}");
            if (coupledRedLines && issues >= 3)
                yaml.AppendLine($"      - when: {{i1: o{random.Next(optionCounts[1])}, i2: [o0]}}");
        }
        return Load(yaml.ToString());
    }
}
