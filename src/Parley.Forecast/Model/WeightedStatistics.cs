namespace Parley.Forecast.Model;

/// <summary>Weighted mean and median used to summarise a set of positions.</summary>
public static class WeightedStatistics
{
    public static double Mean(ReadOnlySpan<double> values, ReadOnlySpan<double> weights)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += weights[i] * values[i];
            total += weights[i];
        }
        return total > 0 ? sum / total : double.NaN;
    }

    /// <summary>
    /// The position among <paramref name="values"/> that minimises Σ w_k |x_k − x|: the lower
    /// weighted median. In one dimension this is the position that wins the most weighted pairwise
    /// votes (BDM's "median voter" position).
    /// </summary>
    public static double Median(ReadOnlySpan<double> values, ReadOnlySpan<double> weights)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var v = values.ToArray();
        Array.Sort(order, (a, b) => v[a] != v[b] ? v[a].CompareTo(v[b]) : a.CompareTo(b));
        double total = 0;
        foreach (var w in weights) total += w;
        double cumulative = 0;
        foreach (var i in order)
        {
            cumulative += weights[i];
            if (cumulative >= total / 2) return values[i];
        }
        return values[order[^1]];
    }
}
