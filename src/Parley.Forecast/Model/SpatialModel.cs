using Parley.Forecast.Smp;

namespace Parley.Forecast.Model;

/// <summary>
/// A multi-actor, multi-dimension bargaining problem: the input of both forecast engines.
/// Construct through <see cref="Create"/>, which validates it.
/// </summary>
public sealed record SpatialModel
{
    private SpatialModel(string name, string description, IReadOnlyList<Dimension> dimensions,
        IReadOnlyList<SpatialActor> actors, SmpOptions? smpOptions, double[,]? idealAdjustment, ulong? seed)
    {
        Name = name;
        Description = description;
        Dimensions = dimensions;
        Actors = actors;
        SmpOptions = smpOptions;
        IdealAdjustment = idealAdjustment;
        Seed = seed;
    }

    public string Name { get; init; }
    public string Description { get; init; }
    public IReadOnlyList<Dimension> Dimensions { get; init; }
    public IReadOnlyList<SpatialActor> Actors { get; init; }

    /// <summary>Model parameters given by the input file (KTAB XML), if any.</summary>
    public SmpOptions? SmpOptions { get; init; }

    /// <summary>
    /// KTAB's ideal-adjustment ("accommodation") matrix: row i says how far actor i's ideal point
    /// moves towards each actor's current position per turn. Null means identity (ideal = position).
    /// </summary>
    public double[,]? IdealAdjustment { get; init; }

    /// <summary>Random seed given by the input file, if any.</summary>
    public ulong? Seed { get; init; }

    public int ActorCount => Actors.Count;
    public int DimensionCount => Dimensions.Count;

    /// <summary>Validates and builds a model; throws <see cref="ForecastInputException"/> on inconsistencies.</summary>
    public static SpatialModel Create(string name, IReadOnlyList<Dimension> dimensions, IReadOnlyList<SpatialActor> actors,
        string description = "", SmpOptions? smpOptions = null, double[,]? idealAdjustment = null, ulong? seed = null,
        string? source = null)
    {
        if (dimensions.Count == 0) throw new ForecastInputException("the model has no dimensions", source);
        if (actors.Count == 0) throw new ForecastInputException("the model has no actors", source);

        var dimIds = new HashSet<string>(StringComparer.Ordinal);
        for (var d = 0; d < dimensions.Count; d++)
        {
            var dim = dimensions[d];
            if (!dimIds.Add(dim.Id))
                throw new ForecastInputException($"dimension id '{dim.Id}' is used twice", source, path: $"dimensions[{d}]");
            if (!double.IsFinite(dim.Min) || !double.IsFinite(dim.Max) || dim.Max <= dim.Min)
                throw new ForecastInputException($"dimension '{dim.Id}' needs a finite scale with min < max (got {dim.Min}..{dim.Max})", source, path: $"dimensions[{d}]");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var a = 0; a < actors.Count; a++)
        {
            var actor = actors[a];
            var path = $"actors[{a}] '{actor.Name}'";
            if (string.IsNullOrWhiteSpace(actor.Name))
                throw new ForecastInputException("actor has no name", source, path: $"actors[{a}]");
            if (!names.Add(actor.Name))
                throw new ForecastInputException($"actor name '{actor.Name}' is used twice", source, path: path);
            CheckPositive(actor.Capability.Value, "capability", source, path);
            if (actor.Stances.Count != dimensions.Count)
                throw new ForecastInputException($"actor has {actor.Stances.Count} stances but the model has {dimensions.Count} dimensions", source, path: path);

            var salienceSum = 0.0;
            for (var d = 0; d < dimensions.Count; d++)
            {
                var stance = actor.Stances[d];
                var dim = dimensions[d];
                var p = stance.Position.Value;
                if (!double.IsFinite(p) || p < dim.Min || p > dim.Max)
                    throw new ForecastInputException($"position {p} on '{dim.Id}' is outside its scale {dim.Min}..{dim.Max}", source, path: path);
                var s = stance.Salience.Value;
                if (!double.IsFinite(s) || s < 0 || s > 1)
                    throw new ForecastInputException($"salience {s} on '{dim.Id}' must be within 0..1", source, path: path);
                salienceSum += s;
                if (stance.Capability is { } c) CheckPositive(c.Value, $"capability on '{dim.Id}'", source, path);
            }
            if (salienceSum <= 0)
                throw new ForecastInputException("actor has zero salience on every dimension, so it takes no part in bargaining", source, path: path);
        }

        if (idealAdjustment is not null)
        {
            var n = actors.Count;
            if (idealAdjustment.GetLength(0) != n || idealAdjustment.GetLength(1) != n)
                throw new ForecastInputException($"ideal-adjustment matrix must be {n}x{n}", source);
            for (var i = 0; i < n; i++)
            {
                var row = 0.0;
                for (var j = 0; j < n; j++)
                {
                    var v = idealAdjustment[i, j];
                    if (!double.IsFinite(v) || v < 0 || v > 1)
                        throw new ForecastInputException($"ideal adjustment of '{actors[i].Name}' towards '{actors[j].Name}' is {v}; it must be within 0..1", source);
                    row += v;
                }
                if (row > 1 + 1e-9)
                    throw new ForecastInputException($"ideal adjustments of '{actors[i].Name}' sum to {row:0.###}; they must not exceed 1", source);
            }
        }

        return new SpatialModel(name, description, dimensions, actors, smpOptions, idealAdjustment, seed);
    }

    private static void CheckPositive(double value, string what, string? source, string path)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ForecastInputException($"{what} must be a positive number (got {value})", source, path: path);
    }

    /// <summary>The model without one actor (for pivotal-actor analysis).</summary>
    public SpatialModel WithoutActor(int index)
    {
        var actors = Actors.Where((_, i) => i != index).ToArray();
        double[,]? adjust = null;
        if (IdealAdjustment is not null)
        {
            var n = actors.Length;
            adjust = new double[n, n];
            for (int i = 0, si = 0; si < ActorCount; si++)
            {
                if (si == index) continue;
                for (int j = 0, sj = 0; sj < ActorCount; sj++)
                {
                    if (sj == index) continue;
                    adjust[i, j] = IdealAdjustment[si, sj];
                    j++;
                }
                i++;
            }
        }
        return this with { Actors = actors, IdealAdjustment = adjust };
    }

    /// <summary>The model with one actor's stances replaced.</summary>
    public SpatialModel WithActor(int index, SpatialActor actor)
    {
        var actors = Actors.ToArray();
        actors[index] = actor;
        return this with { Actors = actors };
    }
}
