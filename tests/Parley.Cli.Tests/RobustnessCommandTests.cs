using System.Text.Json;
using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

public class RobustnessCommandTests
{
    private static readonly string RiverValley = CliRunner.Example("river-valley.yaml");

    [Fact]
    public void Json_gives_the_closed_form_acceptance_probability()
    {
        // Southland's utility for the mediator's package is 0.4·0.5 + 0.4·0.3 + 0.2·0.4 = 0.4 (all facts); its
        // reservation value is uniform on [0.35, 0.55], so it accepts with probability (0.4 − 0.35)/0.2 = 0.25.
        var (code, output, error) = CliRunner.Run("robustness", RiverValley, "--distribution", "uniform", "-n", "20000", "--seed", "9", "-f", "json");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("robustness", json.RootElement.GetProperty("analysis").GetString());
        var mediator = json.RootElement.GetProperty("result").GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "mediator");
        var south = mediator.GetProperty("parties").EnumerateArray().Single(p => p.GetProperty("party").GetString() == "S").GetProperty("accepts");
        Assert.InRange(0.25, south.GetProperty("low").GetDouble(), south.GetProperty("high").GetDouble());
        Assert.Equal(20000, south.GetProperty("trials").GetInt64());
        Assert.NotEmpty(json.RootElement.GetProperty("result").GetProperty("tornado").EnumerateArray());
    }

    [Fact]
    public void Same_seed_same_json_whatever_the_thread_count()
    {
        // The document holds no wall-clock time, so the two outputs are byte-identical.
        var one = CliRunner.Run("robustness", RiverValley, "-n", "3000", "--threads", "1", "-f", "json");
        var two = CliRunner.Run("robustness", RiverValley, "-n", "3000", "--threads", "2", "-f", "json");
        Assert.Equal(ExitCodes.Ok, one.ExitCode);
        Assert.Equal(one.Out, two.Out);
        Assert.DoesNotContain("seconds", one.Out);
    }

    [Fact]
    public void Both_solvers_give_the_same_counts_on_the_river_valley()
    {
        static JsonElement Packages(string output) => JsonDocument.Parse(output).RootElement.GetProperty("result").GetProperty("packages").Clone();
        var frontier = CliRunner.Run("robustness", RiverValley, "-n", "2000", "--no-sensitivity", "-f", "json");
        var engine = CliRunner.Run("robustness", RiverValley, "-n", "2000", "--no-sensitivity", "--solver", "engine", "-f", "json");
        Assert.Equal(ExitCodes.Ok, engine.ExitCode);
        Assert.Contains("\"solver\": \"bargaining-engine\"", engine.Out);
        Assert.Equal(Packages(frontier.Out).ToString(), Packages(engine.Out).ToString());
    }

    [Fact]
    public void Table_and_markdown_render()
    {
        var (code, output, _) = CliRunner.Run("robustness", RiverValley, "-n", "500");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Acceptance across draws", output);
        Assert.Contains("Tornado", output);
        var markdown = CliRunner.Run("robustness", RiverValley, "-n", "500", "-f", "markdown");
        Assert.Contains("| mediator |", markdown.Out);
    }

    [Theory]
    [InlineData("--draws", "0")]
    [InlineData("--threads", "0")]
    [InlineData("--distribution", "normal")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        var (code, _, error) = CliRunner.Run("robustness", RiverValley, option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("parley:", error);
    }

    [Fact]
    public void Unknown_scenario_is_reported()
    {
        var (code, _, error) = CliRunner.Run("robustness", "ukraine-2021");
        Assert.Equal(ExitCodes.UnknownName, code);
        Assert.Contains("ukraine-2022", error);
    }
}
