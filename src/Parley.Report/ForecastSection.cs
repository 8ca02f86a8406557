using Parley.Core.Diagnostics;
using Parley.Core.Model;
using Parley.Forecast;
using Parley.Forecast.Analysis;
using Parley.Forecast.Charts;
using Parley.Forecast.Eum;
using Parley.Forecast.Scenarios;
using Parley.Forecast.Smp;
using static Parley.Report.Html;

namespace Parley.Report;

/// <summary>The forecasts of a scenario's <c>spatial</c> section by both engines, with the pivotal actors (SMP), or why it could not be read.</summary>
public sealed record ForecastData(SpatialSection? Section, ForecastResult? Smp, ForecastResult? Eum, IReadOnlyList<PivotalEffect>? Pivotal, IReadOnlyList<string> Problems)
{
    /// <summary>Above this many actors the pivotal analysis (2n+1 SMP runs) is left out, as the CLI does.</summary>
    public const int MaxActorsForPivotal = 60;

    public static readonly string[] ChartNames = ["trajectory-smp", "trajectory-eum"];

    /// <summary>Null when the scenario has no spatial section.</summary>
    public static ForecastData? Analyse(Scenario scenario, CancellationToken cancellation = default)
    {
        if (!SpatialSection.IsPresent(scenario)) return null;
        var bag = new DiagnosticBag();
        var section = SpatialSection.Read(scenario, bag);
        if (section is null)
            return new ForecastData(null, null, null, null, bag.Items.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).ToList());
        try
        {
            var model = section.ToModel();
            var smp = new SmpEngine(model.SmpOptions ?? new SmpOptions());
            var smpResult = smp.Run(model);
            cancellation.ThrowIfCancellationRequested();
            var eumResult = new EumEngine().Run(model);
            IReadOnlyList<PivotalEffect>? pivotal = null;
            if (model.ActorCount <= MaxActorsForPivotal)
                pivotal = PivotalActors.Analyse(model, m =>
                {
                    cancellation.ThrowIfCancellationRequested();
                    return smp.Run(m);
                });
            return new ForecastData(section, smpResult, eumResult, pivotal, []);
        }
        catch (ForecastInputException e)
        {
            return new ForecastData(section, null, null, null, [e.Message]);
        }
    }

    /// <summary>Writes the trajectory charts (PNG and SVG) into <paramref name="directory"/>; returns the files written.</summary>
    public IReadOnlyList<string> SaveCharts(string directory)
    {
        var written = new List<string>();
        foreach (var (name, result) in new[] { (ChartNames[0], Smp), (ChartNames[1], Eum) })
        {
            if (result is null) continue;
            foreach (var ext in new[] { ".png", ".svg" })
            {
                var path = Path.Combine(directory, name + ext);
                TrajectoryChart.Save(result, path);
                written.Add(path);
            }
        }
        return written;
    }
}

public static partial class MediatorReport
{
    private static void WhereBargainingConverges(Html h, ReportData data, IReadOnlyDictionary<string, string> png)
    {
        if (data.Forecast is not { } f) return;
        var s = data.Scenario;
        h.Open("section", id: "forecast").Tag("h2", "Where bargaining converges");
        if (f.Section is not { } section || f.Smp is not { } smp || f.Eum is not { } eum)
        {
            h.Tag("p", "The scenario's spatial section could not be forecast:");
            h.Raw("<ul>" + string.Concat(f.Problems.Take(20).Select(p => $"<li><code>{E(p)}</code></li>")) + "</ul>").Close("section");
            return;
        }
        h.Raw("<p>Each party's position, salience and capability on the scenario's spatial dimensions (<code>parley forecast</code>, see docs/forecast.md), run through two bargaining models: ")
            .Raw("the KTAB Spatial Model of Politics (SMP: coalitions form around proposals, positions move towards the winners) and the expected-utility model (EUM: actors challenge, compromise or capitulate pairwise). ")
            .Raw("Both start from the inputs below at their central values; most inputs are <span class=\"estimate\">estimates</span>, so the forecast is an estimate of where bargaining pressure points, not a prediction. ")
            .Raw($"SMP {(smp.Converged ? $"settled after {smp.RoundCount} rounds" : $"did not settle within {smp.RoundCount} rounds (the last round is shown)")}; ")
            .Raw($"EUM {(eum.Converged ? $"settled after {eum.RoundCount} rounds" : $"did not settle within {eum.RoundCount} rounds (the last round is shown)")}.</p>");

        h.Tag("h3", "Forecast per dimension");
        h.Table(["dimension", "scale", "SMP forecast", "EUM forecast", "weighted median at the start", "source"], section.Dimensions.Select((spec, d) =>
        {
            var dim = spec.Dimension;
            string Cell(ForecastResult r)
            {
                var value = r.Forecasts[d].Forecast;
                var anchor = dim.NearestAnchor(value);
                return $"<b>{E(N(value, 2))}</b> <span class=\"estimate\">estimate</span>" + (anchor is null ? "" : $"<br>nearest: {E(N(anchor.Value, 1))} {E(anchor.Label)}");
            }
            var anchors = dim.AnchorPoints.Count == 0 ? "" : "<br><span class=\"note\">" + E(string.Join("; ", dim.AnchorPoints.Select(a => $"{N(a.Value, 1)} {a.Label}"))) + "</span>";
            return new[]
            {
                $"<b>{E(dim.Name)}</b> <code>{E(dim.Id)}</code>" + (spec.Description is null ? "" : $"<br><span class=\"note\">{E(spec.Description)}</span>"),
                E($"{N(dim.Min, 1)} {dim.MinLabel} … {N(dim.Max, 1)} {dim.MaxLabel}") + anchors,
                Cell(smp), Cell(eum), E(N(smp.Forecasts[d].InitialWeightedMedian, 2)), Quotes(s, spec.Citations),
            };
        }), "forecasts");

        foreach (var (name, engine) in new[] { (ForecastData.ChartNames[0], "SMP"), (ForecastData.ChartNames[1], "EUM") })
            h.Raw(Figure(png, name, $"Each party's position per round ({engine}), one panel per dimension; the dashed line is the forecast."));

        h.Tag("h3", "Inputs");
        var headers = new List<string> { "party", "capability" };
        headers.AddRange(section.Dimensions.Select(d => $"{d.Dimension.Id}: position / salience"));
        h.Table(headers, section.Actors.Select(a =>
        {
            var cells = new List<string> { $"<b>{E(a.PartyId)}</b> {E(a.Name)}", QuantityCell(a.Capability) };
            cells.AddRange(a.Positions.Select((p, d) => $"{QuantityCell(p)} / {QuantityCell(a.Saliences[d])}"));
            return cells;
        }), "spatial-inputs");

        h.Tag("h3", "Pivotal actors");
        if (f.Pivotal is { Count: > 0 } pivotal)
        {
            h.Raw("<p>How far the SMP forecast moves when one party is removed, or its position shifted by a tenth of the scale towards the far end: the parties whose weight decides where bargaining ends.</p>");
            var ph = new List<string> { "party", "change", "largest shift (share of scale)" };
            ph.AddRange(section.Dimensions.Select(d => d.Dimension.Id));
            h.Table(ph, pivotal.Take(10).Select(p =>
            {
                var cells = new List<string> { E(p.Actor), E(p.Change), E(Pct(p.MaxRelativeShift)) };
                cells.AddRange(p.ForecastShift.Select(x => E((x >= 0 ? "+" : "") + N(x, 2))));
                return cells;
            }), "pivotal");
        }
        else h.Tag("p", $"Left out: the pivotal-actor analysis reruns the model twice per actor and is skipped above {ForecastData.MaxActorsForPivotal} actors.");
        h.Close("section");
    }

    private static string QuantityCell(Quantity q) =>
        q.Range is { } r
            ? $"{E(N(q.Value, 2))} <span class=\"estimate\" title=\"{E(q.Provenance.Rationale)}\">estimate [{E(N(r.Low, 2))}, {E(N(r.High, 2))}]</span>"
            : E(N(q.Value, 2)) + (q.Provenance.IsCited ? " <span class=\"note\">(cited)</span>" : "");
}
