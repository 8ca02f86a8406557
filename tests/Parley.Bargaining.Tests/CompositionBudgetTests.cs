using Xunit;
using Parley.Core.Evaluation;

namespace Parley.Bargaining.Tests;

/// <summary>
/// The work limit of a composition (<see cref="CompositionInput.MaxWork"/>), which lets <c>analyze</c> bound each
/// bridge search: under the limit the result is the unlimited one, over it the search stops with
/// <see cref="CompositionTooLargeException"/>, and a cancelled token stops it too. Counts, not timings.
/// </summary>
public class CompositionBudgetTests
{
    public static IEnumerable<object[]> Cases => Scenarios.ShapesAndSeeds(4);

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_generous_limit_changes_nothing(string shape, int seed)
    {
        var model = new UtilityModel(Scenarios.Random(seed, Scenarios.ByName(shape)));
        var problem = new BargainingProblem(model);
        var proposal = Enumerable.Repeat(0, problem.IssueCount).ToArray();
        var unlimited = Bridging.Find(problem, proposal, null);
        var limited = Bridging.Find(problem, proposal, null, maxWork: 1L << 40);
        Assert.Equal(unlimited.FewestChanges?.Package, limited.FewestChanges?.Package);
    }

    [Fact]
    public void Over_the_limit_the_search_stops_with_what_it_did()
    {
        var model = new UtilityModel(Scenarios.Random(7, new Scenarios.Shape(3, 12, 12, 4, 4, 0, 0, 0.01)));
        var problem = new BargainingProblem(model);
        var e = Assert.Throws<CompositionTooLargeException>(() => Bridging.Find(problem, new int[problem.IssueCount], null, maxWork: 1000));
        Assert.True(e.Work > 1000);
        Assert.Equal(1000, e.Limit);
        Assert.IsAssignableFrom<NotSupportedException>(e);
    }

    [Fact]
    public void A_cancelled_token_stops_the_search()
    {
        var model = new UtilityModel(Scenarios.Random(7, new Scenarios.Shape(3, 12, 12, 4, 4, 0, 0, 0.01)));
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Bridging.Find(new BargainingProblem(model), new int[12], null, cancellation.Token));
    }
}
