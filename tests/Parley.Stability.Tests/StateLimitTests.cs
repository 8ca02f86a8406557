using Parley.Stability.Engine;
using Parley.Stability.Model;

namespace Parley.Stability.Tests;

/// <summary>
/// The feasible-state limit: counted independently here (2^n patterns minus those an infeasibility condition
/// removes), a conflict at the limit is enumerated in full and one over it is refused with a message naming
/// the conflict and the limit, before its states fill memory.
/// </summary>
public class StateLimitTests
{
    [Fact]
    public void Exactly_the_limit_is_enumerated()
    {
        var codes = ConflictGraph.EnumerateFeasible(24, [], "at-limit");
        Assert.Equal(1 << 24, ConflictGraph.MaxStates);
        Assert.Equal(ConflictGraph.MaxStates, codes.Length);
        Assert.Equal(0UL, codes[0]);
        Assert.Equal((1UL << 24) - 1, codes[^1]);
    }

    [Theory]
    [InlineData(25)]
    [InlineData(30)]
    public void Over_the_limit_is_refused_with_its_name(int options)
    {
        var error = Assert.Throws<ConflictModelException>(() => ConflictGraph.EnumerateFeasible(options, [], "too-big"));
        Assert.Contains("too-big", error.Message);
        Assert.Contains($"{ConflictGraph.MaxStates:N0}", error.Message);
        Assert.Contains($"{options} options", error.Message);
    }

    [Fact]
    public void Infeasibility_that_brings_a_large_conflict_under_the_limit_lets_it_through()
    {
        // 26 options, options 0 and 1 never together and options 2 and 3 never together: 2^26 · (3/4)² =
        // 37,748,736 states, still over; adding "4 and 5 never together" and "6 and 7" gives 2^26 · (3/4)^4 =
        // 21,233,664, over; "8 and 9" too: 15,925,248, under the limit of 16,777,216.
        var pairs = new List<StateCondition>();
        for (var k = 0; k < 8; k += 2)
        {
            pairs.Add(StateCondition.AllTaken([k, k + 1]));
            Assert.Throws<ConflictModelException>(() => ConflictGraph.EnumerateFeasible(26, pairs, "pairs"));
        }
        pairs.Add(StateCondition.AllTaken([8, 9]));
        var codes = ConflictGraph.EnumerateFeasible(26, pairs, "pairs");
        Assert.Equal(15_925_248, codes.Length);
        Assert.All(new[] { 0, 1, codes.Length / 2, codes.Length - 1 }, i =>
            Assert.All(Enumerable.Range(0, 5), pair => Assert.NotEqual(0b11UL, (codes[i] >> (2 * pair)) & 0b11)));
    }
}
