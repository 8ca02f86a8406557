using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;
using Xunit;

namespace Parley.Bargaining.Tests;

public class ExhaustiveAnalysisTests
{
    [Fact]
    public void River_valley_zone_of_agreement_matches_package_by_package_evaluation()
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "examples", "river-valley.yaml")).GetOrThrow();
        var model = new UtilityModel(scenario);
        var expected = AllPackages(model.OptionCounts)
            .Select(c => ProposalEvaluator.Evaluate(model, new Package(c)))
            .Where(e => e.AcceptedByAllRequired)
            .ToList();

        var summary = ExhaustiveAnalysis.Run(model, top: 3);

        Assert.Equal(12, summary.PackageCount);
        Assert.Equal(expected.Count, summary.AcceptableCount);
        // Hand check: (median, upstream, withdrawn) gives N .56−.5 and S .68−.45, Nash .06·.23.
        Assert.Contains(summary.BestByNash, b => b.Package.Describe(scenario) == "border=median, water=upstream, troops=withdrawn");
        var bestNash = expected.Max(e => e.Verdicts.Where(v => v.Required).Aggregate(1.0, (x, v) => x * v.MarginMin));
        Assert.Equal(bestNash, summary.BestByNash[0].NashProduct, 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_scenarios_agree_with_brute_force(int seed)
    {
        var scenario = RandomScenario(seed);
        var model = new UtilityModel(scenario);
        var evaluations = AllPackages(model.OptionCounts).Select(c => ProposalEvaluator.Evaluate(model, new Package(c))).ToList();
        var accepted = evaluations.Where(e => e.AcceptedByAllRequired).ToList();

        var summary = ExhaustiveAnalysis.Run(model, top: 4);

        Assert.Equal(accepted.Count, summary.AcceptableCount);
        var nashValues = accepted.Select(e => e.Verdicts.Where(v => v.Required).Aggregate(1.0, (x, v) => x * v.MarginMin))
            .OrderDescending().Take(4).ToList();
        Assert.Equal(nashValues.Count, summary.BestByNash.Count);
        for (var i = 0; i < nashValues.Count; i++) Assert.Equal(nashValues[i], summary.BestByNash[i].NashProduct, 9);
    }

    internal static IEnumerable<int[]> AllPackages(int[] counts)
    {
        var choices = new int[counts.Length];
        while (true)
        {
            yield return (int[])choices.Clone();
            var d = counts.Length - 1;
            while (d >= 0 && ++choices[d] == counts[d]) choices[d--] = 0;
            if (d < 0) yield break;
        }
    }

    /// <summary>Three parties (two required), 3–5 issues of 2–4 options, random weights, values and a coupling red line.</summary>
    internal static Scenario RandomScenario(int seed)
    {
        var random = new Random(seed);
        var issueCount = random.Next(3, 6);
        var issues = Enumerable.Range(0, issueCount).Select(i => new Issue($"i{i}", $"Issue {i}", null,
            Enumerable.Range(0, random.Next(2, 5)).Select(o => new IssueOption($"o{o}", $"Option {o}", null)).ToList(), [])).ToList();
        var parties = new[] { "A", "B", "C" }.Select((id, k) => new Party(id, id, k < 2 ? PartyRole.Belligerent : PartyRole.Backer, null, [])).ToList();
        var preferences = new Dictionary<string, PartyPreferences>();
        foreach (var party in parties)
        {
            var raw = issues.Select(_ => random.NextDouble()).ToArray();
            var weights = issues.Select((issue, i) => (issue.Id, Quantity.Exact(raw[i] / raw.Sum()))).ToDictionary(x => x.Id, x => x.Item2);
            var values = issues.ToDictionary(issue => issue.Id,
                issue => (IReadOnlyDictionary<string, Quantity>)issue.Options.ToDictionary(o => o.Id, _ => Quantity.Exact(Math.Round(random.NextDouble(), 2))));
            var redLine = new RedLine("r", null,
                [new RedLineCondition(issues[0].Id, [issues[0].Options[0].Id]), new RedLineCondition(issues[1].Id, [issues[1].Options[^1].Id])], []);
            preferences[party.Id] = new PartyPreferences(party.Id, Quantity.Exact(0.3 + 0.3 * random.NextDouble()), weights, values, [redLine]);
        }
        return new Scenario($"random-{seed}", "Random", null, [], parties, issues, preferences, [], [], new AgreementRule(["A", "B"]),
            new Dictionary<string, ScenarioSection>());
    }
}
