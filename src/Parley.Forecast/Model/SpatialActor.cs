namespace Parley.Forecast.Model;

/// <summary>
/// An actor's stance on one dimension. <see cref="Salience"/> is on [0,1] (how much the actor cares
/// about this dimension relative to everything else it cares about). <see cref="Capability"/> is an
/// optional per-dimension override of the actor's overall capability (used by the expected-utility
/// model only; KTAB's SMP has one capability per actor).
/// </summary>
public sealed record Stance(Estimate Position, Estimate Salience, Estimate? Capability = null);

/// <summary>An actor with its overall capability and one stance per dimension (same order as the model's dimensions).</summary>
public sealed record SpatialActor(
    string Name,
    Estimate Capability,
    IReadOnlyList<Stance> Stances,
    string Description = "")
{
    public double CapabilityOn(int dimension) =>
        (Stances[dimension].Capability ?? Capability).Value;
}
