using Parley.Core.Format;

namespace Parley.Core.Tests.Format;

public class QuoteMatcherTests
{
    private const string Printed = "The existence of this channel \u2013 and the\nwillingness to acknowledge it \u2013 has been\ninterpreted as opening a pre-\nliminary phase for negotia-\ntions with Russia. \u2018nothing about Ukraine [will be\ndecided] without Ukraine.\u2019 Russia-NATO talks";

    [Theory]
    [InlineData("opening a preliminary phase for negotiations with Russia")]
    [InlineData("'nothing about Ukraine [will be decided] without Ukraine.'")]
    [InlineData("The existence of this channel - and the willingness")]
    [InlineData("Russia-NATO talks")]
    [InlineData("  this   channel  ")]
    public void Finds_quotes_across_layout(string quote) => Assert.True(new QuoteMatcher(Printed).Contains(quote));

    [Theory]
    [InlineData("opening a preliminary phase for talks with Russia")]
    [InlineData("everything about Ukraine")]
    [InlineData("")]
    public void Rejects_words_that_are_not_there(string quote) => Assert.False(new QuoteMatcher(Printed).Contains(quote));
}
