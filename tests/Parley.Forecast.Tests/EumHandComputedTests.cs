using Parley.Forecast.Eum;

namespace Parley.Forecast.Tests;

/// <summary>
/// Three actors on a 0–100 scale, risk neutral (r = 1), Q = 1. Every number below is worked out by
/// hand from the formulas in docs/forecast.md; the arithmetic is spelled out in the comments.
/// A(x=0, c=2, s=0.5), B(x=50, c=1, s=1), C(x=100, c=1, s=0.5); vote weights c·s = 1, 1, 0.5.
/// </summary>
public class EumHandComputedTests
{
    private static SpatialModel Model() => TestFiles.OneDimension(("A", 2, 0, 0.5), ("B", 1, 50, 1), ("C", 1, 100, 0.5));

    [Fact]
    public void Probabilities_and_expected_utilities_match_hand_arithmetic()
    {
        // P[A over B]: votes w_k(|x_k−50| − |x_k−0|): A 1·50 = 50, B 1·(0−50) = −50, C 0.5·(50−100) = −25 → 50/125.
        const double pAB = 50.0 / 125;
        // d(A,B) = 0.5: U_s = 2 − 4(0.25) = 1, U_f = 2 − 4(0.75) = −1, U_sq = 0.
        Assert.Equal(1.0, EumMath.Success(0.5, 1), 12);
        Assert.Equal(-1.0, EumMath.Failure(0.5, 1), 12);
        Assert.Equal(0.0, EumMath.StatusQuo(1), 12);
        // EU_A(A→B) = s_B[P U_s + (1−P) U_f] + (1−s_B)U_s − U_sq = 1·(0.4 − 0.6) = −0.2
        Assert.Equal(-0.2, EumMath.ChallengeUtility(0.5, 0.5, 0, pAB, 1.0, 1, 1), 12);
        // EU_B(B→A) = 0.5·(0.6 − 0.4) + 0.5·1 = 0.6
        Assert.Equal(0.6, EumMath.ChallengeUtility(0.5, 0, 0.5, 1 - pAB, 0.5, 1, 1), 12);
        // A receives B's offer: B gains 0.6 > A's loss 0.2 → compromise, A moves 0.2/0.6 of the way.
        var (kind, target) = EumMath.Classify(-0.2, 0.6, 0, 50);
        Assert.Equal(DyadOutcome.Compromise, kind);
        Assert.Equal(50.0 / 3, target, 9);
    }

    [Fact]
    public void First_round_positions_match_hand_computation()
    {
        var result = new EumEngine(new EumOptions { RiskAttitudes = false, MaxRounds = 1 }).Run(Model());
        var round1 = result.Rounds[1];
        // A: only offer is B's compromise → 0 + 50·(0.2/0.6) = 16.667.
        //    (vs C: P[A over C] = 100/150; EU_A(A→C) = 0.5(2/3·2 − 1/3·2) + 0.5·2 = 4/3, EU_C(C→A) = 2/3 → A holds the advantage.)
        Assert.Equal(50.0 / 3, round1[0, 0], 9);
        // B: EU_B(B→A) = 0.6 > 0 > EU_A(A→B); P[B over C] = 100/125 = 0.8, EU_B(B→C) = 0.5(0.8 − 0.2) + 0.5 = 0.8,
        //    EU_C(C→B) = 0.2 − 0.8 = −0.6 → B receives no offer and stays.
        Assert.Equal(50.0, round1[1, 0], 9);
        // C: vs A conflict (4/3 > 2/3 > 0) → move to 0 (distance 100);
        //    vs B compromise 0.8 > 0.6 → 100 − 50·0.6/0.8 = 62.5 (distance 37.5). Smallest move wins.
        Assert.Equal(62.5, round1[2, 0], 9);
        // Median voter before: weights 1, 1, 0.5 at 0, 50, 100 → half of 2.5 is reached at 50.
        Assert.Equal(50.0, result.Forecasts[0].InitialWeightedMedian, 9);
    }
}
