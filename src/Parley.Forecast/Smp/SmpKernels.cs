namespace Parley.Forecast.Smp;

// The best-challenge search is O(n³) per turn. Its inner loop is written once, generic over the voting
// rule and the third-party commitment, so the JIT compiles one specialised loop per combination with
// no switch per vote. Each implementation repeats SmpMath.Vote / SmpEngine.ThirdPartyVote's arithmetic
// operation for operation, so results are bit-identical to the general path (tested).

internal interface IVoteRule
{
    static abstract double Vote(double w, double ui, double uj);
}

internal readonly struct BinaryVote : IVoteRule
{
    public static double Vote(double w, double ui, double uj) => w * Math.Clamp((ui - uj) / 1e-8, -1, 1);
}

internal readonly struct PropBinVote : IVoteRule
{
    public static double Vote(double w, double ui, double uj)
    {
        var du = ui - uj;
        return w * (0.8 * du + 0.2 * Math.Clamp(du / 1e-8, -1, 1));
    }
}

internal readonly struct ProportionalVote : IVoteRule
{
    public static double Vote(double w, double ui, double uj) => w * (ui - uj);
}

internal readonly struct PropCbcVote : IVoteRule
{
    public static double Vote(double w, double ui, double uj)
    {
        var du = ui - uj;
        return w * (0.5 * du + 0.5 * du * du * du);
    }
}

internal readonly struct CubicVote : IVoteRule
{
    public static double Vote(double w, double ui, double uj)
    {
        var du = ui - uj;
        return w * du * du * du;
    }
}

internal readonly struct ASymProspVote : IVoteRule
{
    public static double Vote(double w, double ui, double uj)
    {
        var du = ui - uj;
        return du < 0 ? w * du : du > 0 ? 2 * w * du / 3 : 0;
    }
}

/// <summary>A third party's expected utilities of the four outcomes of the contest (i:j) it joins.</summary>
internal interface ICommitment
{
    static abstract void Outcomes(double uti, double utj, double utt,
        out double ikBeatsJ, out double jBeatsIk, out double iBeatsJk, out double jkBeatsI);
}

internal readonly struct FullCommitment : ICommitment
{
    public static void Outcomes(double uti, double utj, double utt, out double ikBeatsJ, out double jBeatsIk, out double iBeatsJk, out double jkBeatsI)
    {
        ikBeatsJ = 3 * uti; jBeatsIk = 3 * utj; iBeatsJk = 3 * uti; jkBeatsI = 3 * utj;
    }
}

internal readonly struct SemiCommitment : ICommitment
{
    public static void Outcomes(double uti, double utj, double utt, out double ikBeatsJ, out double jBeatsIk, out double iBeatsJk, out double jkBeatsI)
    {
        ikBeatsJ = 2 * uti + utt; jBeatsIk = 3 * utj; iBeatsJk = 3 * uti; jkBeatsI = 2 * utj + utt;
    }
}

internal readonly struct NoCommitment : ICommitment
{
    public static void Outcomes(double uti, double utj, double utt, out double ikBeatsJ, out double jBeatsIk, out double iBeatsJk, out double jkBeatsI)
    {
        ikBeatsJ = 2 * uti + utt; jBeatsIk = 2 * utj + utt; iBeatsJk = 2 * uti + utt; jkBeatsI = 2 * utj + utt;
    }
}
