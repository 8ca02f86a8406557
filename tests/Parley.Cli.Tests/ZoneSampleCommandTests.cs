using Parley.Cli.Commands;
using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

/// <summary><c>parley zone --sample K</c> for large K: one plain line per package instead of a table of K columns.</summary>
public class ZoneSampleCommandTests
{
    [Fact]
    public void A_large_sample_is_listed_one_package_per_line()
    {
        var (code, output, error) = CliRunner.Run("zone", "--sample", "200", "--seed", "3");
        Assert.True(code == ExitCodes.Ok, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.StartsWith("Zone of possible agreement of ukraine-2022", lines[0]);
        var header = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("#", header[0]);
        Assert.Contains("crimea", header);
        Assert.Equal(202, lines.Length);
        Assert.StartsWith("1 ", lines[2].TrimStart());
        Assert.StartsWith("200 ", lines[201].TrimStart());
    }

    [Fact]
    public void The_lines_name_the_packages_the_json_lists()
    {
        var json = System.Text.Json.JsonDocument.Parse(CliRunner.Run("zone", "--sample", "30", "--seed", "5", "--format", "json").Out).RootElement;
        var lines = CliRunner.Run("zone", "--sample", "30", "--seed", "5").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..];
        var packages = json.GetProperty("packages").EnumerateArray().ToArray();
        Assert.Equal(30, packages.Length);
        for (var k = 0; k < 30; k++)
        {
            var fields = lines[k].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var crimea = packages[k].GetProperty("terms").GetProperty("crimea").GetString();
            Assert.Equal(crimea, fields[1]);
        }
        Assert.True(ZoneCommand.ColumnsLimit < 30);
    }
}
