using Parley.Bargaining;
using Parley.Core.Evaluation;
using Parley.Core.Model;
using Parley.Robustness;
using static Parley.Report.Html;

namespace Parley.Report;

public sealed record ReportOptions
{
    public int Draws { get; init; } = 10_000;
    public ulong Seed { get; init; } = 1;
    public SamplingDistribution Distribution { get; init; } = SamplingDistribution.Triangular;
    public int Top { get; init; } = 5;
    public bool Pdf { get; init; } = true;
    public string Generator { get; init; } = "Parley";
}

/// <summary>What was written, for the command to print.</summary>
public sealed record ReportFiles(string Html, string? Pdf, IReadOnlyList<string> Charts, PdfOutcome PdfOutcome);

/// <summary>The analyses a report shows; computed by <see cref="MediatorReport.Analyse"/> or supplied by a caller that already has them.</summary>
public sealed record ReportData(Scenario Scenario, UtilityModel Model, AgreementSpaceSummary? Space, RobustnessResult Robustness, SensitivityResult Sensitivity, TimelineResult Timeline)
{
    /// <summary>Bridges for the proposals not every required party accepts.</summary>
    public IReadOnlyList<ProposalBridge> Bridges { get; init; } = [];

    /// <summary>The conflict section's stability analysis; null when the scenario has none.</summary>
    public StabilityData? Stability { get; init; }

    /// <summary>The spatial section's forecasts; null when the scenario has none.</summary>
    public ForecastData? Forecast { get; init; }
}

/// <summary>
/// The mediator's report: one self-contained HTML file (charts embedded, and also written beside it as
/// PNG and SVG) and, when Chromium is available, a PDF printed from it. Every number shown is either
/// computed from the scenario or quoted from it with its source passage; estimates are labelled.
/// </summary>
public static partial class MediatorReport
{
    /// <summary>The sections every report has, in order.</summary>
    public static readonly string[] SectionIds = ["scenario", "sources", "parties", "issues", "proposals", "zone", "bridging", "robustness", "sensitivity", "timeline", "estimates"];

    /// <summary>Sections present only when the scenario has the engine's section: <c>conflict</c> and <c>spatial</c>.</summary>
    public static readonly string[] OptionalSectionIds = ["stability", "forecast"];

    private static readonly Dictionary<string, string> SectionTitles = new()
    {
        ["scenario"] = "The scenario", ["sources"] = "Sources", ["parties"] = "Parties", ["issues"] = "Issues and options",
        ["proposals"] = "Proposals and verdicts", ["zone"] = "Zone of agreement and best packages", ["bridging"] = "Bridging proposals",
        ["robustness"] = "Robustness", ["sensitivity"] = "Sensitivity", ["timeline"] = "Timeline", ["stability"] = "Strategic stability",
        ["forecast"] = "Where bargaining converges", ["estimates"] = "Estimates",
    };
    public static readonly string[] ChartNames = ["utility-space", "tornado", "timeline"];

    public static ReportData Analyse(Scenario scenario, ReportOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var model = new UtilityModel(scenario);
        var robustness = RobustnessAnalysis.Run(scenario, new RobustnessOptions
        {
            Draws = options.Draws, Seed = options.Seed, Distribution = options.Distribution, Top = options.Top,
        }, progress is null ? null : new Progress<double>(f => progress.Report(0.1 + 0.7 * f)), cancellation);
        var sensitivity = SensitivityAnalysis.Run(new ParameterSpace(model), TrackedPackage.For(new ParameterSpace(model), robustness.BaseSpace?.BestByNash.Select(b => b.Package) ?? []),
            AgreementSolvers.Default, cancellation);
        progress?.Report(0.85);
        var timeline = TimelineAnalysis.Run(scenario, 3, cancellation: cancellation);
        progress?.Report(0.88);
        var bridges = FindBridges(model, cancellation);
        progress?.Report(0.9);
        var stability = StabilityData.Analyse(scenario);
        var forecast = ForecastData.Analyse(scenario, cancellation);
        progress?.Report(1);
        return new ReportData(scenario, model, robustness.BaseSpace, robustness, sensitivity, timeline)
        {
            Bridges = bridges, Stability = stability, Forecast = forecast,
        };
    }

    public static ReportFiles Write(ReportData data, string directory, ReportOptions options, CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(directory);
        var charts = Path.Combine(directory, "charts");
        var written = new List<string>();
        var images = new Dictionary<string, string>();
        foreach (var (name, plot) in BuildCharts(data))
        {
            foreach (var ext in new[] { ".png", ".svg" })
            {
                var path = Path.Combine(charts, name + ext);
                Charts.Save(plot, path, name == "tornado" ? 1100 : Charts.Width, Charts.Height);
                written.Add(path);
            }
            images[name] = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(charts, name + ".png")));
        }
        if (data.Forecast is { } forecast)
        {
            var trajectories = forecast.SaveCharts(charts);
            written.AddRange(trajectories);
            foreach (var png in trajectories.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
                images[Path.GetFileNameWithoutExtension(png)] = Convert.ToBase64String(File.ReadAllBytes(png));
        }
        var htmlPath = Path.Combine(directory, "report.html");
        File.WriteAllText(htmlPath, Render(data, images, options));
        var pdfPath = Path.Combine(directory, "report.pdf");
        var outcome = options.Pdf ? PdfPrinter.Print(htmlPath, pdfPath, cancellation: cancellation) : new PdfOutcome(false, "no PDF: not requested");
        return new ReportFiles(htmlPath, outcome.Produced ? pdfPath : null, written, outcome);
    }

    private static IEnumerable<(string Name, ScottPlot.Plot Plot)> BuildCharts(ReportData data)
    {
        var model = data.Model;
        var required = model.Required.ToList();
        if (required.Count >= 2)
        {
            var (x, y) = (required[0], required[1]);
            var space = new ParameterSpace(model);
            var draw = space.NewDrawModel();
            space.Compile(space.BaseParameters, draw);
            var frontier = required.Count == 2 ? new FrontierNashSolver(space).Frontier(draw, zoneOnly: false).Select(f => (f.Utilities[0], f.Utilities[1])).ToList() : [];
            var best = data.Space?.BestByNash.Select(b => (b.Utilities[x], b.Utilities[y])).ToList() ?? [];
            yield return ("utility-space", Charts.UtilitySpace(model.Parties[x].Party.Id, model.Parties[y].Party.Id, model.Parties[x].Reservation, model.Parties[y].Reservation,
                frontier, best, Charts.ProposalPoints(model, x, y)));
        }
        else
        {
            var plot = new ScottPlot.Plot();
            plot.Title("Utility space needs two required parties");
            yield return ("utility-space", plot);
        }
        yield return ("tornado", Charts.Tornado(data.Sensitivity.Tornado));
        yield return ("timeline", Charts.Timeline(data.Timeline));
    }

    private const string Style = """
        body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4;font-size:14px}
        h1{font-size:1.7em} h2{border-bottom:2px solid #456;padding-bottom:.2em;margin-top:2em} h3{margin-bottom:.3em}
        table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em} th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}
        th{background:#eef2f6} .accept{color:#17642b;font-weight:bold} .reject{color:#a31515;font-weight:bold} .depends{color:#8a6100;font-weight:bold}
        blockquote{margin:.3em 0 .3em 1em;padding-left:.6em;border-left:3px solid #9ab;color:#345;font-style:italic}
        .estimate{background:#fff4d6;border:1px solid #e0c070;border-radius:3px;padding:0 .3em;font-size:.85em}
        .note{color:#555;font-size:.9em} figure{margin:1em 0} figure img{max-width:100%;border:1px solid #ddd}
        .proposal{page-break-inside:avoid;margin-bottom:1.2em} section{page-break-before:auto}
        @media print{body{margin:0;max-width:none} h2{page-break-after:avoid} figure{page-break-inside:avoid}}
        """;

    public static string Render(ReportData data, IReadOnlyDictionary<string, string> pngBase64, ReportOptions options)
    {
        var s = data.Scenario;
        var h = new Html();
        h.Raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.Raw($"<title>{E(s.Title)} — mediator's report</title><style>{Style}</style></head><body>\n");
        h.Tag("h1", s.Title);
        h.Raw($"<p class=\"note\">Scenario <code>{E(s.Id)}</code>. Report generated by {E(options.Generator)} on {DateTime.UtcNow:yyyy-MM-dd} (UTC). ")
            .Raw("Quoted passages come from the sources listed below; numbers marked <span class=\"estimate\">estimate</span> are analysts' estimates with a plausible range and a rationale; ")
            .Raw("every other number is computed from them by the analyses named in each section.</p>\n");
        Contents(h, data);
        Scenario(h, s);
        Sources(h, s);
        Parties(h, s);
        Issues(h, s);
        Proposals(h, data);
        Zone(h, data, pngBase64);
        BridgingProposals(h, data);
        Robustness(h, data);
        Sensitivity(h, data, pngBase64);
        Timeline(h, data, pngBase64);
        StrategicStability(h, data);
        WhereBargainingConverges(h, data, pngBase64);
        Estimates(h, data);
        h.Raw("</body></html>\n");
        return h.ToString();
    }

    /// <summary>The sections this report has, in reading order.</summary>
    public static IReadOnlyList<string> Sections(ReportData data)
    {
        var ids = SectionIds.ToList();
        var at = ids.IndexOf("estimates");
        if (data.Forecast is not null) ids.Insert(at, "forecast");
        if (data.Stability is not null) ids.Insert(at, "stability");
        return ids;
    }

    private static void Contents(Html h, ReportData data)
    {
        h.Open("nav").Tag("h2", "Contents").Raw("<ol>");
        foreach (var id in Sections(data)) h.Raw($"<li><a href=\"#{id}\">{E(SectionTitles[id])}</a></li>");
        h.Raw("</ol>").Close("nav");
    }

    private static string Quotes(Scenario s, IEnumerable<Citation> citations) =>
        string.Concat(citations.Select(c => $"<blockquote>“{E(c.Quote)}” <span class=\"note\">— {E(SourceName(s, c.SourceId))}</span></blockquote>"));

    private static string SourceName(Scenario s, string id) => s.Sources.FirstOrDefault(x => x.Id == id) is { } source ? $"{source.Title} ({source.Id})" : id;

    private static string VerdictCell(Verdict v, string? detail = null) => v switch
    {
        Verdict.Accept => $"<span class=\"accept\">accepts</span>{detail}",
        Verdict.Reject => $"<span class=\"reject\">rejects</span>{detail}",
        _ => $"<span class=\"depends\">depends</span>{detail}",
    };

    private static void Scenario(Html h, Scenario s)
    {
        h.Open("section", id: "scenario").Tag("h2", "The scenario");
        if (s.Description is not null) h.Tag("p", s.Description);
        h.Raw($"<p>{s.Parties.Count} parties, {s.Issues.Count} issues ({Count(s.PackageCount)} complete packages), {s.Proposals.Count} proposals, {s.Positions.Count} dated positions, {s.Snapshots.Count} dated preference snapshots. ")
            .Raw($"An agreement needs the acceptance of: <b>{E(string.Join(", ", s.Agreement.RequiredParties))}</b>.</p>");
        h.Close("section");
    }

    private static string Count(double n) => n < 1e15 ? n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : n.ToString("0.###e0", System.Globalization.CultureInfo.InvariantCulture);

    private static void Sources(Html h, Scenario s)
    {
        h.Open("section", id: "sources").Tag("h2", "Sources");
        h.Table(["id", "title", "authors", "publication", "date"], s.Sources.Select(x => new[]
        {
            $"<code>{E(x.Id)}</code>", E(x.Title), E(string.Join(", ", x.Authors)), E(x.Publication), E(x.Date?.ToString()),
        }));
        h.Close("section");
    }

    private static void Parties(Html h, Scenario s)
    {
        h.Open("section", id: "parties").Tag("h2", "Parties");
        h.Table(["party", "role", "description and source"], s.Parties.Select(p => new[]
        {
            $"<b>{E(p.Id)}</b> {E(p.Name)}", E(p.Role.Name()), E(p.Description) + Quotes(s, p.Citations),
        }));
        h.Close("section");
    }

    private static void Issues(Html h, Scenario s)
    {
        h.Open("section", id: "issues").Tag("h2", "Issues and options");
        h.Table(["issue", "options", "source"], s.Issues.Select(i => new[]
        {
            $"<b>{E(i.Name)}</b> <code>{E(i.Id)}</code>",
            "<ol>" + string.Concat(i.Options.Select(o => $"<li><code>{E(o.Id)}</code> {E(o.Label)}</li>")) + "</ol>",
            Quotes(s, i.Citations),
        }));
        h.Close("section");
    }

    private static void Proposals(Html h, ReportData data)
    {
        var s = data.Scenario;
        h.Open("section", id: "proposals").Tag("h2", "Proposals and verdicts");
        h.Raw("<p>A party accepts a package when it crosses none of its red lines and its utility reaches its reservation value (the value of its best alternative to agreement). ")
            .Raw("For a proposal that leaves issues open, <i>accepts</i> means every way of settling them would be accepted, <i>rejects</i> that none would, <i>depends</i> that the open issues decide. ")
            .Raw("Utilities and reservation values rest on <span class=\"estimate\">estimates</span> (see the last section).</p>");
        foreach (var proposal in s.Proposals)
        {
            var evaluation = ProposalEvaluator.Evaluate(data.Model, proposal);
            h.Open("div", "proposal");
            h.Raw($"<h3>{E(proposal.Name)} <code>{E(proposal.Id)}</code></h3>");
            h.Raw($"<p>Put forward by {E(proposal.Author)}{(proposal.Date is { } d ? $", {E(d.ToString())}" : "")}. Terms: {E(Package.FromTerms(s, proposal.Terms).Describe(s))}")
                .Raw(evaluation.OpenIssues.Count > 0 ? $"; open: {E(string.Join(", ", evaluation.OpenIssues.Select(i => i.Id)))}." : ".").Raw("</p>");
            h.Raw(Quotes(s, proposal.Citations));
            var overall = evaluation.Overall switch
            {
                Verdict.Accept => "accepted by every required party",
                Verdict.Reject => $"blocked by {string.Join(", ", evaluation.Blockers.Select(b => b.Party.Id))}",
                _ => "the open issues decide",
            };
            h.Raw($"<p><b>Verdict:</b> {E(overall)}.</p>");
            h.Table(["party", "verdict", "utility", "reservation", "margin", "why"], evaluation.Verdicts.Select(v => new[]
            {
                E(v.Party.Id) + (v.Required ? " *" : ""),
                VerdictCell(v.Verdict),
                E(v.IsExact ? N(v.UtilityMin) : $"{N(v.UtilityMin)}–{N(v.UtilityMax)}"),
                E(N(v.Reservation)),
                E(v.IsExact ? N(v.MarginMin) : $"{N(v.MarginMin)}…{N(v.MarginMax)}"),
                Why(s, v),
            }));
            h.Close("div");
        }
        h.Raw("<p class=\"note\">* required party.</p>").Close("section");
    }

    private static string Why(Scenario s, PartyVerdict v)
    {
        var parts = new List<string>();
        foreach (var r in v.RedLinesHit) parts.Add($"crosses red line <i>{E(r.Description ?? r.Label)}</i>{Quotes(s, r.Citations)}");
        foreach (var r in v.RedLinesAtRisk) parts.Add($"open issues could cross red line <i>{E(r.Description ?? r.Label)}</i>");
        if (v.Costs.Count > 0)
            parts.Add("gives up most on " + E(string.Join(", ", v.Costs.Take(3).Select(c => $"{c.Issue.Id} ({c.Chosen?.Id}, −{N(c.Cost)})"))));
        return string.Join("<br>", parts);
    }

    private static string Figure(IReadOnlyDictionary<string, string> pngBase64, string name, string caption) =>
        pngBase64.TryGetValue(name, out var data)
            ? $"<figure data-chart=\"{E(name)}\"><img alt=\"{E(caption)}\" src=\"data:image/png;base64,{data}\"><figcaption class=\"note\">{E(caption)} (also charts/{E(name)}.png and .svg)</figcaption></figure>\n"
            : "";

    private static void Zone(Html h, ReportData data, IReadOnlyDictionary<string, string> png)
    {
        var s = data.Scenario;
        var model = data.Model;
        h.Open("section", id: "zone").Tag("h2", "Zone of agreement and best packages");
        if (data.Space is { } space)
        {
            if (space.AcceptableCount >= 0)
                h.Raw($"<p>{Count(space.AcceptableCount)} of {Count(space.PackageCount)} complete packages ({Pct(space.AcceptableCount / space.PackageCount)}) are accepted by every required party (exhaustive enumeration of all packages with the estimates at their central values).</p>");
            h.Raw("<p>Best packages by Nash product, the product of the required parties' gains over their reservation values:</p>");
            var headers = new List<string> { "issue" };
            headers.AddRange(space.BestByNash.Select((_, i) => $"#{i + 1}"));
            var rows = s.Issues.Select((issue, i) => new[] { $"<code>{E(issue.Id)}</code>" }.Concat(space.BestByNash.Select(b => E(issue.Options[b.Package[i]].Label))).ToArray()).ToList();
            for (var p = 0; p < model.Parties.Count; p++)
            {
                var party = model.Parties[p];
                rows.Add(new[] { $"{E(party.Party.Id)} gain{(model.Required.Contains(p) ? " *" : "")}" }
                    .Concat(space.BestByNash.Select(b => E(N(b.Utilities[p] - party.Reservation)))).ToArray());
            }
            rows.Add(new[] { "<b>Nash product</b>" }.Concat(space.BestByNash.Select(b => E(N(b.NashProduct, 5)))).ToArray());
            h.Table(headers, rows);
        }
        else h.Tag("p", "The scenario is too large to enumerate; no zone of agreement is shown.");
        h.Raw(Figure(png, "utility-space", "Utility space: Pareto frontier of the complete packages, reservation values (dashed), best packages (diamonds) and proposals (points when complete, boxes spanning their possible completions when partial)."));
        h.Close("section");
    }

    private static string P(Proportion p) => $"{Pct(p.Estimate)} <span class=\"note\">[{Pct(p.Low)}, {Pct(p.High)}]</span>";

    private static void Robustness(Html h, ReportData data)
    {
        var r = data.Robustness;
        var s = data.Scenario;
        h.Open("section", id: "robustness").Tag("h2", "Robustness");
        h.Raw($"<p>{r.Options.Draws:N0} scenarios drawn from the plausible ranges of the {r.EstimateCount} <span class=\"estimate\">estimates</span> ")
            .Raw($"({E(r.Options.Distribution.ToString().ToLowerInvariant())} distributions around each estimate, weights re-normalised, seed {r.Options.Seed}); per draw every proposal and best package is re-judged and the Nash solution recomputed ({E(r.SolverName)}). ")
            .Raw("Brackets give 95% Wilson confidence intervals. <i>Every completion</i>: each required party accepts however the open issues are settled (Parley's verdict); ")
            .Raw("<i>some completion</i>: at least one settlement of the open issues is accepted by all required parties.</p>");
        h.Raw($"<p>A zone of agreement exists in {P(r.ZoneNonEmpty)} of the draws; {r.DistinctNashSolutions:N0} different packages were the Nash solution.</p>");
        var required = s.Agreement.RequiredParties;
        var headers = new List<string> { "package", "all required accept (every completion)", "some completion accepted by all required" };
        headers.AddRange(required.Select(p => $"{p} accepts / does not reject"));
        headers.Add("is the Nash solution");
        h.Table(headers, r.Packages.Select(p =>
        {
            var cells = new List<string> { $"<code>{E(p.Package.Id)}</code>", P(p.AllRequiredAccept), P(p.SomeCompletionAcceptedByAllRequired) };
            cells.AddRange(required.Select(id => p.For(id) is { } a ? $"{P(a.Accepts)} / {P(a.DoesNotReject)}" : "–"));
            cells.Add(p.Package.Package.IsComplete ? P(p.IsNashSolution) : "–");
            return cells;
        }));
        h.Tag("h3", "Most frequent Nash solutions");
        h.Table(["share of draws", "package", "followed as"], r.NashSolutions.Select(n => new[]
        {
            P(n.Share), E(n.Package.Describe(s)), E(n.TrackedId ?? ""),
        }));
        h.Close("section");
    }

    private static void Sensitivity(Html h, ReportData data, IReadOnlyDictionary<string, string> png)
    {
        var sens = data.Sensitivity;
        var required = new HashSet<string>(data.Scenario.Agreement.RequiredParties);
        h.Open("section", id: "sensitivity").Tag("h2", "Sensitivity");
        h.Raw("<p>One <span class=\"estimate\">estimate</span> at a time is set to the low and the high end of its range, every other number staying at its estimate; ")
            .Raw("the tornado ranks the estimates by the verdicts of the required parties and the Nash solution they change, then by all verdicts changed.</p>");
        h.Raw(Figure(png, "tornado", "Tornado: the Nash product of the Nash solution with each estimate at the low (red) and high (blue) end of its range; labels count the verdicts that flip."));
        h.Table(["estimate", "estimate [range]", "flips at low", "flips at high", "Nash solution changes", "Nash product low / base / high"], sens.Tornado.Take(15).Select(b => new[]
        {
            $"<code>{E(b.Estimate.Path)}</code>", E($"{N(b.Estimate.Value, 2)} [{N(b.Estimate.Low, 2)}, {N(b.Estimate.High, 2)}]"),
            b.FlipsAtLow.ToString(), b.FlipsAtHigh.ToString(), E(b.NashChangesAtLow || b.NashChangesAtHigh ? $"{(b.NashChangesAtLow ? "at low " : "")}{(b.NashChangesAtHigh ? "at high" : "")}" : "no"),
            E($"{N(b.NashProductAtLow, 4)} / {N(b.BaseNashProduct, 4)} / {N(b.NashProductAtHigh, 4)}"),
        }));
        h.Tag("h3", "Thresholds within the plausible range (required parties)");
        h.Raw("<p>The exact value of one estimate at which a required party's verdict on a package changes, when that value lies inside the estimate's range: the verdicts that an error within the stated uncertainty would overturn.</p>");
        var shown = sens.Thresholds.Where(t => t.WithinRange && required.Contains(t.PartyId)).OrderBy(t => t.Slack).Take(40).ToList();
        h.Table(["package", "party", "estimate", "estimate [range]", "threshold", "below → above"], shown.Select(t => new[]
        {
            $"<code>{E(t.PackageId)}</code>", E(t.PartyId), $"<code>{E(t.Estimate.Path)}</code>",
            E($"{N(t.Estimate.Value, 2)} [{N(t.Estimate.Low, 2)}, {N(t.Estimate.High, 2)}]"), E(N(t.Threshold, 4)),
            $"{VerdictCell(t.VerdictBelow)} → {VerdictCell(t.VerdictAbove)}",
        }));
        if (shown.Count == 0) h.Tag("p", "No required party's verdict flips within the range of any single estimate.");
        h.Close("section");
    }

    private static void Timeline(Html h, ReportData data, IReadOnlyDictionary<string, string> png)
    {
        var t = data.Timeline;
        var s = data.Scenario;
        h.Open("section", id: "timeline").Tag("h2", "Timeline");
        h.Raw("<p>The scenario evaluated with the preferences as they stood at each recorded date (the latest snapshot at or before it for each party).");
        if (t.SkippedBefore is { } first) h.Raw($" Dates before the first snapshot ({E(first.ToString())}) are left out: the main preferences describe the latest date.");
        h.Raw("</p>");
        h.Raw(Figure(png, "timeline", "Timeline: size of the zone of agreement (log scale) and the required parties' reservation values."));
        foreach (var snapshot in s.Snapshots)
            h.Raw($"<p><b>{E(snapshot.Date.ToString())}</b> {E(snapshot.Label)}. {E(snapshot.Note)}</p>").Raw(Quotes(s, snapshot.Citations));
        var required = s.Agreement.RequiredParties;
        var headers = new List<string> { "date", "events" };
        headers.AddRange(required.Select(p => $"{p} reservation"));
        headers.AddRange(["zone of agreement", "best package (Nash)"]);
        h.Table(headers, t.Points.Select(p =>
        {
            var cells = new List<string>
            {
                E(p.Date.ToString()),
                E(string.Join("; ", new[] { p.Label }.Concat(p.Positions.Select(x => x.Summary)).Where(x => !string.IsNullOrEmpty(x)))),
            };
            cells.AddRange(required.Select(id => p.Reservations.TryGetValue(id, out var r) ? E(N(r, 2)) : "–"));
            cells.Add(p.ZoneSize is { } z ? Count(z) : "–");
            cells.Add(p.Space?.BestByNash.FirstOrDefault() is { } b ? E(b.Package.Describe(s)) : "none");
            return cells;
        }));
        // Verdicts per distinct preference state.
        var states = t.Points.GroupBy(p => string.Join(";", p.PreferencesFrom.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}{kv.Value}"))).Select(g => g.First()).ToList();
        h.Tag("h3", "Proposals' verdicts as positions hardened");
        var vh = new List<string> { "proposal" };
        vh.AddRange(states.Select(p => p.Date.ToString()));
        h.Table(vh, s.Proposals.Select((proposal, i) =>
        {
            var cells = new List<string> { $"<code>{E(proposal.Id)}</code>" };
            cells.AddRange(states.Select(p =>
            {
                var v = p.Proposals[i];
                var detail = string.Join(" ", v.Evaluation.Verdicts.Where(x => x.Required).Select(x => $"{x.Party.Id}:{(x.Verdict == Verdict.Accept ? "✓" : x.Verdict == Verdict.Reject ? "✗" : "?")}"));
                return VerdictCell(v.Evaluation.Overall, $" <span class=\"note\">{E(detail)}{(v.Made ? "" : " (not yet proposed)")}</span>");
            }));
            return cells;
        }));
        h.Close("section");
    }

    private static void Estimates(Html h, ReportData data)
    {
        var space = new ParameterSpace(data.Model);
        h.Open("section", id: "estimates").Tag("h2", "Estimates");
        h.Raw($"<p>The {space.Estimates.Count} <span class=\"estimate\">estimates</span> behind the analysis, with their ranges, rationales and the passages they rest on. ")
            .Raw("Numbers without a range (0 and 1 anchoring an issue's scale, or cited facts) are not listed.</p>");
        h.Table(["number", "estimate", "range", "rationale and source"], space.Estimates.Select(e => new[]
        {
            $"<code>{E(e.Path)}</code>", E(N(e.Value, 3)), E($"[{N(e.Low, 3)}, {N(e.High, 3)}]"),
            E(e.Provenance.Rationale) + Quotes(data.Scenario, e.Provenance.Citations),
        }));
        h.Close("section");
    }
}
