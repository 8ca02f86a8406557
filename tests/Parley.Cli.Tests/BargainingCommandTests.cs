using System.Text.Json;
using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

public class BargainingCommandTests
{
    private static readonly string RiverValley = CliRunner.Example("river-valley.yaml");
    private static readonly string Domains = CliRunner.Shared("negotiation-domains");

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
        var zopa = json.RootElement.GetProperty("result").GetProperty("zone");
        Assert.Equal(27, zopa.GetProperty("packages").GetDouble());
        Assert.Equal(27, zopa.GetProperty("acceptable").GetInt64()); // both reservation values are 0
        // Profile 1 rates HP, 60 Gb and 19'' LCD best on their issues (evaluations 30/30 each), so its plain utility is the
        // sum of its weights, 1.0000518; Genius caps it at 1, and so does Parley (utility_cap).
        var best = json.RootElement.GetProperty("result").GetProperty("best").GetProperty("packages")[0];
        Assert.Equal("HP", best.GetProperty("terms").GetProperty("laptop").GetString());
        Assert.True(0.4452125771655631 + 0.37808251708013424 + 0.1767567099260568 > 1);
        var prof1 = best.GetProperty("parties").EnumerateArray().First();
        Assert.Equal(1.0, prof1.GetProperty("utility").GetDouble());
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
            Assert.Equal(5, json.RootElement.GetProperty("result").GetProperty("zone").GetProperty("acceptable").GetInt64());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}

public class ZoneCommandTests
{
    private static readonly string RiverValley = CliRunner.Example("river-valley.yaml");

    /// <summary>The zone by brute force: every complete package that ProposalEvaluator says every required party accepts.</summary>
    private static HashSet<string> ZoneByBruteForce()
    {
        var scenario = Parley.Core.Format.ScenarioLoader.LoadFile(RiverValley).GetOrThrow();
        var model = new Parley.Core.Evaluation.UtilityModel(scenario);
        var zone = new HashSet<string>();
        for (var b = 0; b < 3; b++)
        for (var w = 0; w < 2; w++)
        for (var t = 0; t < 2; t++)
        {
            var package = new Parley.Core.Evaluation.Package([b, w, t]);
            if (Parley.Core.Evaluation.ProposalEvaluator.Evaluate(model, package).AcceptedByAllRequired)
                zone.Add(package.Describe(scenario));
        }
        return zone;
    }

    private static List<string> Listed(string output, out JsonElement root)
    {
        root = JsonDocument.Parse(output).RootElement.Clone();
        return root.GetProperty("packages").EnumerateArray()
            .Select(p => string.Join(", ", new[] { "border", "water", "troops" }.Select(i => $"{i}={p.GetProperty("terms").GetProperty(i).GetString()}")))
            .ToList();
    }

    [Fact]
    public void Pages_list_the_whole_zone_once_in_order()
    {
        var first = Listed(CliRunner.Run("zone", RiverValley, "--size", "3", "-f", "json").Out, out var root);
        var second = Listed(CliRunner.Run("zone", RiverValley, "--size", "3", "--page", "2", "-f", "json").Out, out _);
        var third = Listed(CliRunner.Run("zone", RiverValley, "--size", "3", "--page", "3", "-f", "json").Out, out _);

        Assert.Equal(5, root.GetProperty("zone").GetDouble());
        Assert.Equal(3, first.Count);
        Assert.Equal(2, second.Count);
        Assert.Empty(third);
        var all = first.Concat(second).ToList();
        Assert.Equal(ZoneByBruteForce().Order(), all.Order());
        Assert.Equal(all.Distinct().Count(), all.Count);
    }

    [Fact]
    public void Samples_come_from_the_zone_and_repeat_for_a_seed()
    {
        var (code, output, _) = CliRunner.Run("zone", RiverValley, "--sample", "200", "--seed", "3", "-f", "json");
        Assert.Equal(ExitCodes.Ok, code);
        var samples = Listed(output, out _);
        var zone = ZoneByBruteForce();
        Assert.Equal(200, samples.Count);
        Assert.All(samples, s => Assert.Contains(s, zone));
        Assert.Equal(zone.Count, samples.Distinct().Count()); // 200 draws from 5 packages reach all of them
        Assert.Equal(samples, Listed(CliRunner.Run("zone", RiverValley, "--sample", "200", "--seed", "3", "-f", "json").Out, out _));
    }

    [Fact]
    public void Bad_page_sizes_are_usage_errors()
    {
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("zone", RiverValley, "--size", "0").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("zone", RiverValley, "--page", "0").ExitCode);
    }
}
