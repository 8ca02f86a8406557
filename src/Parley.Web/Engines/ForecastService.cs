using System.Globalization;
using System.Text;
using Parley.Core.Diagnostics;
using Parley.Forecast;
using Parley.Forecast.Eum;
using Parley.Forecast.Model;
using Parley.Forecast.Scenarios;
using Parley.Forecast.Smp;
using Parley.Web.Services;

namespace Parley.Web.Engines;

public sealed record ForecastDimensionDto(string Id, string Name, double Min, double Max, string MinLabel, string MaxLabel,
    double Forecast, string Method, string? NearestAnchor, double WeightedMean, double WeightedMedian, double InitialWeightedMedian);
/// <summary>An actor's position on each dimension in every round (round 0 is the input).</summary>
public sealed record ForecastActorDto(string Name, double Capability, IReadOnlyDictionary<string, double> Saliences, IReadOnlyDictionary<string, double[]> Paths);
/// <summary>A forecast: the fields of <c>parley forecast --format json</c> without the pivotal-actor analysis.</summary>
public sealed record ForecastDto(string Scenario, int Version, string Engine, ulong? Seed, int Rounds, bool Converged,
    IReadOnlyList<ForecastDimensionDto> Dimensions, IReadOnlyList<ForecastActorDto> Actors, IReadOnlyList<string> Notes);

/// <summary>Runs the forecast engines (src/Parley.Forecast) on a stored version's <c>spatial</c> section, as the CLI does.</summary>
public static class ForecastService
{
    public static readonly IReadOnlyList<string> Models = ["smp", "eum"];

    public static SpatialModel ReadModel(Parley.Core.Model.Scenario scenario)
    {
        if (!SpatialSection.IsPresent(scenario))
            throw new RequestException($"scenario '{scenario.Id}' has no 'spatial' section, so there is nothing to forecast; docs/forecast.md describes the section");
        var bag = new DiagnosticBag();
        var section = SpatialSection.Read(scenario, bag)
            ?? throw new SectionException($"the spatial section of '{scenario.Id}' has {bag.ErrorCount} error(s)", bag.Items.Where(d => d.Severity == Severity.Error).ToList());
        try
        {
            return section.ToModel();
        }
        catch (ForecastInputException e)
        {
            throw new RequestException(e.Message);
        }
    }

    /// <param name="progress">Rounds done / the round limit, as the engines report it.</param>
    /// <param name="cancellation">Stops the engine within a round (<see cref="OperationCanceledException"/>).</param>
    public static ForecastDto Run(LoadedVersion loaded, string? model, ulong? seed, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var engine = (model ?? "smp").Trim().ToLowerInvariant();
        if (!Models.Contains(engine)) throw new RequestException($"unknown forecast model '{model}'; use smp or eum", "model");
        var spatial = ReadModel(loaded.Scenario);
        ForecastResult result;
        ulong? usedSeed = null;
        if (engine == "eum") result = new EumEngine().Run(spatial, progress, cancellation);
        else
        {
            var options = spatial.SmpOptions ?? new SmpOptions();
            if ((seed ?? spatial.Seed) is { } s) options = options with { Seed = s };
            usedSeed = options.Seed;
            result = new SmpEngine(options).Run(spatial, progress, cancellation);
        }
        var m = result.Model;
        return new ForecastDto(loaded.Scenario.Id, loaded.Info.Version, result.Engine, usedSeed, result.RoundCount, result.Converged,
            result.Forecasts.Select(f => new ForecastDimensionDto(f.Dimension.Id, f.Dimension.Name, f.Dimension.Min, f.Dimension.Max, f.Dimension.MinLabel, f.Dimension.MaxLabel,
                f.Forecast, f.Method, f.Dimension.NearestAnchor(f.Forecast)?.Label, f.WeightedMean, f.WeightedMedian, f.InitialWeightedMedian)).ToList(),
            m.Actors.Select((a, i) => new ForecastActorDto(a.Name, a.Capability.Value,
                m.Dimensions.Select((d, k) => (d.Id, a.Stances[k].Salience.Value)).ToDictionary(x => x.Id, x => x.Value),
                m.Dimensions.Select((d, k) => (d.Id, result.Path(i, k))).ToDictionary(x => x.Id, x => x.Item2))).ToList(),
            (engine == "eum" && seed is not null ? ["seed ignored: the expected-utility model is deterministic"] : Array.Empty<string>()).Concat(result.Notes).ToList());
    }
}

/// <summary>
/// Every actor's path per round on one dimension as inline SVG: one line per actor, a dot per round whose
/// title (shown on hover) names the actor, the round and the position; the forecast as a dashed line.
/// </summary>
public static class TrajectorySvg
{
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Esc(string s) => System.Net.WebUtility.HtmlEncode(s);

    public static string Render(ForecastDto forecast, string dimensionId, int width = 900, int height = 420)
    {
        var dim = forecast.Dimensions.FirstOrDefault(d => d.Id == dimensionId) ?? forecast.Dimensions[0];
        const int left = 60, right = 170, top = 30, bottom = 40;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var rounds = Math.Max(1, forecast.Rounds);
        double X(int round) => left + plotW * round / (double)rounds;
        double Y(double v) => top + plotH * (1 - (v - dim.Min) / (dim.Max - dim.Min == 0 ? 1 : dim.Max - dim.Min));
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trajectory\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Esc(dim.Name)}: positions per round\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"18\" font-weight=\"bold\">{Esc(dim.Name)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#999\"/>");
        for (var t = 0; t <= 4; t++)
        {
            var v = dim.Min + (dim.Max - dim.Min) * t / 4;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"11\">{F(v)}</text>");
        }
        var step = Math.Max(1, rounds / 10);
        for (var r = 0; r <= rounds; r += step)
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(r))}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{r}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW / 2}\" y=\"{height - 6}\" text-anchor=\"middle\" font-size=\"11\">round</text>");
        if (dim.MinLabel.Length > 0) sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 4}\" y=\"{top + plotH - 4}\" font-size=\"10\" fill=\"#666\">{Esc(dim.MinLabel)}</text>");
        if (dim.MaxLabel.Length > 0) sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 4}\" y=\"{top + 12}\" font-size=\"10\" fill=\"#666\">{Esc(dim.MaxLabel)}</text>");
        for (var a = 0; a < forecast.Actors.Count; a++)
        {
            var actor = forecast.Actors[a];
            if (!actor.Paths.TryGetValue(dim.Id, out var path)) continue;
            var colour = Palette[a % Palette.Length];
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"actor\" data-actor=\"{Esc(actor.Name)}\"><polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"");
            sb.Append(string.Join(' ', path.Select((v, r) => $"{F(X(r))},{F(Y(v))}")));
            sb.Append("\"/>");
            for (var r = 0; r < path.Length; r++)
                sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(r))}\" cy=\"{F(Y(path[r]))}\" r=\"3\" fill=\"{colour}\"><title>{Esc(actor.Name)}, round {r}: {F(path[r])}</title></circle>");
            sb.Append("</g>");
            if (a < 24)
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - right + 8}\" y=\"{top + 12 + a * 14}\" font-size=\"11\" fill=\"{colour}\">{Esc(actor.Name)}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{F(Y(dim.Forecast))}\" y2=\"{F(Y(dim.Forecast))}\" stroke=\"#000\" stroke-dasharray=\"6 4\"><title>forecast {F(dim.Forecast)}{(dim.NearestAnchor is { } n ? $" (nearest: {Esc(n)})" : "")}</title></line>");
        sb.Append("</svg>");
        return sb.ToString();
    }
}
