using Parley.Core.Diagnostics;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;

namespace Parley.Core.Tests.Format;

/// <summary>The built-in scenarios must load cleanly and quote the founding document exactly.</summary>
public class BuiltInScenarioTests
{
    private static QuoteMatcher SeedText()
    {
        var dir = TestPaths.SeedDirectory;
        Assert.True(Directory.Exists(dir), $"the founding document is missing: expected {dir}");
        var files = Directory.GetFiles(dir, "*.txt");
        Assert.NotEmpty(files);
        return new QuoteMatcher(string.Join("\n\n", files.Order().Select(File.ReadAllText)));
    }

    [Fact]
    public void The_default_scenario_is_built_in()
    {
        Assert.Contains(BuiltInScenarios.Default, BuiltInScenarios.Ids);
        Assert.Contains("did you mean 'ukraine-2022'", Assert.Throws<ArgumentException>(() => BuiltInScenarios.ReadText("ukraine-2023")).Message);
    }

    public static TheoryData<string> Ids() => new(BuiltInScenarios.Ids);

    [Theory]
    [MemberData(nameof(Ids))]
    public void Loads_without_errors_or_warnings(string id)
    {
        var result = BuiltInScenarios.Load(id);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Warning);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_quote_occurs_in_the_founding_document(string id)
    {
        var seed = SeedText();
        var scenario = BuiltInScenarios.Load(id).GetOrThrow();
        var citations = ScenarioCitations.Enumerate(scenario).ToList();
        Assert.NotEmpty(citations);
        var missing = citations.Where(c => !seed.Contains(c.Citation.Quote)).Select(c => $"{c.Path}: \"{c.Citation.Quote}\"").Distinct().ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} quote(s) not in the seed:\n{string.Join("\n", missing)}");
    }

    [Fact]
    public void Ukraine_scenario_covers_what_the_founding_document_describes()
    {
        var s = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        Assert.True(s.Issues.Count >= 10);
        foreach (var id in s.Parties.Select(p => p.Id)) Assert.NotEmpty(s.FindParty(id)!.Citations);
        foreach (var issue in s.Issues) Assert.NotEmpty(issue.Citations);
        foreach (var proposal in s.Proposals) Assert.NotEmpty(proposal.Citations);
        foreach (var position in s.Positions) Assert.NotEmpty(position.Citations);
        Assert.All(s.Positions, p => Assert.InRange(p.Date.FirstDay, new DateOnly(2021, 1, 1), new DateOnly(2023, 1, 31)));
        Assert.Equal(["UA", "RU"], s.Agreement.RequiredParties);
        // Every number is either cited or an estimate with a cited rationale.
        foreach (var prefs in s.Preferences.Values)
        {
            Assert.True(prefs.Reservation.Provenance.IsCited);
            Assert.All(prefs.Weights.Values, w => Assert.True(w.Provenance.IsCited));
        }
        var model = new UtilityModel(s);
        Assert.Equal(s.Agreement.RequiredParties.Count, model.Required.Count);
    }
}
