using System.Text.Json;
using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

public class TimelineCommandTests
{
    [Fact]
    public void River_valley_in_March_applies_the_snapshot_red_line()
    {
        // In March 2024 Northland's snapshot forbids a median border, so the mediator's package is blocked by N.
        var (code, output, error) = CliRunner.Run("timeline", CliRunner.Example("river-valley.yaml"), "-f", "json");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        var point = Assert.Single(json.RootElement.GetProperty("result").GetProperty("points").EnumerateArray());
        Assert.Equal("2024-03", point.GetProperty("date").GetString());
        Assert.Equal(0.7, point.GetProperty("reservations").GetProperty("N").GetDouble(), 12);
        var mediator = point.GetProperty("proposals").EnumerateArray().Single(p => p.GetProperty("proposal").GetString() == "mediator");
        Assert.Equal("reject", mediator.GetProperty("parties").GetProperty("N").GetString());
        Assert.False(mediator.GetProperty("made").GetBoolean());
    }

    [Fact]
    public void Built_in_zone_shrinks_from_march_to_december()
    {
        var (code, output, _) = CliRunner.Run("timeline", "-f", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        var points = json.RootElement.GetProperty("result").GetProperty("points").EnumerateArray().ToList();
        Assert.Equal("2022-03", points[0].GetProperty("date").GetString());
        Assert.Equal("2022-03", json.RootElement.GetProperty("result").GetProperty("skippedBefore").GetString());
        var zones = points.Select(p => p.GetProperty("zoneOfAgreement").GetInt64()).ToList();
        Assert.True(zones.Zip(zones.Skip(1)).All(z => z.Second <= z.First), "the zone should only shrink as positions harden: " + string.Join(", ", zones));
        Assert.True(zones[^1] < zones[0]);
        // Kyiv's March neutrality offer: in March both belligerents accept it whatever the open issues; by December no longer.
        var march = points[0].GetProperty("proposals").EnumerateArray().Single(p => p.GetProperty("proposal").GetString() == "ukraine-neutrality-2022-03");
        Assert.Equal("accept", march.GetProperty("overall").GetString());
        var december = points[^1].GetProperty("proposals").EnumerateArray().Single(p => p.GetProperty("proposal").GetString() == "ukraine-neutrality-2022-03");
        Assert.NotEqual("accept", december.GetProperty("overall").GetString());
    }

    [Fact]
    public void Chart_is_written_and_bad_chart_names_are_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"parley-timeline-{Guid.NewGuid():N}.svg");
        try
        {
            var (code, output, error) = CliRunner.Run("timeline", CliRunner.Example("river-valley.yaml"), "--chart", path);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("chart written", error);
            Assert.Contains("<svg", File.ReadAllText(path));
            Assert.Contains("2024-03", output);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("timeline", "--chart", "x.gif").ExitCode);
    }
}
