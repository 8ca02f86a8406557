using Parley.Core.Model;

namespace Parley.Bargaining.Bench;

/// <summary>Synthetic scenarios with fixed seeds: uniform option values to two decimals, random weights, reservation 0.5.</summary>
internal static class Synthetic
{
    public static Scenario Create(int seed, int parties, int issues, int options, int couplingRedLines, double reservation = 0.5)
    {
        var random = new Random(seed);
        var issueList = Enumerable.Range(0, issues).Select(i => new Issue($"i{i}", $"Issue {i}", null,
            Enumerable.Range(0, options).Select(o => new IssueOption($"o{o}", $"Option {o}", null)).ToList(), [])).ToList();
        var ids = Enumerable.Range(0, parties).Select(k => $"P{k + 1}").ToList();
        var partyList = ids.Select(id => new Party(id, id, PartyRole.Belligerent, null, [])).ToList();
        var preferences = new Dictionary<string, PartyPreferences>();
        foreach (var id in ids)
        {
            var raw = issueList.Select(_ => 0.1 + random.NextDouble()).ToArray();
            var weights = issueList.Select((issue, i) => (issue.Id, Quantity.Exact(raw[i] / raw.Sum()))).ToDictionary(x => x.Id, x => x.Item2);
            var values = issueList.ToDictionary(issue => issue.Id,
                issue => (IReadOnlyDictionary<string, Quantity>)issue.Options.ToDictionary(o => o.Id, _ => Quantity.Exact(Math.Round(random.NextDouble(), 2))));
            var redLines = new List<RedLine>();
            for (var r = 0; r < couplingRedLines; r++)
            {
                var a = random.Next(issues);
                var b = (a + 1 + random.Next(issues - 1)) % issues;
                redLines.Add(new RedLine($"r{r}", null,
                [
                    new RedLineCondition(issueList[a].Id, issueList[a].Options.Take(options / 2).Select(o => o.Id).ToList()),
                    new RedLineCondition(issueList[b].Id, issueList[b].Options.Skip(options / 2).Select(o => o.Id).ToList()),
                ], []));
            }
            preferences[id] = new PartyPreferences(id, Quantity.Exact(reservation), weights, values, redLines);
        }
        return new Scenario($"synthetic-{seed}", "Synthetic", null, [], partyList, issueList, preferences, [], [], new AgreementRule(ids),
            new Dictionary<string, ScenarioSection>());
    }
}
