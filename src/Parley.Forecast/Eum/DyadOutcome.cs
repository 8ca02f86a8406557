namespace Parley.Forecast.Eum;

/// <summary>What receiver i expects from its dyad with proposer j, from i's own perspective.</summary>
public enum DyadOutcome
{
    /// <summary>Neither side expects to gain from a challenge, or i holds the advantage: i does not move.</summary>
    None,

    /// <summary>Both expect to gain but j expects more: i loses the confrontation and adopts j's position.</summary>
    Conflict,

    /// <summary>j gains more than i loses: i moves part of the way, by |EU_i|/EU_j.</summary>
    Compromise,

    /// <summary>i would lose more than j gains: i gives in and adopts j's position.</summary>
    Capitulation,
}

/// <summary>An offer accepted by <see cref="Receiver"/> in one round on one dimension.</summary>
public sealed record AcceptedOffer(int Round, int Dimension, int Receiver, int Proposer, DyadOutcome Outcome,
    double From, double To, double ReceiverExpectedUtility, double ProposerExpectedUtility);
