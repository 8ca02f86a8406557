namespace Parley.Core.Format;

/// <summary>Bounds that keep a malformed or hostile file from exhausting memory before validation can speak.</summary>
public static class ScenarioLimits
{
    public const long MaxFileBytes = 16 * 1024 * 1024;
    public const int MaxOptionsPerIssue = 1000;

    /// <summary>
    /// The largest magnitude of any number in a scenario (engine sections included): far beyond any capability, scale or
    /// payoff a negotiation needs, and small enough that sums and products over a thousand actors stay finite.
    /// </summary>
    public const double MaxMagnitude = 1e12;

    /// <summary>How deeply lists and mappings may nest; the format itself needs under ten levels.</summary>
    public const int MaxNestingDepth = 64;

    /// <summary>
    /// How many nodes the aliases of a document may stand for in all (each alias counts the nodes of its anchor's
    /// subtree, aliases inside included): what walking the expanded document costs beyond its text.
    /// </summary>
    public const long MaxAliasExpandedNodes = 100_000;
}
