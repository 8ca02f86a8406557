using System.Text.Json;
using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

public class BargainingCommandTests
{
    private static readonly string RiverValley = CliRunner.Example("river-valley.yaml");
    private static readonly string Domains = Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "negotiation-domains"));

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("no Parley.slnx above the test binaries");
    }

    [Fact]
    public void Bridge_moves_one_issue_of_the_mediators_package()
    {
        var (code, output, _) = CliRunner.Run("bridge", "mediator", "--file", RiverValley, "-f", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        var bridge = json.RootElement.GetProperty("fewestChanges");
        Assert.Equal(1, bridge.GetProperty("changes").GetInt32());
        // By hand, two single changes unlock it: water→upstream (N .56, S .68) or troops→stationed (N .60, S .52).
        var terms = bridge.GetProperty("terms");
        var moved = (terms.GetProperty("water").GetString()!, terms.GetProperty("troops").GetString()!);
        Assert.Contains(moved, new[] { ("upstream", "withdrawn"), ("shared", "stationed") });
        Assert.Equal("median", terms.GetProperty("border").GetString());
    }

    [Fact]
    public void Bridge_of_an_unknown_proposal_exits_three()
    {
        var (code, _, error) = CliRunner.Run("bridge", "mediatr", "--file", RiverValley);
        Assert.Equal(ExitCodes.UnknownName, code);
        Assert.Contains("mediator", error);
    }

    [Fact]
    public void Analyze_reads_genius_files()
    {
        var laptop = Path.Combine(Domains, "Laptop");
        var (code, output, error) = CliRunner.Run("analyze", "--genius", Path.Combine(laptop, "Laptop-C-domain.xml"),
            Path.Combine(laptop, "Laptop-C-prof1.xml"), Path.Combine(laptop, "Laptop-C-prof2.xml"), "-f", "json");
        Assert.True(code == ExitCodes.Ok, error);
        using var json = JsonDocument.Parse(output);
        var zopa = json.RootElement.GetProperty("zopa");
        Assert.Equal(27, zopa.GetProperty("packages").GetDouble());
        Assert.Equal(27, zopa.GetProperty("acceptable").GetInt64()); // both reservation values are 0
        // Profile 1 rates HP, 60 Gb and 19'' LCD best on their issues (evaluations 30/30 each), so its utility is the sum of its weights.
        var best = zopa.GetProperty("bestByNash")[0];
        Assert.Equal("HP", best.GetProperty("terms").GetProperty("laptop").GetString());
        var prof1 = best.GetProperty("parties").EnumerateArray().First();
        Assert.Equal(0.4452125771655631 + 0.37808251708013424 + 0.1767567099260568, prof1.GetProperty("utility").GetDouble(), 12);
    }

    [Fact]
    public void A_malformed_genius_file_gets_a_located_error()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"parley-genius-{Guid.NewGuid():N}.xml");
        File.WriteAllText(broken, "<negotiation_template>\n<utility_space>\n<objective name=\"x\">\n</utility_space>");
        try
        {
            var laptop = Path.Combine(Domains, "Laptop");
            var (code, _, error) = CliRunner.Run("analyze", "--genius", broken, Path.Combine(laptop, "Laptop-C-prof1.xml"), Path.Combine(laptop, "Laptop-C-prof2.xml"));
            Assert.NotEqual(ExitCodes.Ok, code);
            Assert.Contains(Path.GetFileName(broken), error);
            Assert.DoesNotContain("   at ", error);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public void Export_to_genius_and_back_keeps_the_zone_of_agreement()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"parley-export-{Guid.NewGuid():N}");
        try
        {
            var (code, _, _) = CliRunner.Run("export-genius", RiverValley, "--out", dir);
            Assert.Equal(ExitCodes.Ok, code);
            var (reimport, output, error) = CliRunner.Run("analyze", "--genius", Path.Combine(dir, "river-valley-domain.xml"),
                Path.Combine(dir, "river-valley-N.xml"), Path.Combine(dir, "river-valley-S.xml"), "-f", "json");
            Assert.True(reimport == ExitCodes.Ok, error);
            using var json = JsonDocument.Parse(output);
            // Northland's red line is lost in Genius, but every package it forbids already fails Northland's reservation value.
            Assert.Equal(5, json.RootElement.GetProperty("zopa").GetProperty("acceptable").GetInt64());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
