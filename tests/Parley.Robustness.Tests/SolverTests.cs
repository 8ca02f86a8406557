using Parley.Bargaining;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;

namespace Parley.Robustness.Tests;

/// <summary>The composition solver against brute force: package by package, straight from the definitions.</summary>
public class SolverTests
{
    /// <summary>Slow reference: every complete package evaluated by Core's ProposalEvaluator on a scenario rebuilt from the draw.</summary>
    private static (bool Found, double Nash) BruteForce(ParameterSpace space, DrawModel draw, Package? within)
    {
        var counts = space.OptionCounts;
        var best = double.NegativeInfinity;
        var found = false;
        var choices = new int[counts.Length];
        while (true)
        {
            var matches = within is null || Enumerable.Range(0, counts.Length).All(i => within[i] == Package.Open || within[i] == choices[i]);
            if (matches)
            {
                var accepted = true;
                var nash = 1.0;
                foreach (var r in space.Required)
                {
                    var u = 0.0;
                    for (var i = 0; i < counts.Length; i++) u += draw.Contribution(r, i, choices[i]);
                    if (space.Model.Parties[r].Preferences.UtilityCap is { } cap) u = Math.Min(u, cap);
                    var redLine = space.Model.Parties[r].Preferences.RedLines.Any(line => line.Conditions.All(c =>
                        c.OptionIds.Contains(space.Scenario.Issues.First(x => x.Id == c.IssueId).Options[choices[space.Scenario.Issues.ToList().FindIndex(x => x.Id == c.IssueId)]].Id)));
                    if (redLine || u < draw.Reservations[r] - 1e-12) accepted = false;
                    else nash *= Math.Max(0, u - draw.Reservations[r]);
                }
                if (accepted)
                {
                    found = true;
                    best = Math.Max(best, nash);
                }
            }
            var digit = counts.Length - 1;
            while (digit >= 0 && ++choices[digit] == counts[digit]) choices[digit--] = 0;
            if (digit < 0) break;
        }
        return (found, found ? best : 0);
    }

    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 12));

    /// <summary>The scenario with every party's utility capped at 0.75 (Genius caps at 1): many packages then tie at the cap.</summary>
    private static Scenario WithCaps(Scenario scenario) => scenario with
    {
        Preferences = scenario.Preferences.ToDictionary(kv => kv.Key, kv => kv.Value with { UtilityCap = Math.Max(0.75, kv.Value.Reservation.Value) }),
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Composition_and_exhaustive_solvers_find_the_brute_force_Nash_product(int seed) => SolversAgree(TestScenarios.Random(seed, issues: 5 + seed % 2), seed);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Solvers_find_the_brute_force_Nash_product_of_capped_utilities(int seed) => SolversAgree(WithCaps(TestScenarios.Random(seed, issues: 5 + seed % 2)), seed);

    private static void SolversAgree(Scenario scenario, int seed)
    {
        var space = new ParameterSpace(scenario);
        var frontier = new FrontierNashSolver(space);
        var exhaustive = new ExhaustiveNashSolver(space);
        var engine = new BargainingEngineSolver(space);
        var draw = space.NewDrawModel();
        var parameters = new double[space.BaseParameters.Length];
        var found = 0;
        for (var k = 0; k < 25; k++)
        {
            var random = new DrawRandom((ulong)seed, k);
            EstimateSampler.Draw(space, SamplingDistribution.Uniform, ref random, parameters);
            space.Compile(parameters, draw);
            var expected = BruteForce(space, draw, null);
            var c1 = new int[space.IssueCount];
            var c2 = new int[space.IssueCount];
            Assert.Equal(expected.Found, frontier.TrySolve(draw, c1, out var n1));
            Assert.Equal(expected.Found, exhaustive.TrySolve(draw, c2, out var n2));
            var c3 = new int[space.IssueCount];
            // The engine works on a 10⁻⁹ integer grid: a package within 10⁻⁹ of a reservation value may be judged differently.
            var engineFound = engine.TrySolve(draw, c3, out var n3);
            if (!expected.Found) continue;
            found++;
            Assert.Equal(expected.Nash, n1, 12);
            Assert.Equal(expected.Nash, n2, 12);
            Assert.True(engineFound);
            Assert.Equal(expected.Nash, n3, 1e-8);
            Assert.Equal(expected.Nash, NashOf(space, draw, c3), 1e-8);
            // The package returned must really have that Nash product and be acceptable.
            Assert.Equal(expected.Nash, NashOf(space, draw, c1), 12);
        }
        Assert.True(found > 0, "the random scenarios should have a zone of agreement in some draws");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Solvers_restricted_to_a_partial_package_search_only_its_completions(int seed)
    {
        var scenario = TestScenarios.Random(seed + 100);
        var space = new ParameterSpace(scenario);
        var fixedChoices = Enumerable.Repeat(Package.Open, space.IssueCount).ToArray();
        fixedChoices[seed % space.IssueCount] = 1;
        fixedChoices[(seed + 2) % space.IssueCount] = 0;
        var within = new Package(fixedChoices);
        var frontier = new FrontierNashSolver(space, within);
        var exhaustive = new ExhaustiveNashSolver(space, within);
        var engine = new BargainingEngineSolver(space, within);
        var draw = space.NewDrawModel();
        var parameters = new double[space.BaseParameters.Length];
        for (var k = 0; k < 20; k++)
        {
            var random = new DrawRandom(99, k);
            EstimateSampler.Draw(space, SamplingDistribution.Triangular, ref random, parameters);
            space.Compile(parameters, draw);
            var expected = BruteForce(space, draw, within);
            var choices = new int[space.IssueCount];
            Assert.Equal(expected.Found, frontier.TrySolve(draw, choices, out var n1));
            Assert.Equal(expected.Found, exhaustive.TrySolve(draw, new int[space.IssueCount], out var n2));
            var engineChoices = new int[space.IssueCount];
            var engineFound = engine.TrySolve(draw, engineChoices, out var n3);
            if (!expected.Found) continue;
            Assert.Equal(expected.Nash, n1, 12);
            Assert.Equal(expected.Nash, n2, 12);
            Assert.True(engineFound);
            Assert.Equal(expected.Nash, n3, 1e-8);
            Assert.Equal(1, engineChoices[seed % space.IssueCount]);
            Assert.Equal(1, choices[seed % space.IssueCount]);
            Assert.Equal(0, choices[(seed + 2) % space.IssueCount]);
        }
    }

    [Fact]
    public void Frontier_points_are_mutually_non_dominated_and_cover_every_package()
    {
        var scenario = TestScenarios.Random(7);
        var space = new ParameterSpace(scenario);
        var draw = space.NewDrawModel();
        space.Compile(space.BaseParameters, draw);
        var frontier = new FrontierNashSolver(space).Frontier(draw, zoneOnly: false);
        Assert.NotEmpty(frontier);
        foreach (var a in frontier)
            foreach (var b in frontier)
                if (!ReferenceEquals(a, b))
                    Assert.False(b.Utilities[0] >= a.Utilities[0] && b.Utilities[1] >= a.Utilities[1], "a frontier point is dominated");
        // Every feasible package is weakly dominated by some frontier point.
        var model = space.Model;
        var counts = space.OptionCounts;
        var choices = new int[counts.Length];
        while (true)
        {
            var feasible = space.Required.All(r => !model.Parties[r].HitsRedLine(choices));
            if (feasible)
            {
                var u = space.Required.Select(r => Enumerable.Range(0, counts.Length).Sum(i => draw.Contribution(r, i, choices[i]))).ToArray();
                Assert.Contains(frontier, f => f.Utilities[0] >= u[0] - 1e-12 && f.Utilities[1] >= u[1] - 1e-12);
            }
            var digit = counts.Length - 1;
            while (digit >= 0 && ++choices[digit] == counts[digit]) choices[digit--] = 0;
            if (digit < 0) break;
        }
    }

    [Fact]
    public void On_the_built_in_scenario_the_composition_solver_finds_the_exhaustive_best_package()
    {
        var scenario = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var space = new ParameterSpace(scenario);
        var draw = space.NewDrawModel();
        space.Compile(space.BaseParameters, draw);
        var reference = ExhaustiveAnalysis.Run(space.Model, top: 1);
        var choices = new int[space.IssueCount];
        Assert.True(new FrontierNashSolver(space).TrySolve(draw, choices, out var nash));
        Assert.Equal(reference.BestByNash[0].NashProduct, nash, 1e-9);
        Assert.Equal(reference.BestByNash[0].Package, new Package(choices));
        Assert.True(new BargainingEngineSolver(space).TrySolve(draw, choices, out nash));
        Assert.Equal(reference.BestByNash[0].NashProduct, nash, 1e-8);
        Assert.Equal(reference.BestByNash[0].Package, new Package(choices));
    }

    private static double NashOf(ParameterSpace space, DrawModel draw, int[] choices)
    {
        var nash = 1.0;
        foreach (var r in space.Required)
        {
            Assert.False(space.Model.Parties[r].HitsRedLine(choices));
            var u = Enumerable.Range(0, choices.Length).Sum(i => draw.Contribution(r, i, choices[i]));
            if (space.Model.Parties[r].Preferences.UtilityCap is { } cap) u = Math.Min(u, cap);
            Assert.True(u >= draw.Reservations[r] - 1e-12);
            nash *= u - draw.Reservations[r];
        }
        return nash;
    }
}
