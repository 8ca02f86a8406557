using Parley.Bargaining.Genius;
using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Xunit;

namespace Parley.Bargaining.Tests;

/// <summary>The discount factors kept in a scenario's <c>genius</c> section are numbers in [0, 1], checked where they are read.</summary>
public sealed class GeniusSectionTests
{
    private const string Scenario = """
        id: g
        title: g
        sources: [{id: s, title: s}]
        parties: [{id: A, name: A, role: belligerent}, {id: B, name: B, role: belligerent}]
        issues: [{id: i, name: i, options: [{id: a}, {id: b}]}]
        genius:
          discount: {A: 0.9, B: VALUE}
        """;

    [Theory]
    [InlineData("1e308", "'1e308' is out of range")]
    [InlineData(".nan", "'.nan' is not a number")]
    [InlineData("1.5", "the discount factor 1.5 must lie in [0, 1]")]
    public void A_discount_factor_outside_0_1_is_reported_with_its_place_and_not_exported(string value, string message)
    {
        var scenario = ScenarioLoader.LoadText(Scenario.Replace("VALUE", value), "g.yaml").GetOrThrow();
        var bag = new DiagnosticBag();
        GeniusImporter.CheckSection(scenario, bag);
        var error = Assert.Single(bag.Items);
        Assert.Equal(("genius.discount.B", 7), (error.Path, error.Location!.Line));
        Assert.Contains(message, error.Message);
        Assert.Equal(["A"], GeniusImporter.DiscountFactors(scenario).Keys);
    }

    [Fact]
    public void Discount_factors_in_range_pass()
    {
        var scenario = ScenarioLoader.LoadText(Scenario.Replace("VALUE", "1"), "g.yaml").GetOrThrow();
        var bag = new DiagnosticBag();
        GeniusImporter.CheckSection(scenario, bag);
        Assert.Empty(bag.Items);
        Assert.Equal(2, GeniusImporter.DiscountFactors(scenario).Count);
    }
}
