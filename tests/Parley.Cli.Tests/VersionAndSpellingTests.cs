using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

public class VersionAndSpellingTests
{
    [Fact]
    public void Version_prints_the_package_version()
    {
        var (code, output, _) = CliRunner.Run("--version");
        Assert.Equal(ExitCodes.Ok, code);
        // The version in Parley.Cli.csproj, possibly followed by "+commit".
        var csproj = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "src", "Parley.Cli", "Parley.Cli.csproj"));
        var version = System.Text.RegularExpressions.Regex.Match(csproj, "<Version>([^<]+)</Version>").Groups[1].Value;
        Assert.NotEqual("", version);
        Assert.StartsWith(version, output.Trim());
    }

    [Fact]
    public void Analyse_is_the_same_command_as_analyze()
    {
        var american = CliRunner.Run("analyze", CliRunner.Example("river-valley.yaml"), "--format", "json");
        var british = CliRunner.Run("analyse", CliRunner.Example("river-valley.yaml"), "--format", "json");
        Assert.Equal(ExitCodes.Ok, british.ExitCode);
        Assert.Equal(american.Out, british.Out);
    }
}

public class BriefCommandTests
{
    [Fact]
    public void Brief_opens_with_the_bottom_line_in_every_format()
    {
        var river = CliRunner.Example("river-valley.yaml");
        var table = CliRunner.Run("brief", river);
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        // 5 of the 12 packages pass (hand count in CommandTests); the first line after the title says so.
        Assert.StartsWith("There is room for agreement now: 5 of 12", table.Out.Split('\n')[1]);
        var markdown = CliRunner.Run("brief", river, "--format", "markdown").Out;
        Assert.Contains("**There is room for agreement now: 5 of 12", markdown);
        Assert.Contains("- mediator is blocked by S (short by 0.050)", markdown);
        using var json = System.Text.Json.JsonDocument.Parse(CliRunner.Run("brief", river, "--format", "json").Out);
        Assert.Equal("brief", json.RootElement.GetProperty("analysis").GetString());
        Assert.StartsWith("There is room", json.RootElement.GetProperty("result").GetProperty("bottomLine").GetProperty("text").GetString());
    }
}
