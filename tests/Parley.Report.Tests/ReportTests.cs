using AngleSharp.Html.Parser;
using Parley.Core.Format;
using Parley.Core.Model;
using Parley.Report;
using Xunit;
using Xunit.Abstractions;

namespace Parley.Report.Tests;

/// <summary>The built-in scenario's report, written once for all tests (the analyses take a few seconds).</summary>
public sealed class BuiltInReport : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("parley-report-test-").FullName;
    public Scenario Scenario { get; } = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
    public ReportFiles Files { get; }
    public AngleSharp.Html.Dom.IHtmlDocument Document { get; }

    public BuiltInReport()
    {
        var options = new ReportOptions { Draws = 1_000, Seed = 3, Pdf = PdfPrinter.FindChromium() is not null };
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

public class ReportTests(BuiltInReport report, ITestOutputHelper output) : IClassFixture<BuiltInReport>
{
    [Fact]
    public void Every_section_is_present_with_a_heading()
    {
        foreach (var id in MediatorReport.SectionIds)
        {
            var section = report.Document.GetElementById(id);
            Assert.True(section is not null, $"section #{id} is missing");
            Assert.NotNull(section!.QuerySelector("h2"));
            Assert.NotNull(report.Document.QuerySelector($"nav a[href='#{id}']"));
        }
    }

    [Fact]
    public void Every_chart_is_embedded_and_written_as_png_and_svg()
    {
        foreach (var name in MediatorReport.ChartNames)
        {
            var figure = report.Document.QuerySelector($"figure[data-chart='{name}'] img");
            Assert.True(figure is not null, $"chart {name} is not embedded");
            var src = figure!.GetAttribute("src")!;
            Assert.StartsWith("data:image/png;base64,", src);
            var png = Convert.FromBase64String(src["data:image/png;base64,".Length..]);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
            Assert.True(png.Length > 5_000, $"chart {name} looks empty");
            Assert.Contains(Path.Combine(report.Directory, "charts", name + ".png"), report.Files.Charts);
            var svg = File.ReadAllText(Path.Combine(report.Directory, "charts", name + ".svg"));
            Assert.Contains("<svg", svg);
        }
    }

    [Fact]
    public void Every_proposal_has_its_verdict_and_its_quotes()
    {
        var section = report.Document.GetElementById("proposals")!;
        foreach (var proposal in report.Scenario.Proposals)
        {
            Assert.Contains(proposal.Id, section.TextContent);
            foreach (var c in proposal.Citations) Assert.Contains(c.Quote, section.TextContent);
        }
        Assert.Equal(report.Scenario.Proposals.Count, section.QuerySelectorAll("div.proposal").Length);
        Assert.Equal(report.Scenario.Proposals.Count, section.QuerySelectorAll("div.proposal table").Length);
    }

    [Fact]
    public void Sources_snapshots_and_estimates_are_traced()
    {
        var sources = report.Document.GetElementById("sources")!.TextContent;
        foreach (var s in report.Scenario.Sources) Assert.Contains(s.Title, sources);
        var timeline = report.Document.GetElementById("timeline")!.TextContent;
        foreach (var snapshot in report.Scenario.Snapshots)
            foreach (var c in snapshot.Citations) Assert.Contains(c.Quote, timeline);
        // Every estimate row names its number and shows a range.
        var rows = report.Document.QuerySelectorAll("#estimates tbody tr");
        Assert.Equal(new Parley.Robustness.ParameterSpace(report.Scenario).Estimates.Count, rows.Length);
        Assert.All(rows, r => Assert.Matches(@"^\[\d\.\d{3}, \d\.\d{3}\]$", r.Children[2].TextContent));
    }

    [Fact]
    public void Scenario_text_is_escaped()
    {
        // Titles with markup characters must come out as text, never as elements.
        var scenario = report.Scenario with { Title = "<script>alert('x')</script> & co" };
        var data = MediatorReport.Analyse(scenario, new ReportOptions { Draws = 50, Pdf = false });
        var html = MediatorReport.Render(data, new Dictionary<string, string>(), new ReportOptions());
        var document = new HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Equal("<script>alert('x')</script> & co", document.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public void The_pdf_has_pages_when_chromium_is_installed()
    {
        if (PdfPrinter.FindChromium() is null)
        {
            output.WriteLine("SKIPPED PART: Chromium is not installed (apt-get install -y chromium), so the PDF was not printed; the HTML checks still ran.");
            Assert.False(report.Files.PdfOutcome.Produced);
            Assert.Contains("Chromium is not installed", report.Files.PdfOutcome.Message);
            return;
        }
        Assert.True(report.Files.PdfOutcome.Produced, report.Files.PdfOutcome.Message);
        var pdf = report.Files.Pdf!;
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(pdf)[..4]));
        var pages = PdfPrinter.CountPages(pdf);
        output.WriteLine($"PDF pages: {pages}");
        Assert.True(pages > 3, $"expected a multi-page PDF, got {pages} page(s)");
    }
}
