using Parley.Analysis.Text;
using Xunit;

namespace Parley.Analysis.Tests;

public class TextTests
{
    [Theory]
    [InlineData(0.0, "0 %")]
    [InlineData(1.0, "100 %")]
    [InlineData(0.5, "50.00 %")]
    [InlineData(6365.0 / 21257640, "0.03 %")] // the built-in zone: 0.0299 %, never "0.0 %"
    [InlineData(1e-9, "0.00000010 %")]
    [InlineData(0.99999999, "99.99 %")]
    [InlineData(0.00005, "0.0050 %")]
    public void A_percentage_never_rounds_a_non_zero_share_to_zero_nor_a_partial_one_to_all(double share, string expected) =>
        Assert.Equal(expected, Fmt.Percent(share));

    [Fact]
    public void Percentages_of_every_share_between_zero_and_one_are_never_zero_or_whole()
    {
        for (var k = -12; k <= 0; k++)
        foreach (var mantissa in new[] { 1.0, 2.5, 4.99, 9.9999 })
        {
            var share = mantissa * Math.Pow(10, k);
            if (share >= 1) continue;
            var text = Fmt.Percent(share);
            Assert.NotEqual("0 %", text);
            Assert.DoesNotMatch(@"^0(\.0+)? %$", text);
            Assert.NotEqual("100.00 %", text);
        }
    }

    [Theory]
    [InlineData(0.05, "+0.050")]
    [InlineData(-0.05, "−0.050")]
    [InlineData(-0.0001, "+0.000")] // rounds to zero: no signed zero
    [InlineData(0.0606, "+0.061")]
    public void Signed_numbers_have_three_decimals_and_a_real_minus(double value, string expected) =>
        Assert.Equal(expected, Fmt.Signed(value));

    [Fact]
    public void Counts_are_grouped_below_ten_to_the_fifteen_and_scientific_above()
    {
        Assert.Equal("21,257,640", Fmt.Count(21257640d));
        Assert.Equal("21,257,640", Fmt.Count(21257640L));
        Assert.Equal("21,257,640", Fmt.Count(new System.Numerics.BigInteger(21257640)));
        Assert.Equal("1e50", Fmt.Count(System.Numerics.BigInteger.Pow(10, 50)));
    }

    [Fact]
    public void A_blocker_reads_the_same_everywhere() =>
        Assert.Equal("short by 0.050", Wording.Shortfall(false, -0.05));
}
