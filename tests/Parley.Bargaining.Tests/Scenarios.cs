using Parley.Core.Model;

namespace Parley.Bargaining.Tests;

/// <summary>Random scenarios for property tests: few enough packages to enumerate, coarse values so that ties are common.</summary>
internal static class Scenarios
{
    public sealed record Shape(int Required, int MinIssues, int MaxIssues, int MinOptions, int MaxOptions, int CouplingRedLines, int SingleRedLines, double Grain);

    public static readonly Shape TwoParties = new(2, 2, 5, 2, 4, 1, 0, 0.1);
    public static readonly Shape ThreeParties = new(3, 2, 5, 2, 4, 1, 1, 0.1);
    public static readonly Shape ManyRedLines = new(2, 3, 6, 2, 3, 3, 1, 0.25);
    public static readonly Shape FineValues = new(2, 3, 6, 2, 5, 0, 0, 0.01);
    public static readonly Shape OneParty = new(1, 2, 4, 2, 4, 1, 0, 0.2);
    public static readonly Shape FourParties = new(4, 2, 4, 2, 3, 1, 0, 0.25);

    /// <summary>
    /// <paramref name="shape"/>.Required required parties plus one non-required backer (whose red lines
    /// must not matter). Weights are multiples of 0.05 so that many packages tie exactly.
    /// </summary>
    public static Scenario Random(int seed, Shape shape)
    {
        var random = new Random(seed);
        var issueCount = random.Next(shape.MinIssues, shape.MaxIssues + 1);
        var issues = Enumerable.Range(0, issueCount).Select(i => new Issue($"i{i}", $"Issue {i}", null,
            Enumerable.Range(0, random.Next(shape.MinOptions, shape.MaxOptions + 1)).Select(o => new IssueOption($"o{o}", $"Option {o}", null)).ToList(), [])).ToList();
        var ids = Enumerable.Range(0, shape.Required + 1).Select(k => ((char)('A' + k)).ToString()).ToList();
        var parties = ids.Select((id, k) => new Party(id, id, k < shape.Required ? PartyRole.Belligerent : PartyRole.Backer, null, [])).ToList();
        var preferences = new Dictionary<string, PartyPreferences>();
        foreach (var party in parties)
        {
            // 20 units of 0.05 spread over the issues: exact decimals, and some issues weigh nothing.
            var units = new int[issueCount];
            for (var u = 0; u < 20; u++) units[random.Next(issueCount)]++;
            var weights = issues.Select((issue, i) => (issue.Id, Quantity.Exact(units[i] * 0.05)))
                .ToDictionary(x => x.Id, x => x.Item2);
            var values = issues.ToDictionary(issue => issue.Id,
                issue => (IReadOnlyDictionary<string, Quantity>)issue.Options.ToDictionary(o => o.Id,
                    _ => Quantity.Exact(Math.Round(Math.Round(random.NextDouble() / shape.Grain) * shape.Grain, 6))));
            var redLines = new List<RedLine>();
            for (var r = 0; r < shape.CouplingRedLines && issueCount >= 2; r++)
            {
                var a = random.Next(issueCount);
                var b = (a + 1 + random.Next(issueCount - 1)) % issueCount;
                redLines.Add(new RedLine($"c{r}", null,
                [
                    new RedLineCondition(issues[a].Id, [issues[a].Options[random.Next(issues[a].Options.Count)].Id]),
                    new RedLineCondition(issues[b].Id, issues[b].Options.Where(_ => random.Next(2) == 0).Select(o => o.Id).DefaultIfEmpty(issues[b].Options[0].Id).ToList()),
                ], []));
            }
            for (var r = 0; r < shape.SingleRedLines; r++)
            {
                var a = random.Next(issueCount);
                redLines.Add(new RedLine($"s{r}", null, [new RedLineCondition(issues[a].Id, [issues[a].Options[0].Id])], []));
            }
            var reservation = Math.Round(0.2 + 0.4 * random.NextDouble(), 2);
            preferences[party.Id] = new PartyPreferences(party.Id, Quantity.Exact(reservation), weights, values, redLines);
        }
        return new Scenario($"random-{seed}", "Random", null, [], parties, issues, preferences, [], [],
            new AgreementRule(ids.Take(shape.Required).ToList()), new Dictionary<string, ScenarioSection>());
    }

    public static IEnumerable<object[]> Seeds(int count) => Enumerable.Range(1, count).Select(s => new object[] { s });

    public static Shape ByName(string name) => name switch
    {
        "two" => TwoParties,
        "three" => ThreeParties,
        "redlines" => ManyRedLines,
        "fine" => FineValues,
        "one" => OneParty,
        "four" => FourParties,
        _ => throw new ArgumentException(name),
    };

    public static IEnumerable<object[]> ShapesAndSeeds(int seedsPerShape) =>
        from shape in new[] { "two", "three", "redlines", "fine", "one", "four" }
        from seed in Enumerable.Range(1, seedsPerShape)
        select new object[] { shape, seed };
}
