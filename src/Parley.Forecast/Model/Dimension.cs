namespace Parley.Forecast.Model;

/// <summary>A labelled point on a dimension's scale, e.g. 0 = "1991 borders".</summary>
public sealed record Anchor(double Value, string Label);

/// <summary>
/// One issue dimension: a scale from <see cref="Min"/> to <see cref="Max"/> with labelled ends and
/// optional anchor points in between.
/// </summary>
public sealed record Dimension(
    string Id,
    string Name,
    double Min,
    double Max,
    string MinLabel = "",
    string MaxLabel = "",
    IReadOnlyList<Anchor>? Anchors = null)
{
    public IReadOnlyList<Anchor> AnchorPoints => Anchors ?? [];

    public double Range => Max - Min;

    /// <summary>Maps a scale value to [0,1].</summary>
    public double Normalize(double value) => (value - Min) / Range;

    /// <summary>Maps [0,1] back to the scale.</summary>
    public double Denormalize(double unit) => Min + unit * Range;

    /// <summary>The anchor closest to a value (for readable output), or null if none.</summary>
    public Anchor? NearestAnchor(double value) =>
        AnchorPoints.Count == 0 ? null : AnchorPoints.MinBy(a => Math.Abs(a.Value - value));
}
