using Parley.Core.Model;

namespace Parley.Core.Tests.Model;

/// <summary>How a position reads in timelines and reports: its note, else what it demands, never an empty "N: ".</summary>
public class PositionTests
{
    private static Position Make(string? note, params (string Issue, string Option)[] stance) =>
        new("N", new PartialDate(2024, 3), stance.ToDictionary(s => s.Issue, s => s.Option), note, []);

    [Fact]
    public void A_note_is_the_summary() =>
        Assert.Equal("N: rejects any water deal", Make("rejects any water deal", ("water", "upstream")).Summary);

    [Fact]
    public void Without_a_note_the_stance_is_listed_in_order() =>
        Assert.Equal("N: border=north-line, water=shared", Make(null, ("border", "north-line"), ("water", "shared")).Summary);

    [Fact]
    public void A_blank_note_counts_as_none() =>
        Assert.Equal("N: water=shared", Make("  ", ("water", "shared")).Summary);

    [Fact]
    public void Nothing_recorded_says_so() =>
        Assert.Equal("N: (no stance recorded)", Make(null).Summary);
}
