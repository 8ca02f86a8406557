using Parley.Storage;

namespace Parley.Web.Tests.Storage;

public class LineDiffTests
{
    [Fact]
    public void Equal_texts_have_an_empty_diff() => Assert.Equal("", LineDiff.Unified("a\nb\n", "a\nb\n"));

    [Fact]
    public void A_changed_line_shows_as_removed_then_added_with_context()
    {
        var diff = LineDiff.Unified("a\nb\nc\nd\ne\nf\n", "a\nb\nc\nX\ne\nf\n", context: 1);
        Assert.Equal("@@ line 3 → 3 @@\n c\n-d\n+X\n e\n", diff);
    }

    [Fact]
    public void Insertions_and_deletions_keep_the_common_lines()
    {
        var diff = LineDiff.Unified("one\ntwo\nthree\n", "zero\none\nthree\nfour\n", context: 1);
        Assert.Equal("@@ line 1 → 1 @@\n+zero\n one\n-two\n three\n+four\n", diff);
    }

    [Fact]
    public void Everything_is_new_in_a_first_version()
    {
        Assert.Equal("@@ line 1 → 1 @@\n+x\n+y\n", LineDiff.Unified("", "x\ny\n"));
    }
}
