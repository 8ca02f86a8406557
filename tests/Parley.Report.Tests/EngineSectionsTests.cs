using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Parley.Core.Format;
using Parley.Core.Model;
using Parley.Report;
using Xunit;

namespace Parley.Report.Tests;

/// <summary>The river-valley example's report (no conflict or spatial section), written once.</summary>
public sealed class RiverValleyReport : IDisposable
{
    public static string ExamplePath => Path.Combine(AppContext.BaseDirectory, "examples", "river-valley.yaml");
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("parley-report-rv-").FullName;
    public Scenario Scenario { get; } = ScenarioLoader.LoadFile(ExamplePath).GetOrThrow();
    public ReportFiles Files { get; }
    public AngleSharp.Html.Dom.IHtmlDocument Document { get; }

    public RiverValleyReport()
    {
        var options = new ReportOptions { Draws = 200, Seed = 5, Pdf = false };
        Files = MediatorReport.Write(MediatorReport.Analyse(Scenario, options), Directory, options);
        Document = new HtmlParser().ParseDocument(File.ReadAllText(Files.Html));
    }

    public void Dispose()
    {
        // PARLEY_KEEP_REPORTS=1 keeps the written reports for a look by eye.
        if (Environment.GetEnvironmentVariable("PARLEY_KEEP_REPORTS") == "1") return;
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

public class BridgingSectionTests(RiverValleyReport report) : IClassFixture<RiverValleyReport>
{
    private IElement Bridge(string proposalId) =>
        report.Document.QuerySelectorAll("#bridging div.bridge").Single(d => d.QuerySelector("h3 code")!.TextContent == proposalId);

    [Fact]
    public void The_mediators_package_is_bridged_by_moving_exactly_one_issue()
    {
        // Worked by hand from docs/examples/river-valley.yaml (central values):
        // mediator = median/shared/withdrawn: N .5·.6 + .3·1 + .2·1 = .80; S .4·.5 + .4·.3 + .2·.4 = .40 < .45, so S rejects.
        // One move reaches the zone: water→upstream (N .56, S .68) or troops→stationed (N .60, S .52);
        // moving the border alone cannot (north: S .12+.08=.20; south: N .3+.2=.50 but S .4+.12+.08=.60 → both accept!).
        // South: N = .5·0 + .3 + .2 = .50 ≥ .50 and S .60 ≥ .45, so border→south is a third one-move bridge.
        var bridge = Bridge("mediator");
        var fewest = bridge.QuerySelectorAll("table.bridge-moves").First();
        var moved = fewest.QuerySelectorAll("tbody tr").Where(r => r.Children[0].TextContent == "moved").ToList();
        Assert.Single(moved);
        var issue = moved[0].Children[1].QuerySelector("code")!.TextContent;
        var to = moved[0].Children[3].TextContent;
        var shifts = Shifts(bridge.QuerySelectorAll("table.bridge-shifts").First());
        Assert.Equal(0.800, shifts["N"].Proposal, 3);
        Assert.Equal(0.400, shifts["S"].Proposal, 3);
        (double N, double S) expected = (issue, to) switch
        {
            ("water", "Southland controls the dam") => (0.56, 0.68),
            ("troops", "Southland troops stationed") => (0.60, 0.52),
            ("border", "Southern ridge") => (0.50, 0.60),
            _ => throw new Xunit.Sdk.XunitException($"unexpected bridge move {issue} → {to}"),
        };
        Assert.Equal(expected.N, shifts["N"].Bridge, 3);
        Assert.Equal(expected.S, shifts["S"].Bridge, 3);
        // Among the one-move bridges the Nash product decides: (.56−.5)(.68−.45) = .0138 beats .007 and 0.
        Assert.Equal("water", issue);
        Assert.Contains("loses", bridge.QuerySelectorAll("table.bridge-shifts").First().QuerySelectorAll("tr").Single(r => r.Children[0].TextContent.StartsWith("N")).TextContent);
        Assert.Contains("gains", bridge.QuerySelectorAll("table.bridge-shifts").First().QuerySelectorAll("tr").Single(r => r.Children[0].TextContent.StartsWith("S")).TextContent);
        // The author M (the mediator) has no preferences: no least-cost-to-author bridge, and the report says why.
        Assert.Single(bridge.QuerySelectorAll("table.bridge-moves"));
        Assert.Contains("no preferences", bridge.TextContent);
    }

    [Fact]
    public void Only_proposals_not_accepted_by_every_required_party_are_bridged()
    {
        var bridged = report.Document.QuerySelectorAll("#bridging div.bridge h3 code").Select(c => c.TextContent).ToHashSet();
        foreach (var div in report.Document.QuerySelectorAll("#proposals div.proposal"))
        {
            var id = div.QuerySelector("h3 code")!.TextContent;
            var accepted = div.TextContent.Contains("accepted by every required party");
            Assert.Equal(!accepted, bridged.Contains(id));
        }
        // median-only leaves water and troops open: its bridge settles them and moves nothing it fixed
        // (median with upstream water is acceptable: N .3+.06+.2 = .56, S .2+.4+.08 = .68).
        var medianOnly = Bridge("median-only").QuerySelectorAll("table.bridge-moves").First();
        Assert.DoesNotContain(medianOnly.QuerySelectorAll("tbody tr"), r => r.Children[0].TextContent == "moved");
        Assert.Equal(2, medianOnly.QuerySelectorAll("tbody tr").Count(r => r.Children[0].TextContent == "settled"));
    }

    [Fact]
    public void A_scenario_without_conflict_or_spatial_sections_omits_them_cleanly()
    {
        foreach (var id in MediatorReport.OptionalSectionIds)
        {
            Assert.Null(report.Document.GetElementById(id));
            Assert.Null(report.Document.QuerySelector($"nav a[href='#{id}']"));
        }
        foreach (var id in MediatorReport.SectionIds) Assert.NotNull(report.Document.GetElementById(id));
        Assert.Empty(report.Document.QuerySelectorAll("figure[data-chart^='trajectory']"));
        Assert.DoesNotContain(report.Files.Charts, c => Path.GetFileName(c).StartsWith("trajectory"));
        Assert.Equal(MediatorReport.SectionIds.Length, report.Document.QuerySelectorAll("nav li").Length);
    }

    [Fact]
    public void A_broken_conflict_section_is_reported_in_the_section_not_thrown()
    {
        var text = File.ReadAllText(RiverValleyReport.ExamplePath) + """

            conflict:
              decision_makers:
                N:
                  options: {fight: {label: Fight}}
                  priorities: [{statement: "not surrender"}]
                Q:
                  options: {talk: {label: Talk}}
                  priorities: [{statement: talk}]
            """;
        var scenario = ScenarioLoader.LoadText(text, RiverValleyReport.ExamplePath, Path.GetDirectoryName(RiverValleyReport.ExamplePath)).GetOrThrow();
        var stability = StabilityData.Analyse(scenario);
        Assert.NotNull(stability);
        Assert.Null(stability!.Graph);
        Assert.Contains(stability.Problems, p => p.Contains("unknown party 'Q'"));
    }

    internal static Dictionary<string, (double Proposal, double Bridge)> Shifts(IElement table) =>
        table.QuerySelectorAll("tbody tr").ToDictionary(
            r => r.Children[0].TextContent.TrimEnd(' ', '*'),
            r => (double.Parse(r.Children[1].TextContent.Split('–')[0], CultureInfo.InvariantCulture), double.Parse(r.Children[2].TextContent, CultureInfo.InvariantCulture)));
}

public class StabilityAndForecastSectionTests(BuiltInReport report) : IClassFixture<BuiltInReport>
{
    private IElement Section(string id) => report.Document.GetElementById(id) ?? throw new Xunit.Sdk.XunitException($"section #{id} is missing");

    [Fact]
    public void The_built_in_scenario_has_both_optional_sections_in_the_contents()
    {
        foreach (var id in MediatorReport.OptionalSectionIds)
        {
            Assert.NotNull(Section(id).QuerySelector("h2"));
            Assert.NotNull(report.Document.QuerySelector($"nav a[href='#{id}']"));
        }
    }

    [Fact]
    public void The_war_status_quo_and_the_un_settlement_are_the_nash_equilibria()
    {
        // docs/stability.md ("The built-in conflict"): the December 2022 status quo, state 33 (escalation,
        // Crimea offensive, conditioned aid), is a Nash equilibrium, hence stable under every concept; the
        // Kanninen–Patomäki settlement, state 49, is the only other one, four moves away and not reachable
        // by improvements alone. GMR 37, SMR 35, SEQ 15, SIM 14 equilibria.
        var section = Section("stability");
        var rows = section.QuerySelectorAll("table.equilibria tbody tr").ToDictionary(r => int.Parse(Regex.Match(r.Children[0].TextContent, @"^\d+").Value), r => r);
        var headers = section.QuerySelectorAll("table.equilibria thead th").Select(t => t.TextContent).ToList();
        var nash = headers.IndexOf("Nash");
        Assert.Equal([33, 49], rows.Where(r => r.Value.Children[nash].TextContent == "E").Select(r => r.Key).Order());
        Assert.Contains("status quo", rows[33].Children[0].TextContent);
        Assert.Contains("Crimea", rows[33].Children[2].TextContent);
        foreach (var concept in new[] { "Nash", "GMR", "SMR", "SEQ", "SIM", "SEQ+SIM" })
            Assert.Equal("E", rows[33].Children[headers.IndexOf(concept)].TextContent);
        foreach (var (concept, count) in new[] { ("GMR", 37), ("SMR", 35), ("SEQ", 15), ("SIM", 14) })
            Assert.Equal(count, rows.Values.Count(r => r.Children[headers.IndexOf(concept)].TextContent == "E"));

        // Path to 49: four moves, one by each decision maker; none by improvements alone.
        var path = rows[49].Children[headers.IndexOf("shortest path from the status quo (who moves)")].TextContent;
        Assert.Equal(4, Regex.Matches(path, "→").Count);
        foreach (var dm in new[] { "RU", "UA", "US", "UN" }) Assert.Contains(dm + " (", path);
        Assert.EndsWith("→ 49", path);
        Assert.Equal("not reachable", rows[49].Children[headers.IndexOf("by improvements only")].TextContent);
        Assert.Equal("already there", rows[33].Children[headers.IndexOf("shortest path from the status quo (who moves)")].TextContent);

        var statusQuo = section.QuerySelectorAll("table.status-quo tbody tr");
        Assert.All(statusQuo, r => Assert.Equal("yes", r.Children[^1].TextContent));
        var reading = section.QuerySelector("ul.reading")!.TextContent;
        Assert.Contains("state 33) is a Nash equilibrium", reading);
        Assert.Contains("cannot be reached by improvements alone", reading);
    }

    [Fact]
    public void Every_conflict_citation_is_quoted_with_its_source()
    {
        var bag = new Parley.Core.Diagnostics.DiagnosticBag();
        var conflict = Parley.Stability.Scenarios.ConflictSection.Read(report.Scenario, bag)!;
        var section = Section("stability");
        var quotes = section.QuerySelectorAll("blockquote").Select(q => q.TextContent).ToList();
        foreach (var c in conflict.Citations.Where(c => c.Path.Contains(".options.") || c.Path.Contains(".priorities[")))
        {
            var source = report.Scenario.Sources.Single(s => s.Id == c.Citation.SourceId);
            Assert.Contains(quotes, q => q.Contains(c.Citation.Quote) && q.Contains(source.Title));
        }
        // Every option appears with its label.
        foreach (var label in conflict.OptionLabels) Assert.Contains(label, section.QuerySelector("table")!.TextContent);
    }

    [Fact]
    public void The_forecast_lies_within_the_parties_positions_and_names_the_nearest_anchor()
    {
        var bag = new Parley.Core.Diagnostics.DiagnosticBag();
        var spatial = Parley.Forecast.Scenarios.SpatialSection.Read(report.Scenario, bag)!;
        var section = Section("forecast");
        var rows = section.QuerySelectorAll("table.forecasts tbody tr");
        Assert.Equal(spatial.Dimensions.Count, rows.Length);
        for (var d = 0; d < rows.Length; d++)
        {
            var dim = spatial.Dimensions[d].Dimension;
            Assert.Contains(dim.Id, rows[d].Children[0].TextContent);
            var positions = spatial.Actors.Select(a => a.Positions[d].Value).ToList();
            foreach (var cell in new[] { rows[d].Children[2], rows[d].Children[3] })
            {
                Assert.Contains("estimate", cell.TextContent);
                var value = double.Parse(cell.QuerySelector("b")!.TextContent, CultureInfo.InvariantCulture);
                // Bargaining only moves positions towards one another: the outcome stays within the hull of the start.
                Assert.InRange(value, positions.Min() - 0.01, positions.Max() + 0.01);
                if (dim.AnchorPoints.Count > 0)
                {
                    var nearest = dim.AnchorPoints.OrderBy(a => Math.Abs(a.Value - value)).First();
                    var second = dim.AnchorPoints.Select(a => Math.Abs(a.Value - value)).Order().Skip(1).DefaultIfEmpty(double.MaxValue).First();
                    // Rounded to 2 decimals in the HTML: only assert when the nearest anchor is unambiguous.
                    if (second - Math.Abs(nearest.Value - value) > 0.02) Assert.Contains("nearest: " + nearest.Value.ToString("F1", CultureInfo.InvariantCulture) + " " + nearest.Label, cell.TextContent);
                }
            }
        }
        // Inputs: one row per actor; every estimated input carries the estimate label with its range.
        var inputs = section.QuerySelectorAll("table.spatial-inputs tbody tr");
        Assert.Equal(spatial.Actors.Count, inputs.Length);
        var estimated = spatial.Actors.Sum(a => (a.Capability.IsEstimate ? 1 : 0) + a.Positions.Count(p => p.IsEstimate) + a.Saliences.Count(p => p.IsEstimate));
        Assert.Equal(estimated, section.QuerySelectorAll("table.spatial-inputs span.estimate").Length);
        // Pivotal actors: each row's party is a spatial actor.
        var pivotal = section.QuerySelectorAll("table.pivotal tbody tr");
        Assert.NotEmpty(pivotal);
        Assert.All(pivotal, r => Assert.Contains(spatial.Actors, a => a.PartyId == r.Children[0].TextContent));
    }

    [Fact]
    public void Trajectory_charts_are_embedded_and_written_as_png_and_svg()
    {
        foreach (var name in ForecastData.ChartNames)
        {
            var img = Section("forecast").QuerySelector($"figure[data-chart='{name}'] img");
            Assert.True(img is not null, $"chart {name} is not embedded");
            var png = Convert.FromBase64String(img!.GetAttribute("src")!["data:image/png;base64,".Length..]);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
            Assert.Contains(Path.Combine(report.Directory, "charts", name + ".png"), report.Files.Charts);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(report.Directory, "charts", name + ".svg")));
        }
    }

    [Fact]
    public void Bridged_proposals_are_exactly_the_ones_not_accepted()
    {
        var bridged = report.Document.QuerySelectorAll("#bridging div.bridge h3 code").Select(c => c.TextContent).ToHashSet();
        var model = new Parley.Core.Evaluation.UtilityModel(report.Scenario);
        foreach (var p in report.Scenario.Proposals)
            Assert.Equal(!Parley.Core.Evaluation.ProposalEvaluator.Evaluate(model, p).AcceptedByAllRequired, bridged.Contains(p.Id));
        // Every fewest-changes bridge names for each party its utility under the bridge, and no required party ends below its reservation value.
        foreach (var div in report.Document.QuerySelectorAll("#bridging div.bridge").Where(d => d.QuerySelector("table.bridge-shifts") is not null))
        {
            var shifts = BridgingSectionTests.Shifts(div.QuerySelector("table.bridge-shifts")!);
            foreach (var id in report.Scenario.Agreement.RequiredParties)
                Assert.True(shifts[id].Bridge >= model.Parties.Single(x => x.Party.Id == id).Reservation - 0.0005, $"{id} below its reservation value in a bridge");
        }
    }
}
