using Parley.Core.Evaluation;
using Parley.Core.Format;
using Xunit;

namespace Parley.Bargaining.Tests;

public class BridgingAndZoneTests
{
    public static IEnumerable<object[]> Cases => Scenarios.ShapesAndSeeds(15);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bridges_match_the_enumerated_minimum_changes_and_author_optimum(string shape, int seed)
    {
        var model = new UtilityModel(Scenarios.Random(seed, Scenarios.ByName(shape)));
        var reference = new BruteForce(model);
        var problem = new BargainingProblem(model);
        var random = new Random(seed * 7919);
        // A partial proposal: each issue settled at random or left open. Its author is a required party
        // on even seeds and the non-required backer on odd ones.
        var proposal = model.OptionCounts.Select(c => random.Next(3) == 0 ? Package.Open : random.Next(c)).ToArray();
        var author = seed % 2 == 0 ? model.Scenario.Agreement.RequiredParties[0] : model.Scenario.Parties[^1].Id;

        var result = Bridging.Find(problem, proposal, author);

        if (reference.Zone.Count == 0)
        {
            Assert.Null(result.FewestChanges);
            return;
        }
        int Changes(int[] p) => p.Where((o, i) => proposal[i] != Package.Open && proposal[i] != o).Count();
        Assert.NotNull(result.FewestChanges);
        Assert.Contains(BruteForce.Key(result.FewestChanges!.Package), reference.Zone.Select(BruteForce.Key));
        Assert.Equal(reference.Zone.Min(Changes), result.FewestChanges.ChangeCount);
        Assert.Equal(Changes(result.FewestChanges.Package), result.FewestChanges.ChangeCount);

        var authorUtility = model.For(author);
        var bestForAuthor = reference.Zone.Max(p => authorUtility.Utility(p));
        Assert.NotNull(result.LeastCostToAuthor);
        Assert.Contains(BruteForce.Key(result.LeastCostToAuthor!.Package), reference.Zone.Select(BruteForce.Key));
        Assert.Equal(bestForAuthor, authorUtility.Utility(result.LeastCostToAuthor.Package), 7);
        var fewestAmongBest = reference.Zone.Where(p => authorUtility.Utility(p) >= bestForAuthor - 1e-9).Min(Changes);
        Assert.Equal(fewestAmongBest, result.LeastCostToAuthor.ChangeCount);
    }

    [Fact]
    public void River_valley_mediator_package_is_one_change_from_agreement()
    {
        // Hand check. Mediator: (median, shared, withdrawn) gives N .5·.6+.3·1+.2·1 = .80 and
        // S .4·.5+.4·.3+.2·.4 = .40 < .45: Southland blocks. Changing one issue: water to upstream gives
        // N .5·.6+.3·.2+.2 = .56 ≥ .5 and S .2+.4+.08 = .68; troops to stationed gives S .2+.12+.2 = .52
        // and N .3+.3+0 = .60: both work; the Nash products are .06·.23 = .0138 and .10·.07 = .007.
        var scenario = ScenarioLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "examples", "river-valley.yaml")).GetOrThrow();
        var problem = new BargainingProblem(new UtilityModel(scenario));
        var result = Bridging.Find(problem, scenario.FindProposal("mediator")!);

        Assert.Equal(1, result.FewestChanges!.ChangeCount);
        Assert.Equal("border=median, water=upstream, troops=withdrawn", new Package(result.FewestChanges.Package).Describe(scenario));
        var south = result.FewestChanges.Shifts.Single(s => s.PartyId == "S");
        Assert.Equal(0.68 - 0.40, south.Gain, 9);
        Assert.Null(result.LeastCostToAuthor); // the mediator has no preferences
        Assert.NotNull(result.Note);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pages_and_samples_come_from_the_zone_in_order(string shape, int seed)
    {
        var model = new UtilityModel(Scenarios.Random(seed, Scenarios.ByName(shape)));
        var reference = new BruteForce(model);
        var problem = new BargainingProblem(model);
        var expected = reference.Zone.Select(BruteForce.Key).ToList(); // AllPackages lists in lexicographic order

        var paged = new List<string>();
        for (var offset = 0; offset < expected.Count + 3; offset += 3)
            paged.AddRange(ZoneExplorer.Page(problem, offset, 3).Select(BruteForce.Key));
        Assert.Equal(expected, paged);
        for (var rank = 0; rank < expected.Count; rank += Math.Max(1, expected.Count / 5))
            Assert.Equal(expected[rank], BruteForce.Key(ZoneExplorer.Unrank(problem, rank)!));
        Assert.Null(ZoneExplorer.Unrank(problem, expected.Count));

        var samples = ZoneExplorer.Sample(problem, 20, seed);
        Assert.Equal(expected.Count == 0 ? 0 : 20, samples.Count);
        Assert.All(samples, s => Assert.Contains(BruteForce.Key(s), expected));
    }

    [Fact]
    public void Samples_are_uniform_over_the_zone()
    {
        var model = new UtilityModel(Scenarios.Random(3, Scenarios.TwoParties));
        var reference = new BruteForce(model);
        Assert.InRange(reference.Zone.Count, 3, 40);
        var samples = ZoneExplorer.Sample(new BargainingProblem(model), 400 * reference.Zone.Count, 11);
        var frequencies = samples.GroupBy(BruteForce.Key).ToDictionary(g => g.Key, g => g.Count());
        // Each package expects 400 draws; a binomial standard deviation is about 20.
        Assert.Equal(reference.Zone.Count, frequencies.Count);
        Assert.All(frequencies.Values, f => Assert.InRange(f, 300, 500));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Issue_importance_marks_exactly_the_options_that_occur_in_the_zone(string shape, int seed)
    {
        var model = new UtilityModel(Scenarios.Random(seed, Scenarios.ByName(shape)));
        var reference = new BruteForce(model);
        var stakes = IssueImportance.Compute(new BargainingProblem(model));
        foreach (var stake in stakes)
        {
            var occurring = reference.Zone.Select(p => p[stake.Issue]).Distinct().Order().ToList();
            Assert.Equal(occurring, stake.Options.Where(o => o.Occurs).Select(o => o.Option));
            foreach (var option in stake.Options)
                Assert.Equal((double)reference.Zone.Count(p => p[stake.Issue] == option.Option) / Math.Max(1, reference.Zone.Count), option.Share!.Value, 9);
            Assert.Equal(occurring.Count switch { 0 => IssueRole.NoZone, 1 => IssueRole.Settled, _ => IssueRole.Tradeable }, stake.Role);
        }
    }
}
