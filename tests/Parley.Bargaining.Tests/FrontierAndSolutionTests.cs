using Parley.Core.Evaluation;
using Xunit;

namespace Parley.Bargaining.Tests;

public class FrontierAndSolutionTests
{
    public static IEnumerable<object[]> Cases => Scenarios.ShapesAndSeeds(25);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Frontier_holds_exactly_the_undominated_feasible_packages_ties_included(string shape, int seed)
    {
        var model = new UtilityModel(Scenarios.Random(seed, Scenarios.ByName(shape)));
        var reference = new BruteForce(model);
        var frontier = ParetoFrontier.Compute(new BargainingProblem(model));

        var expected = reference.Undominated(reference.Feasible).Select(BruteForce.Key).Order().ToList();
        var actual = frontier.Points.SelectMany(frontier.Packages).Select(BruteForce.Key).Order().ToList();

        Assert.Equal(expected, actual);
        Assert.Equal(expected.Count, (int)frontier.PackageCount);
        // One point per distinct utility vector, and the point's utilities are its packages' utilities.
        foreach (var point in frontier.Points)
            foreach (var package in frontier.Packages(point))
                Assert.Equal(point.Utilities.Select(UtilityGrid.FromGrid), reference.Utilities(package), new ToleranceComparer());
        Assert.Equal(expected.Select(k => string.Join(";", reference.Utilities(Parse(k)).Select(u => u.ToString("F6")))).Distinct().Count(),
            frontier.Points.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Zone_count_equals_enumeration(string shape, int seed)
    {
        var model = new UtilityModel(Scenarios.Random(seed, Scenarios.ByName(shape)));
        var reference = new BruteForce(model);
        var byEvaluator = reference.All.Count(p => ProposalEvaluator.Evaluate(model, new Package(p)).AcceptedByAllRequired);

        var count = ZopaCounter.Count(new BargainingProblem(model));

        Assert.True(count.IsExact);
        Assert.Equal(reference.Zone.Count, (int)count.Exact);
        Assert.Equal(byEvaluator, (int)count.Exact);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Solutions_attain_the_enumerated_optimum_with_every_pareto_optimal_maximiser(string shape, int seed)
    {
        var model = new UtilityModel(Scenarios.Random(seed, Scenarios.ByName(shape)));
        var reference = new BruteForce(model);
        var frontier = ParetoFrontier.Compute(new BargainingProblem(model));
        var solutions = BargainingSolutions.All(frontier).ToDictionary(s => s.Kind);
        var zoneFrontier = reference.Undominated(reference.Zone);
        var r = reference.Required.Select(p => p.Reservation).ToArray();
        var ideal = Enumerable.Range(0, r.Length).Select(p => reference.Zone.Count == 0 ? r[p] : reference.Zone.Max(z => reference.Utilities(z)[p])).ToArray();

        var objectives = new Dictionary<SolutionKind, Func<int[], double>>
        {
            [SolutionKind.Nash] = p => reference.Gains(p).Aggregate(1.0, (a, g) => a * g),
            [SolutionKind.Utilitarian] = p => reference.Utilities(p).Sum(),
            [SolutionKind.Egalitarian] = p => reference.Gains(p).Min(),
            [SolutionKind.KalaiSmorodinskyNegmas] = p => reference.Gains(p).Min(),
            [SolutionKind.KalaiSmorodinskyGenius] = p =>
            {
                var u = reference.Utilities(p);
                var sum = 0.0;
                for (var i = 0; i < u.Length; i++)
                    for (var j = i + 1; j < u.Length; j++) sum += Math.Abs(u[i] - u[j]);
                return -sum;
            },
            [SolutionKind.KalaiSmorodinsky] = p =>
            {
                var g = reference.Gains(p);
                var ratios = Enumerable.Range(0, g.Length).Where(i => ideal[i] - r[i] > BruteForce.Tolerance).Select(i => g[i] / (ideal[i] - r[i])).ToList();
                return ratios.Count == 0 ? 0 : ratios.Min();
            },
        };

        foreach (var (kind, objective) in objectives)
        {
            var solution = solutions[kind];
            if (reference.Zone.Count == 0)
            {
                Assert.False(solution.Exists);
                continue;
            }
            // Genius's asymmetry is not monotone in the utilities: it is defined over the frontier only.
            var best = (kind == SolutionKind.KalaiSmorodinskyGenius ? zoneFrontier : reference.Zone).Max(objective);
            var expected = zoneFrontier.Where(p => objective(p) >= best - 1e-9).Select(BruteForce.Key).Order().ToList();
            var actual = solution.Points.SelectMany(frontier.Packages).Select(BruteForce.Key).Order().ToList();
            Assert.True(expected.SequenceEqual(actual), $"{kind}: expected {string.Join(" ", expected)}, got {string.Join(" ", actual)}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invariants_nash_is_on_the_frontier_and_in_the_zone_and_no_frontier_point_is_dominated(string shape, int seed)
    {
        var model = new UtilityModel(Scenarios.Random(seed, Scenarios.ByName(shape)));
        var reference = new BruteForce(model);
        var frontier = ParetoFrontier.Compute(new BargainingProblem(model));
        var feasibleUtilities = reference.Feasible.Select(reference.Utilities).ToList();

        foreach (var point in frontier.Points)
        {
            var u = point.Utilities.Select(UtilityGrid.FromGrid).ToArray();
            Assert.DoesNotContain(feasibleUtilities, f => BruteForce.Dominates(f, u));
        }
        var nash = BargainingSolutions.All(frontier).Single(s => s.Kind == SolutionKind.Nash);
        foreach (var package in nash.Points.SelectMany(frontier.Packages))
        {
            Assert.Contains(BruteForce.Key(package), reference.Zone.Select(BruteForce.Key));
            Assert.True(ProposalEvaluator.Evaluate(model, new Package(package)).AcceptedByAllRequired);
        }
    }

    private static int[] Parse(string key) => key.Split(',').Select(int.Parse).ToArray();

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-7;
        public int GetHashCode(double obj) => 0;
    }
}
