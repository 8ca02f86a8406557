using System.Diagnostics;
using Parley.Core.Diagnostics;
using Parley.Core.Format;

namespace Parley.Core.Tests.Format;

/// <summary>A quote that is not in its source names the source's nearest passage, so the author can fix the slip.</summary>
public class NearestPassageTests
{
    private static string Seed => File.ReadAllText(Path.Combine(TestPaths.SeedDirectory, "lmd-2023-01-ukraine-peace.txt"));

    /// <summary>The 1-based line of the source on which a passage starts, counted by hand from the raw text.</summary>
    private static int LineOf(string text, string start) =>
        text[..text.IndexOf(start, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Theory]
    [InlineData("the idea of negotiatons is no longer taboo in the US")]          // a letter dropped
    [InlineData("Though the flow of arms and munitions to Ukraine continued")]    // a word changed, the end left off
    [InlineData("the flow of weapons and munitions to Ukraine continues")]        // a word replaced
    public void A_typo_in_a_quote_from_the_founding_document_names_the_sentence_it_meant(string quote)
    {
        var seed = Seed;
        var matcher = new QuoteMatcher(seed);
        Assert.False(matcher.Contains(quote));
        var nearest = matcher.Nearest(quote);
        Assert.NotNull(nearest);
        Assert.Equal("Though the flow of arms and munitions to Ukraine continues, the idea of negotiations is no longer taboo in the US.", nearest.Text);
        Assert.Equal(LineOf(seed, "day before. Though the flow"), nearest.Line);
    }

    [Fact]
    public void A_long_sentence_is_cut_to_the_stretch_the_quote_comes_from()
    {
        var seed = Seed;
        // A sentence of over 200 characters; the quote (misspelt) comes from its end.
        const string quote = "a message of 'coordination and alignmnet', a White House official said the day before";
        var nearest = new QuoteMatcher(seed).Nearest(quote);
        Assert.NotNull(nearest);
        Assert.True(nearest.Text.Length <= 120, nearest.Text);
        Assert.Contains("official said the day before.", nearest.Text);
        Assert.StartsWith("…", nearest.Text);
        Assert.Equal(LineOf(seed, "Ukrainian \npresident Volodymyr Zelensky"), nearest.Line);
    }

    [Fact]
    public void A_quote_with_nothing_close_in_the_source_names_no_passage() =>
        Assert.Null(new QuoteMatcher(Seed).Nearest("Quantum chromodynamics explains hadron jets"));

    [Fact]
    public void The_loader_names_the_nearest_passage_with_its_line()
    {
        var original = File.ReadAllText(TestPaths.RiverValley);
        var text = original.Replace("quote: \"Water matters almost as much as land.\"", "quote: \"Water matters almost as much as lands.\"");
        var result = ScenarioLoader.LoadText(text, "variant.yaml", TestPaths.Examples);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(DiagnosticCodes.QuoteNotFound, error.Code);
        var briefing = File.ReadAllText(Path.Combine(TestPaths.Examples, "river-valley-briefing.txt"));
        Assert.Contains($"the nearest passage (line {LineOf(briefing, "Water matters")} of its file) reads \"Water matters almost as much as land.\"", error.Message);
    }

    [Fact]
    public void It_stays_fast_on_a_200_kB_source()
    {
        // The founding document inside 160 kB of sentences made of its own words, so that every sentence looks alike.
        var seed = Seed;
        var words = seed.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.All(char.IsLetter)).ToArray();
        var random = new Random(7);
        var filler = new System.Text.StringBuilder();
        while (filler.Length < 160_000)
        {
            for (var k = 0; k < 12; k++) filler.Append(words[random.Next(words.Length)]).Append(k % 5 == 4 ? '\n' : ' ');
            filler.Append(". ");
        }
        var source = filler.ToString()[..75_000] + "\n" + seed + "\n" + filler.ToString()[75_000..];
        Assert.True(source.Length >= 200_000);
        var matcher = new QuoteMatcher(source);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            var nearest = matcher.Nearest("the idea of negotiatons is no longer taboo in the US");
            Assert.Equal(LineOf(source, "day before. Though the flow"), nearest!.Line);
        }
        // The bound is loose on purpose: the machine running the tests may be loaded; a scan of every sentence per
        // character (the naive way) would still blow it.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{watch.Elapsed.TotalMilliseconds:0} ms for 50 lookups");
    }
}
