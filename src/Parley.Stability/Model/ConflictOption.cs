namespace Parley.Stability.Model;

/// <summary>Which way the decision maker controlling an option may change it.</summary>
public enum OptionDirection
{
    /// <summary>Reversible: may be taken and withdrawn.</summary>
    Both,

    /// <summary>Irreversible once taken: may only go from "not taken" to "taken".</summary>
    Forward,

    /// <summary>May only be withdrawn (taken → not taken), never re-taken.</summary>
    Backward,
}

/// <summary>A binary option controlled by one decision maker. Its index in the conflict is its bit.</summary>
public sealed record ConflictOption(string Name, OptionDirection Direction = OptionDirection.Both);
