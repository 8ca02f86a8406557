using System.Numerics;
using System.Text;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Xunit;

namespace Parley.Bargaining.Tests;

/// <summary>
/// The Nash product's value in utility units was the exact grid product divided by 1e9^parties in doubles: from 35
/// required parties on that is ∞/∞ = NaN, and 'parley analyze --format json' on a 200-party scenario ended in an
/// internal error (JSON cannot hold NaN).
/// </summary>
public sealed class ManyPartiesTests
{
    /// <summary>A scenario of <paramref name="parties"/> belligerents over three issues of three options; every party accepts the middle package.</summary>
    public static string ManyParties(int parties)
    {
        var text = new StringBuilder("id: many\ntitle: Many parties\nsources: [{id: s, title: s}]\nparties:\n");
        for (var i = 0; i < parties; i++) text.Append($"  - {{id: P{i}, name: Party {i}, role: belligerent}}\n");
        text.Append("issues:\n");
        for (var j = 0; j < 3; j++) text.Append($"  - {{id: i{j}, name: Issue {j}, options: [{{id: a}}, {{id: b}}, {{id: c}}]}}\n");
        text.Append("preferences:\n");
        for (var i = 0; i < parties; i++)
        {
            text.Append($"  P{i}:\n    reservation: 0.2\n    weights: {{i0: 0.4, i1: 0.3, i2: 0.3}}\n    values:\n");
            for (var j = 0; j < 3; j++)
            {
                var a = (i + j) % 3 / 2.0;
                text.Append(FormattableString.Invariant($"      i{j}: {{a: {a}, b: 0.5, c: {1 - a}}}\n"));
            }
        }
        text.Append("proposals:\n  - {id: middle, name: Middle, author: x, terms: {i0: b, i1: b, i2: b}}\n");
        return text.ToString();
    }

    [Theory]
    [InlineData(34)]
    [InlineData(35)]
    [InlineData(200)]
    public void Every_solution_value_is_finite_with_many_parties(int parties)
    {
        var scenario = ScenarioLoader.LoadText(ManyParties(parties), "many.yaml").GetOrThrow();
        var report = BargainingAnalysis.Run(new UtilityModel(scenario));
        Assert.NotEmpty(report.Solutions);
        foreach (var solution in report.Solutions.Where(s => s.Exists))
            Assert.True(double.IsFinite(solution.Value), $"{solution.Name}: {solution.Value}");
        var nash = report.Solutions.Single(s => s.Kind == SolutionKind.Nash);
        // The value is the product of the gains over the reservation values, computed here in log space.
        var gains = Enumerable.Range(0, parties).Select(k => nash.Points[0].Utility(k) - report.Problem.Parties[k].Reservation).ToList();
        var expected = Math.Exp(gains.Sum(Math.Log));
        Assert.Equal(expected, nash.Value, expected * 1e-9);
    }

    [Fact]
    public void The_value_is_unchanged_where_the_direct_division_is_finite()
    {
        var product = new BigInteger(3e17) * new BigInteger(7e17);
        Assert.Equal((double)product / Math.Pow(UtilityGrid.Scale, 4), BargainingSolutions.NashValue(product, 4));
        Assert.Equal(0, BargainingSolutions.NashValue(BigInteger.Zero, 200));
        Assert.Equal(Math.Pow(0.5, 200), BargainingSolutions.NashValue(BigInteger.Pow(new BigInteger(5e8), 200), 200), 1e-70);
    }
}
