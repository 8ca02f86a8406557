using Parley.Analysis.Analyses;
using Parley.Analysis.Contracts;
using Parley.Analysis.Json;
using Parley.Analysis.Results;
using Parley.Bargaining;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;
using Xunit;

namespace Parley.Analysis.Tests;

public class BargainingContractTests
{
    private static Scenario Example(string name) =>
        ScenarioLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "examples", name)).GetOrThrow();

    public static TheoryData<string> Scenarios => new() { "river-valley.yaml", "tasovar-enclave.yaml", "builtin:ukraine-2022" };

    private static Scenario Load(string name) =>
        name.StartsWith("builtin:", StringComparison.Ordinal) ? BuiltInScenarios.Load(name["builtin:".Length..]).GetOrThrow() : Example(name);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Two_runs_give_byte_identical_documents(string name)
    {
        var scenario = Load(name);
        var contract = new BargainingAnalysisContract();
        var first = ResultJson.Serialize(contract.Run(scenario, AnalysisOptions.Default));
        var second = ResultJson.Serialize(contract.Run(scenario, AnalysisOptions.Default));
        Assert.Equal(first, second);
        Assert.DoesNotContain("seconds", first, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("river-valley.yaml")]
    [InlineData("tasovar-enclave.yaml")]
    public void The_best_packages_are_the_top_of_an_exhaustive_enumeration(string name)
    {
        // Independent evidence: every package evaluated one by one, the zone filtered and sorted here.
        var scenario = Example(name);
        var model = new UtilityModel(scenario);
        var counts = scenario.Issues.Select(i => i.Options.Count).ToArray();
        var zone = new List<(int[] Choices, double Nash)>();
        var choices = new int[counts.Length];
        while (true)
        {
            var accepted = model.Required.All(r => !model.Parties[r].HitsRedLine(choices) && model.Parties[r].Utility(choices) >= model.Parties[r].Reservation - 1e-12);
            if (accepted)
                zone.Add(((int[])choices.Clone(), model.Required.Aggregate(1.0, (n, r) => n * Math.Max(0, model.Parties[r].Utility(choices) - model.Parties[r].Reservation))));
            var k = counts.Length - 1;
            while (k >= 0 && ++choices[k] == counts[k]) choices[k--] = 0;
            if (k < 0) break;
        }
        var expected = zone.OrderByDescending(z => z.Nash).ThenBy(z => string.Join(",", z.Choices.Select(c => c.ToString("D3")))).Take(5).ToList();

        var result = new BargainingAnalysisContract().Compute(scenario, new AnalysisOptions { Top = 5 });
        Assert.Equal(zone.Count, result.Zone.Acceptable);
        Assert.True(result.Zone.Exact);
        Assert.Contains(result.Best.Method, new[] { "zone listing", "enumeration" });
        Assert.Equal(expected.Count, result.Best.Packages.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Nash, result.Best.Packages[i].NashProduct, 12);
            Assert.Equal(new Package(expected[i].Choices).ToTerms(scenario), result.Best.Packages[i].Terms);
        }
    }

    [Fact]
    public void The_bounded_top_k_matches_a_full_sort_on_random_packages()
    {
        var scenario = Example("tasovar-enclave.yaml");
        var model = new UtilityModel(scenario);
        var random = new Random(7);
        for (var trial = 0; trial < 50; trial++)
        {
            var packages = Enumerable.Range(0, random.Next(0, 60))
                .Select(_ => scenario.Issues.Select(i => random.Next(i.Options.Count)).ToArray()).ToList();
            var top = random.Next(1, 8);
            double Nash(int[] c) => model.Required.Aggregate(1.0, (n, r) => n * Math.Max(0, model.Parties[r].Utility(c) - model.Parties[r].Reservation));
            var expected = packages.OrderByDescending(Nash).ThenBy(c => c, Comparer<int[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).Take(top).ToList();
            var actual = BargainingAnalysisContract.TopByNash(model, packages, top);
            Assert.Equal(expected.Select(Nash), actual.Select(a => a.NashProduct));
            Assert.Equal(expected.Select(c => string.Join(",", c)), actual.Select(a => string.Join(",", a.Package.Choices.ToArray())));
        }
    }

    [Fact]
    public void The_built_in_scenario_lists_its_best_packages_from_the_zone_and_says_so()
    {
        var result = new BargainingAnalysisContract().Compute(BuiltInScenarios.Load("ukraine-2022").GetOrThrow(), AnalysisOptions.Default);
        Assert.Equal("zone listing", result.Best.Method);
        Assert.Equal(AnalysisDefaults.Top, result.Best.Packages.Count);
        Assert.Equal("exact count (meet in the middle)", result.Zone.Method);
        // The Nash solution is the first best package's product of gains.
        var nash = result.Solutions.Single(s => s.Kind == "Nash");
        Assert.Equal(result.Best.Packages[0].NashProduct, nash.Points[0].Parties.Where(p => result.Required.Contains(p.Party)).Aggregate(1.0, (n, p) => n * p.Gain), 9);
        // The same package reads the same gains in both tables (the frontier's grid utilities once rounded +0.0605 to +0.060 there and +0.061 here).
        Assert.Equal(result.Best.Packages[0].Terms, nash.Points[0].Examples[0]);
        foreach (var gain in nash.Points[0].Parties)
            Assert.Equal(result.Best.Packages[0].Parties.Single(p => p.Party == gain.Party).Gain, gain.Gain);
    }

    [Fact]
    public void Validation_states_what_stops_the_analysis()
    {
        var scenario = Example("river-valley.yaml");
        var problems = new BargainingAnalysisContract().Validate(scenario, new AnalysisOptions { Top = 5000 });
        Assert.Equal("top", Assert.Single(problems).Path);
        Assert.Throws<AnalysisException>(() => new BargainingAnalysisContract().Compute(scenario, new AnalysisOptions { Top = -1 }));
    }

    [Fact]
    public void The_catalog_finds_analyses_by_name_and_refuses_two_of_one_name()
    {
        var catalog = AnalysisCatalog.Standard();
        Assert.Equal(["bargaining", "exhaustive", "stability", "robustness", "timeline", "brief"], catalog.Names);
        Assert.IsType<BargainingAnalysisContract>(catalog.Find("bargaining"));
        Assert.IsType<StabilityAnalysisContract>(catalog.Find("stability"));
        Assert.IsType<RobustnessAnalysisContract>(catalog.Find("robustness"));
        Assert.IsType<TimelineAnalysisContract>(catalog.Find("timeline"));
        Assert.Null(catalog.Find("magic"));
        var replaced = catalog.With(new ExhaustiveAnalysisContract());
        Assert.Equal(catalog.All.Count, replaced.All.Count); // replaced, not added
    }

    [Fact]
    public void The_exhaustive_analysis_gives_the_same_zone_and_best_packages_as_the_bargaining_analysis()
    {
        var scenario = Example("tasovar-enclave.yaml");
        var exhaustive = new ExhaustiveAnalysisContract().Run(scenario, AnalysisOptions.Default).ResultAs<BargainingResult>();
        var bargaining = new BargainingAnalysisContract().Compute(scenario, AnalysisOptions.Default);
        Assert.Equal(bargaining.Zone.Acceptable, exhaustive.Zone.Acceptable);
        Assert.Equal(bargaining.Best.Packages.Select(b => b.NashProduct), exhaustive.Best.Packages.Select(b => b.NashProduct));
        Assert.Null(exhaustive.Frontier);
    }
}
