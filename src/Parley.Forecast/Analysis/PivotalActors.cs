namespace Parley.Forecast.Analysis;

/// <summary>How far the forecast on each dimension moves when one actor is removed or shifted.</summary>
public sealed record PivotalEffect(string Actor, string Change, IReadOnlyList<double> ForecastShift)
{
    /// <summary>Largest shift over dimensions, as a fraction of each dimension's scale.</summary>
    public double MaxRelativeShift { get; init; }
}

/// <summary>
/// Pivotal-actor analysis: rerun the engine without each actor (and with each actor's position
/// moved by a given fraction of the scale towards the far end) and compare forecasts.
/// </summary>
public static class PivotalActors
{
    /// <summary>Number of engine runs <see cref="Analyse(Model.SpatialModel, IForecastEngine, ForecastResult?, double, IProgress{double}?, CancellationToken)"/> makes, without the baseline.</summary>
    public static int RerunCount(int actorCount) => actorCount > 1 ? 2 * actorCount : actorCount;

    public static IReadOnlyList<PivotalEffect> Analyse(Model.SpatialModel model, Func<Model.SpatialModel, ForecastResult> run,
        double shiftFraction = 0.1) =>
        Analyse(model, (m, _, _) => run(m), run(model), shiftFraction, null, default);

    /// <summary>
    /// Reruns <paramref name="engine"/> <see cref="RerunCount"/> times, passing it the token; progress is
    /// reruns done (with the running one's own rounds) / reruns. The token is also checked before each rerun.
    /// </summary>
    /// <param name="baseline">The engine's result on <paramref name="model"/> if the caller has it already; else it is computed first.</param>
    public static IReadOnlyList<PivotalEffect> Analyse(Model.SpatialModel model, IForecastEngine engine, ForecastResult? baseline = null,
        double shiftFraction = 0.1, IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        Analyse(model, engine.Run, baseline ?? engine.Run(model, null, cancellationToken), shiftFraction, progress, cancellationToken);

    private static IReadOnlyList<PivotalEffect> Analyse(Model.SpatialModel model,
        Func<Model.SpatialModel, IProgress<double>?, CancellationToken, ForecastResult> run, ForecastResult baseline,
        double shiftFraction, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var total = (double)RerunCount(model.ActorCount);
        var done = 0;
        ForecastResult Rerun(Model.SpatialModel changed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The engine reports 1 when it ends, which maps to (done + 1) / total.
            return run(changed, progress is null ? null : new ScaledProgress(progress, done++ / total, 1 / total), cancellationToken);
        }

        var effects = new List<PivotalEffect>();
        for (var a = 0; a < model.ActorCount; a++)
        {
            if (model.ActorCount > 1)
                effects.Add(Effect(model, baseline, Rerun(model.WithoutActor(a)), model.Actors[a].Name, "removed"));
            var actor = model.Actors[a];
            var shifted = actor with
            {
                Stances = actor.Stances.Select((st, d) =>
                {
                    var dim = model.Dimensions[d];
                    var p = st.Position.Value;
                    // Shift towards whichever end is further away, so the move is always possible.
                    var target = p - dim.Min < dim.Max - p ? Math.Min(dim.Max, p + shiftFraction * dim.Range) : Math.Max(dim.Min, p - shiftFraction * dim.Range);
                    return st with { Position = target };
                }).ToArray(),
            };
            effects.Add(Effect(model, baseline, Rerun(model.WithActor(a, shifted)), actor.Name, $"position shifted {shiftFraction:P0} of scale"));
        }
        return effects.OrderByDescending(e => e.MaxRelativeShift).ToList();
    }

    private static PivotalEffect Effect(Model.SpatialModel model, ForecastResult baseline, ForecastResult changed, string actor, string change)
    {
        var shifts = new double[model.DimensionCount];
        var max = 0.0;
        for (var d = 0; d < shifts.Length; d++)
        {
            shifts[d] = changed.Forecasts[d].Forecast - baseline.Forecasts[d].Forecast;
            max = Math.Max(max, Math.Abs(shifts[d]) / model.Dimensions[d].Range);
        }
        return new PivotalEffect(actor, change, shifts) { MaxRelativeShift = max };
    }

    /// <summary>The strongest influences: (mover, moved, amount) sorted by amount.</summary>
    public static IReadOnlyList<(string Mover, string Moved, double Amount)> TopInfluences(ForecastResult result, int count = 10)
    {
        var list = new List<(string, string, double)>();
        var n = result.Model.ActorCount;
        for (var j = 0; j < n; j++)
            for (var i = 0; i < n; i++)
                if (result.Influence[j, i] > 0)
                    list.Add((result.Model.Actors[j].Name, result.Model.Actors[i].Name, result.Influence[j, i]));
        return list.OrderByDescending(x => x.Item3).Take(count).ToList();
    }
}
