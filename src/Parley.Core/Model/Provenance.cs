namespace Parley.Core.Model;

/// <summary>A pointer to the exact passage of a source that supports a statement.</summary>
public sealed record Citation(string SourceId, string Quote)
{
    /// <summary>Where in the source the passage stands, as the author wrote it ("p. 12", "col. 3").</summary>
    public string? Page { get; init; }
}

/// <summary>Why a number or statement is believed: a rationale and the passages behind it.</summary>
public sealed record Provenance(string? Rationale, IReadOnlyList<Citation> Citations)
{
    public static readonly Provenance None = new(null, []);
    public bool IsCited => Citations.Count > 0;
}

/// <summary>A closed interval of plausible values for an estimated number.</summary>
public readonly record struct ValueRange(double Low, double High)
{
    public bool Contains(double value) => value >= Low - 1e-12 && value <= High + 1e-12;
    public override string ToString() => $"[{Low:0.###}, {High:0.###}]";
}

/// <summary>
/// A number in a scenario: a cited fact (no range) or an estimate (a range that contains the value).
/// Robustness analysis draws from the ranges; everything else uses <see cref="Value"/>.
/// </summary>
public sealed record Quantity(double Value, ValueRange? Range, Provenance Provenance)
{
    public bool IsEstimate => Range is not null;
    public static Quantity Exact(double value) => new(value, null, Provenance.None);
}
