namespace Parley.Stability.Model;

/// <summary>
/// A decision maker: the options it controls (indexes into the conflict's options), its preference and the
/// states it does not perceive (misperceptions; such states are invisible in its own stability analysis).
/// </summary>
public sealed record DecisionMaker(
    string Name,
    IReadOnlyList<int> Options,
    Preference Preference,
    IReadOnlyList<StateCondition>? Misperceptions = null)
{
    public IReadOnlyList<StateCondition> MisperceivedStates => Misperceptions ?? [];
}
