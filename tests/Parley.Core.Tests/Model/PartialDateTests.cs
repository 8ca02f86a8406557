using Parley.Core.Model;

namespace Parley.Core.Tests.Model;

public class PartialDateTests
{
    [Theory]
    [InlineData("2022", 2022, null, null)]
    [InlineData("2022-03", 2022, 3, null)]
    [InlineData("2022-12-06", 2022, 12, 6)]
    [InlineData("2024-02-29", 2024, 2, 29)]
    public void Parses_every_precision(string text, int year, int? month, int? day)
    {
        var date = PartialDate.TryParse(text, out var error);
        Assert.Null(error);
        Assert.Equal(new PartialDate(year, month, day), date);
        Assert.Equal(text, date!.Value.ToString());
    }

    [Theory]
    [InlineData("2022-13")]
    [InlineData("2023-02-29")]
    [InlineData("22-03-01")]
    [InlineData("March 2022")]
    [InlineData("2022-3")]
    [InlineData("2022-03-01-01")]
    public void Rejects_non_dates(string text)
    {
        Assert.Null(PartialDate.TryParse(text, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void A_partial_date_sorts_as_its_first_day()
    {
        Assert.True(new PartialDate(2022, 3) < new PartialDate(2022, 3, 2));
        Assert.True(new PartialDate(2022) < new PartialDate(2022, 1, 2));
        Assert.Equal(0, new PartialDate(2022, 3).CompareTo(new PartialDate(2022, 3, 1)));
    }
}
