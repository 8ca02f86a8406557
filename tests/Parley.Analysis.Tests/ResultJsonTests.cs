using System.Numerics;
using Parley.Analysis.Json;
using Xunit;

namespace Parley.Analysis.Tests;

public class ResultJsonTests
{
    private sealed record Sample(double Value, BigInteger Count, double Missing);

    [Fact]
    public void Floating_point_noise_never_reaches_the_document()
    {
        var json = ResultJson.Serialize(new Sample(0.1 + 0.2, BigInteger.Pow(10, 50), double.NaN), indented: false);
        Assert.Equal("{\"value\":0.3,\"count\":100000000000000000000000000000000000000000000000000,\"missing\":null}", json);
    }

    [Fact]
    public void Counts_of_any_size_round_trip_as_numbers()
    {
        var value = new Sample(0.125, BigInteger.Pow(3, 200), 1);
        var back = ResultJson.Deserialize<Sample>(ResultJson.Serialize(value));
        Assert.Equal(value, back);
    }

    [Fact]
    public void Tidy_keeps_fifteen_significant_digits()
    {
        Assert.Equal(0.3, ResultJson.Tidy(0.1 + 0.2));
        Assert.Equal(1.0 / 3, ResultJson.Tidy(1.0 / 3), 15);
        Assert.Equal(123456789012345d, ResultJson.Tidy(123456789012345d));
    }
}
