namespace Parley.Forecast.Model;

/// <summary>
/// A number that may be an estimate with a plausible range. Engines use <see cref="Value"/>;
/// the range is kept for display and for sensitivity analysis.
/// </summary>
public readonly record struct Estimate(double Value, double Low, double High, string? Note = null)
{
    public static Estimate Exact(double value) => new(value, value, value);

    public bool IsRange => Low != High;

    public static implicit operator Estimate(double value) => Exact(value);

    public override string ToString() =>
        IsRange ? FormattableString.Invariant($"{Value:0.###} [{Low:0.###}–{High:0.###}]")
                : FormattableString.Invariant($"{Value:0.###}");
}
