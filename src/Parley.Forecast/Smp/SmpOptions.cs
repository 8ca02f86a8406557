namespace Parley.Forecast.Smp;

/// <summary>How coalition strength turns into a probability of victory (KTAB VictoryProbModel).</summary>
public enum VictoryProbModel { Linear, Square, Quartic, Octic, Binary }

/// <summary>Probability-of-Condorcet-election model (KTAB PCEModel).</summary>
public enum PceModel { Conditional, MarkovIncentive, MarkovUniform }

/// <summary>Whether each actor adopts the most likely bargain or one drawn at random (KTAB StateTransitions).</summary>
public enum StateTransitions { Deterministic, Stochastic }

/// <summary>How a utility difference becomes a vote (KTAB VotingRule).</summary>
public enum VotingRule { Binary, PropBin, Proportional, PropCbc, Cubic, ASymProsp }

/// <summary>How far h's estimate of i's risk attitude moves from h's own towards i's (KTAB BigRAdjust).</summary>
public enum BigRAdjust { Full, TwoThirds, Half, OneThird, None }

/// <summary>The range onto which risk attitudes are mapped (KTAB BigRRange).</summary>
public enum BigRRange { Min, Mid, Max }

/// <summary>How committed a third party is to the side it joins (KTAB ThirdPartyCommit).</summary>
public enum ThirdPartyCommit { NoCommit, SemiCommit, FullCommit }

/// <summary>How a bargain interpolates between two positions (KTAB InterVecBrgn).</summary>
public enum InterVecBargain { S1P1, S2P2, S2PMax }

/// <summary>Whose perspective forms the proposed bargain (KTAB BargnModel).</summary>
public enum BargainModel { InitOnlyInterp, InitRcvrInterp, PWCompInterp }

/// <summary>
/// Options of KTAB's Spatial Model of Politics. Defaults are KTAB's defaults
/// (Linear, Conditional, Deterministic, Prop, OneThird, Mid, SemiCommit, S2P2, InitOnlyInterp).
/// </summary>
public sealed record SmpOptions
{
    public VictoryProbModel VictoryProbModel { get; init; } = VictoryProbModel.Linear;
    public PceModel PceModel { get; init; } = PceModel.Conditional;
    public StateTransitions StateTransitions { get; init; } = StateTransitions.Deterministic;
    public VotingRule VotingRule { get; init; } = VotingRule.Proportional;
    public BigRAdjust BigRAdjust { get; init; } = BigRAdjust.OneThird;
    public BigRRange BigRRange { get; init; } = BigRRange.Mid;
    public ThirdPartyCommit ThirdPartyCommit { get; init; } = ThirdPartyCommit.SemiCommit;
    public InterVecBargain InterVecBargain { get; init; } = InterVecBargain.S2P2;
    public BargainModel BargainModel { get; init; } = BargainModel.InitOnlyInterp;

    /// <summary>At least this many turns before the quiet criterion may stop the run.</summary>
    public int MinTurns { get; init; } = 2;

    /// <summary>Upper bound on turns.</summary>
    public int MaxTurns { get; init; } = 100;

    /// <summary>Stop when a turn's total movement is below this fraction of the first turn's.</summary>
    public double MinDeltaRatio { get; init; } = 0.02;

    /// <summary>Seed for stochastic state transitions (ignored when deterministic).</summary>
    public ulong Seed { get; init; } = 0x9E3779B97F4A7C15UL;

    /// <summary>Degree of parallelism (-1 = all cores). Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Parses a KTAB enum spelling, accepting both the code's and the schema's names.</summary>
    public static bool TryParse<TEnum>(string text, out TEnum value) where TEnum : struct, Enum
    {
        var t = text.Trim();
        // KTAB's code spells these "Prop" and "None" while its XML schema says "Proportional" and "No".
        if (typeof(TEnum) == typeof(VotingRule) && t == "Prop") t = nameof(VotingRule.Proportional);
        if (typeof(TEnum) == typeof(BigRAdjust) && t == "No") t = nameof(BigRAdjust.None);
        return Enum.TryParse(t, ignoreCase: false, out value) && Enum.IsDefined(value) && !int.TryParse(t, out _);
    }
}
