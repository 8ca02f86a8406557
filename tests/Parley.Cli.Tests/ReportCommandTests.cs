using System.Text.Json;
using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

public class ReportCommandTests
{
    [Fact]
    public void Writes_html_and_charts_into_the_directory()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"parley-report-{Guid.NewGuid():N}");
        try
        {
            var (code, output, _) = CliRunner.Run("report", CliRunner.Example("river-valley.yaml"), "--out", dir, "-n", "300", "--no-pdf", "-f", "json");
            Assert.Equal(ExitCodes.Ok, code);
            using var json = JsonDocument.Parse(output);
            var html = File.ReadAllText(json.RootElement.GetProperty("html").GetString()!);
            Assert.Contains("River valley dispute", html);
            Assert.Contains("id=\"robustness\"", html);
            Assert.Equal(6, json.RootElement.GetProperty("charts").GetArrayLength());
            Assert.All(json.RootElement.GetProperty("charts").EnumerateArray(), c => Assert.True(File.Exists(c.GetString())));
            Assert.False(json.RootElement.TryGetProperty("pdf", out _));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Out_is_required()
    {
        var (code, _, error) = CliRunner.Run("report");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--out", error);
    }
}
