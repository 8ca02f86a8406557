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
