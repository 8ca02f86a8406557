using Xunit;
using System.Numerics;
using Parley.Core.Evaluation;
using Parley.Core.Model;

namespace Parley.Bargaining.Tests;

/// <summary>
/// Utility caps (Genius's <c>min(1, Σ w·v)</c>): the capped frontier, Nash solution and exhaustive ranking
/// against brute force over every package, computed here from the weights and values directly.
/// </summary>
public class UtilityCapTests
{
    /// <summary>A random scenario whose required parties' utilities are capped halfway between their reservation and their best package.</summary>
    private static Scenario Capped(int seed, Scenarios.Shape shape)
    {
        var scenario = Scenarios.Random(seed, shape);
        var model = new UtilityModel(scenario);
        var preferences = scenario.Preferences.ToDictionary(kv => kv.Key, kv =>
        {
            var best = model.For(kv.Key).BestByIssue.Sum();
            var reservation = kv.Value.Reservation.Value;
            return kv.Value with { UtilityCap = Math.Round(Math.Max(reservation, reservation + (best - reservation) / 2), 2) };
        });
        return scenario with { Preferences = preferences };
    }

    /// <summary>Every package's capped utility per required party in grid units, with whether it is feasible (no required party's red line).</summary>
    private static List<(int[] Choices, long[] Utilities, bool Feasible)> Enumerate(Scenario scenario)
    {
        var required = scenario.Agreement.RequiredParties.Select(id => scenario.Preferences[id]).ToList();
        var counts = scenario.Issues.Select(i => i.Options.Count).ToArray();
        var result = new List<(int[], long[], bool)>();
        var choices = new int[counts.Length];
        while (true)
        {
            var utilities = required.Select(p =>
            {
                long sum = 0;
                for (var i = 0; i < counts.Length; i++)
                {
                    var issue = scenario.Issues[i];
                    sum += UtilityGrid.ToGrid(p.Weight(issue.Id) * p.Value(issue.Id, issue.Options[choices[i]].Id));
                }
                return Math.Min(sum, UtilityGrid.ToGrid(p.UtilityCap!.Value));
            }).ToArray();
            var feasible = !required.Any(p => p.RedLines.Any(line => line.Conditions.All(c =>
            {
                var i = scenario.Issues.ToList().FindIndex(x => x.Id == c.IssueId);
                return c.OptionIds.Contains(scenario.Issues[i].Options[choices[i]].Id);
            })));
            result.Add(((int[])choices.Clone(), utilities, feasible));
            var digit = counts.Length - 1;
            while (digit >= 0 && ++choices[digit] == counts[digit]) choices[digit--] = 0;
            if (digit < 0) return result;
        }
    }

    private static bool Dominates(long[] a, long[] b) =>
        a.Zip(b).All(x => x.First >= x.Second) && a.Zip(b).Any(x => x.First > x.Second);

    public static IEnumerable<object[]> Cases => Scenarios.ShapesAndSeeds(8);

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_capped_frontier_and_nash_solution_are_those_of_brute_force(string shape, int seed)
    {
        var scenario = Capped(seed, Scenarios.ByName(shape));
        var all = Enumerate(scenario).Where(p => p.Feasible).ToList();
        var vectors = all.Select(p => p.Utilities).DistinctBy(v => string.Join(",", v)).ToList();
        var expectedFrontier = vectors.Where(v => !vectors.Any(o => Dominates(o, v))).Select(v => string.Join(",", v)).Order().ToList();

        var problem = new BargainingProblem(new UtilityModel(scenario));
        var frontier = ParetoFrontier.Compute(problem);
        Assert.Equal(expectedFrontier, frontier.Points.Select(p => string.Join(",", p.Utilities)).Order().ToList());
        // Every package listed on a point has that point's capped utilities.
        foreach (var point in frontier.Points)
            foreach (var package in frontier.Packages(point))
                Assert.Equal(point.Utilities, all.Single(p => p.Choices.SequenceEqual(package)).Utilities);

        var reservations = scenario.Agreement.RequiredParties.Select(id => UtilityGrid.ToGrid(scenario.Preferences[id].Reservation.Value)).ToArray();
        var zone = all.Where(p => p.Utilities.Zip(reservations).All(x => x.First >= x.Second)).ToList();
        var nash = BargainingSolutions.All(frontier).Single(s => s.Kind == SolutionKind.Nash);
        Assert.Equal(zone.Count > 0, nash.Exists);
        if (zone.Count == 0) return;
        var best = zone.Max(p => p.Utilities.Zip(reservations).Aggregate(BigInteger.One, (n, x) => n * (x.First - x.Second)));
        Assert.All(nash.Points, point => Assert.Equal(best, BargainingSolutions.Product(point, reservations)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Enumeration_ranks_by_capped_utilities(string shape, int seed)
    {
        var scenario = Capped(seed, Scenarios.ByName(shape));
        var model = new UtilityModel(scenario);
        var reservations = scenario.Agreement.RequiredParties.Select(id => scenario.Preferences[id].Reservation.Value).ToArray();
        var zone = Enumerate(scenario).Where(p => p.Feasible)
            .Select(p => p.Utilities.Select(UtilityGrid.FromGrid).ToArray())
            .Where(u => u.Zip(reservations).All(x => x.First >= x.Second - 1e-12)).ToList();
        var space = ExhaustiveAnalysis.Run(model, 3);
        Assert.Equal(zone.Count, (int)space.AcceptableCount);
        if (zone.Count == 0) return;
        var best = zone.Max(u => u.Zip(reservations).Aggregate(1.0, (n, x) => n * Math.Max(0, x.First - x.Second)));
        Assert.Equal(best, space.BestByNash[0].NashProduct, 12);
        // The reported utilities are capped too.
        Assert.All(space.BestByNash, b => Assert.All(model.Parties, (p, i) => Assert.True(b.Utilities[i] <= p.Cap)));
    }
}
