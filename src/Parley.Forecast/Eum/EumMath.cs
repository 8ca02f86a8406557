namespace Parley.Forecast.Eum;

/// <summary>
/// The formulas of the expected-utility model for one dimension, in normalised distance units
/// (|x_a − x_b| / scale range). Kept free of loops so tests and the engine share one definition
/// of each utility and the engine can be checked against a slow reference.
/// </summary>
internal static class EumMath
{
    /// <summary>b^r; risk-neutral actors (r = 1, every actor when risk attitudes are off and always in the
    /// security sums) skip Math.Pow, which returns b exactly for r = 1 anyway.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static double PowR(double b, double r) => r == 1.0 ? b : Math.Pow(b, r);

    /// <summary>U^a_s: utility to a of successfully challenging b (b adopts a's position).</summary>
    public static double Success(double dab, double r) => 2 - 4 * PowR(0.5 - 0.5 * dab, r);

    /// <summary>U^a_f: utility to a of failing (a adopts b's position).</summary>
    public static double Failure(double dab, double r) => 2 - 4 * PowR(0.5 + 0.5 * dab, r);

    /// <summary>U^a_sq: utility of the status quo.</summary>
    public static double StatusQuo(double r) => 2 - 4 * PowR(0.5, r);

    /// <summary>U^a_b: things improve for a without a challenge.</summary>
    public static double Better(double dam, double dab, double r) => 2 - 4 * PowR(Math.Max(0, 0.5 - 0.25 * (dam + dab)), r);

    /// <summary>U^a_w: things worsen for a without a challenge.</summary>
    public static double Worse(double dam, double dab, double r) => 2 - 4 * PowR(Math.Min(1, 0.5 + 0.25 * (dam + dab)), r);

    /// <summary>
    /// EU^a(a challenges b) = s_b [P U_s + (1−P) U_f] + (1 − s_b) U_s − Q U_sq − (1 − Q)[T U_b + (1 − T) U_w].
    /// </summary>
    public static double ChallengeUtility(double dab, double dam, double dbm, double pab, double sb, double r, double q) =>
        ChallengeUtility(dab, dam, dbm, pab, sb, r, q, StatusQuo(r));

    /// <param name="statusQuo"><see cref="StatusQuo"/>(r), hoisted out of loops over many b.</param>
    public static double ChallengeUtility(double dab, double dam, double dbm, double pab, double sb, double r, double q, double statusQuo) =>
        ChallengeUtility(Success(dab, r), Failure(dab, r), dab, dam, dbm, pab, sb, r, q, statusQuo);

    /// <param name="us"><see cref="Success"/>(dab, r), <paramref name="uf"/> <see cref="Failure"/>(dab, r): the same for
    /// a challenging b and b challenging a under one perspective, so the engine raises them to r once per dyad.</param>
    public static double ChallengeUtility(double us, double uf, double dab, double dam, double dbm, double pab, double sb, double r, double q, double statusQuo)
    {
        var eu = sb * (pab * us + (1 - pab) * uf) + (1 - sb) * us - q * statusQuo;
        if (q < 1)
        {
            // T = 1 when a is closer to the median than b: b drifting towards the median helps a.
            var t = dam < dbm ? 1.0 : 0.0;
            eu -= (1 - q) * (t * Better(dam, dab, r) + (1 - t) * Worse(dam, dab, r));
        }
        return eu;
    }

    /// <summary>r_i = (1 − R_i/3) / (1 + R_i/3).</summary>
    public static double RiskExponent(double bigR) => (1 - bigR / 3) / (1 + bigR / 3);

    /// <summary>Classifies receiver i's expectation towards proposer j and gives i's new position.</summary>
    public static (DyadOutcome Outcome, double Target) Classify(double euReceiver, double euProposer, double xReceiver, double xProposer)
    {
        if (euProposer > euReceiver && euReceiver > 0) return (DyadOutcome.Conflict, xProposer);
        if (euProposer > 0 && euReceiver < 0)
        {
            var loss = -euReceiver;
            return euProposer > loss
                ? (DyadOutcome.Compromise, xReceiver + (xProposer - xReceiver) * (loss / euProposer))
                : (DyadOutcome.Capitulation, xProposer);
        }
        return (DyadOutcome.None, xReceiver);
    }
}
