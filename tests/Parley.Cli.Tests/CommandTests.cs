using System.Text.Json;
using Parley.Core.Format;
using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

public class CommandTests
{
    private static readonly string RiverValley = CliRunner.Example("river-valley.yaml");

    [Fact]
    public void Evaluate_json_reports_hand_computed_utilities_and_the_blocker()
    {
        var (code, output, error) = CliRunner.Run("evaluate", "mediator", "--file", RiverValley, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("reject", root.GetProperty("overall").GetString());
        Assert.Equal(["S"], root.GetProperty("blockers").EnumerateArray().Select(e => e.GetString()));
        var parties = root.GetProperty("parties").EnumerateArray().ToDictionary(p => p.GetProperty("party").GetString()!);
        Assert.Equal(0.8, parties["N"].GetProperty("utilityMin").GetDouble(), 12);
        Assert.Equal(0.4, parties["S"].GetProperty("utilityMin").GetDouble(), 12);
        Assert.Equal(-0.05, parties["S"].GetProperty("marginMin").GetDouble(), 12);
        Assert.Equal("water", parties["S"].GetProperty("costs")[0].GetProperty("issue").GetString());
    }

    [Fact]
    public void Evaluate_accepts_ad_hoc_terms()
    {
        var (code, output, _) = CliRunner.Run("evaluate", "--file", RiverValley, "--terms", "border=median,water=upstream,troops=withdrawn", "-f", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("accept", json.RootElement.GetProperty("overall").GetString());
    }

    [Fact]
    public void Evaluate_table_names_the_blocker()
    {
        var (code, output, _) = CliRunner.Run("evaluate", "mediator", "--file", RiverValley);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Blocked by Southland (short by 0.050)", output);
        Assert.Contains("0.800", output);
    }

    [Fact]
    public void Analyze_json_counts_the_zone_of_agreement()
    {
        var (code, output, _) = CliRunner.Run("analyze", RiverValley, "--format", "json", "--top", "2");
        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        var zopa = json.RootElement.GetProperty("result").GetProperty("zone");
        Assert.Equal(12, zopa.GetProperty("packages").GetDouble());
        // Hand count over the 12 packages (N: .5b+.3w+.2t ≥ .5, S: .4b+.4w+.2t ≥ .45, N's red line): 5 pass.
        Assert.Equal(5, zopa.GetProperty("acceptable").GetInt64());
        var best = json.RootElement.GetProperty("result").GetProperty("best").GetProperty("packages");
        Assert.Equal(2, best.GetArrayLength());
        Assert.Equal("upstream", best[0].GetProperty("terms").GetProperty("water").GetString());
        Assert.Equal(0.06 * 0.23, best[0].GetProperty("nashProduct").GetDouble(), 12);
        Assert.Equal(2, json.RootElement.GetProperty("result").GetProperty("proposals").GetArrayLength());
    }

    [Fact]
    public void Analyze_markdown_is_a_report()
    {
        var (code, output, _) = CliRunner.Run("analyze", RiverValley, "--format", "markdown");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("## Zone of possible agreement", output);
        Assert.Contains("| mediator | The mediator | 2024-05 |", output);
    }

    [Fact]
    public void Analyze_markdown_shows_what_the_table_shows()
    {
        var markdown = CliRunner.Run("analyze", RiverValley, "--format", "markdown").Out;
        var table = CliRunner.Run("analyze", RiverValley).Out;
        // The same smallest step per proposal and the same issue stakes, in both formats.
        Assert.Contains("| verdict | smallest step to agreement |", markdown);
        var scenario = ScenarioLoader.LoadFile(RiverValley).GetOrThrow();
        foreach (var proposal in scenario.Proposals)
        {
            var row = markdown.Split('\n').Single(l => l.StartsWith($"| {proposal.Id} |"));
            var step = row.TrimEnd(' ', '|').Split(" | ")[^1];
            Assert.Contains(step, table);
        }
        Assert.Contains("## Issues inside the zone", markdown);
        Assert.Contains("Issues inside the zone", table);
        foreach (var issue in scenario.Issues)
        {
            var row = markdown.Split('\n').Single(l => l.StartsWith($"| {issue.Id} |") && l.Contains('%'));
            var role = row.TrimEnd(' ', '|').Split(" | ")[^1];
            Assert.Contains(role, table);
        }
    }

    [Fact]
    public void Validate_exits_zero_on_a_valid_file_and_two_on_an_invalid_one()
    {
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("validate", RiverValley).ExitCode);

        var broken = Path.Combine(Path.GetTempPath(), $"parley-broken-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(broken, File.ReadAllText(RiverValley).Replace("  - party: S\n", "  - party: SS\n"));
        try
        {
            var (code, output, _) = CliRunner.Run("validate", broken, "--format", "json");
            Assert.Equal(ExitCodes.InvalidScenario, code);
            using var json = JsonDocument.Parse(output);
            var diagnostic = json.RootElement.GetProperty("diagnostics")[0];
            Assert.Equal("unknown-reference", diagnostic.GetProperty("code").GetString());
            Assert.Equal("positions[1].party", diagnostic.GetProperty("path").GetString());
            Assert.True(diagnostic.GetProperty("line").GetInt32() > 0);

            var (analyzeCode, _, error) = CliRunner.Run("analyze", broken);
            Assert.Equal(ExitCodes.InvalidScenario, analyzeCode);
            Assert.Contains("unknown party 'SS'", error);
            Assert.DoesNotContain("   at ", error); // no stack trace
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public void Unknown_names_exit_three_with_a_suggestion()
    {
        var (code, _, error) = CliRunner.Run("evaluate", "mediatr", "--file", RiverValley);
        Assert.Equal(ExitCodes.UnknownName, code);
        Assert.Contains("did you mean 'mediator'", error);

        var missing = CliRunner.Run("analyze", "no/such/file.yaml");
        Assert.Equal(ExitCodes.UnknownName, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error);

        var badTerm = CliRunner.Run("evaluate", "--file", RiverValley, "--terms", "border=medan");
        Assert.Equal(ExitCodes.UnknownName, badTerm.ExitCode);
        Assert.Contains("did you mean 'median'", badTerm.Error);
    }

    [Fact]
    public void Bad_usage_exits_sixty_four()
    {
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("analyze", "--top", "x").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("frobnicate").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("evaluate", "--file", RiverValley).ExitCode); // neither proposal nor terms
    }

    [Fact]
    public void Show_json_lists_the_scenario()
    {
        var (code, output, _) = CliRunner.Run("show", RiverValley, "-f", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["N", "S", "M"], json.RootElement.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(3, json.RootElement.GetProperty("issues").GetArrayLength());
    }
}

public class ValidateEngineSectionTests
{
    /// <summary>One quote check for every section: a quote missing from its source is an error in the core, `spatial` and `conflict` alike.</summary>
    [Theory]
    [InlineData("Kerelia fears Dovranian recognition above all", "conflict.decision_makers.KR.priorities[0].cite.quote")]
    [InlineData("Kerelia can pass the constitutional law on Tasovar's autonomy.", "conflict.decision_makers.KR.options.kr_autonomy.cite[0].quote")]
    public void A_made_up_quote_in_the_conflict_section_is_refused(string quote, string path)
    {
        var dir = Directory.CreateTempSubdirectory("parley-quotes-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(CliRunner.Example("tasovar-enclave.yaml"))!, "tasovar-enclave*"))
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            var scenario = Path.Combine(dir, "tasovar-enclave.yaml");
            Assert.Equal(ExitCodes.Ok, CliRunner.Run("validate", scenario).ExitCode);
            var text = File.ReadAllText(scenario);
            Assert.Contains(quote, text);
            File.WriteAllText(scenario, text.Replace(quote, "A sentence the briefing never says.", StringComparison.Ordinal));
            var (code, output, _) = CliRunner.Run("validate", scenario, "-f", "json");
            Assert.Equal(ExitCodes.InvalidScenario, code);
            using var json = JsonDocument.Parse(output);
            var errors = json.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("severity").GetString() == "error").ToList();
            // The quote may also stand in the core sections: every error is a missing quote, one of them at the conflict's citation.
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.Equal("quote-not-found", e.GetProperty("code").GetString()));
            Assert.Contains(errors, e => e.GetProperty("path").GetString() == path);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Validate_reports_problems_in_engine_sections_with_their_place()
    {
        var file = Path.Combine(Path.GetTempPath(), $"parley-spatial-{Guid.NewGuid():N}.yaml");
        var text = File.ReadAllText(CliRunner.Example("river-valley.yaml")) + "\nspatial:\n  dimensions: five\n";
        File.WriteAllText(file, text);
        try
        {
            var (code, output, _) = CliRunner.Run("validate", file, "-f", "json");
            Assert.Equal(ExitCodes.InvalidScenario, code);
            using var json = JsonDocument.Parse(output);
            var diagnostic = json.RootElement.GetProperty("diagnostics").EnumerateArray()
                .First(d => d.GetProperty("path").GetString()!.StartsWith("spatial", StringComparison.Ordinal));
            Assert.Equal("error", diagnostic.GetProperty("severity").GetString());
            Assert.True(diagnostic.GetProperty("line").GetInt32() > text.Count(c => c == '\n') - 3);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

public class ValidateConflictSectionTests
{
    [Fact]
    public void Validate_reports_a_broken_conflict_section()
    {
        var file = Path.Combine(Path.GetTempPath(), $"parley-conflict-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, File.ReadAllText(CliRunner.Example("river-valley.yaml")) + "\nconflict:\n  decision_makers: nobody\n");
        try
        {
            var (code, output, _) = CliRunner.Run("validate", file, "-f", "json");
            Assert.Equal(ExitCodes.InvalidScenario, code);
            using var json = JsonDocument.Parse(output);
            Assert.Contains(json.RootElement.GetProperty("diagnostics").EnumerateArray(),
                d => d.GetProperty("path").GetString()!.StartsWith("conflict", StringComparison.Ordinal) && d.GetProperty("severity").GetString() == "error");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_built_in_scenario_validates_with_all_its_engine_sections()
    {
        var (code, output, error) = CliRunner.Run("validate", "ukraine-2022", "-f", "json");
        Assert.True(code == ExitCodes.Ok, output + error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(0, json.RootElement.GetProperty("errors").GetInt32());
    }
}

public class CancellationTests
{
    [Fact]
    public void A_cancelled_analysis_exits_130_without_a_stack_trace()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var console = new Spectre.Console.Testing.TestConsole();
        var error = new StringWriter();
        var code = ParleyApp.Run(["robustness", "-n", "100000"], new CliContext(console, error, ShowProgress: false), cancellation.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Contains("cancelled", error.ToString());
        Assert.DoesNotContain("   at ", error.ToString());
    }
}

public class AnalyzeToAgreementTests
{
    [Fact]
    public void Analyze_names_the_smallest_step_from_each_proposal_to_agreement()
    {
        var (code, output, _) = CliRunner.Run("analyze", CliRunner.Example("river-valley.yaml"), "-f", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        var steps = json.RootElement.GetProperty("result").GetProperty("toAgreement").EnumerateArray().ToDictionary(e => e.GetProperty("proposal").GetString()!);
        // By hand: the mediator's package (N .80, S .40 < .45) needs one issue moved; the median line alone
        // needs only its open issues settled (median, upstream, withdrawn gives N .56, S .68).
        Assert.Equal(1, steps["mediator"].GetProperty("changes").GetInt32());
        Assert.Equal(0, steps["median-only"].GetProperty("changes").GetInt32());
        Assert.Equal("median", steps["median-only"].GetProperty("package").GetProperty("border").GetString());
    }
}

public class AnalyzeBestPackagesTests
{
    [Fact]
    public void Best_packages_of_the_built_in_scenario_match_exhaustive_enumeration()
    {
        var (code, output, _) = CliRunner.Run("analyze", "ukraine-2022", "-f", "json", "--top", "5");
        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        var listed = json.RootElement.GetProperty("result").GetProperty("best").GetProperty("packages").EnumerateArray().Select(b => b.GetProperty("nashProduct").GetDouble()).ToList();

        // The slow reference: every one of the 2.1·10^7 packages enumerated.
        var scenario = Parley.Core.Format.BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var reference = Parley.Bargaining.ExhaustiveAnalysis.Run(new Parley.Core.Evaluation.UtilityModel(scenario), 5);
        Assert.Equal(reference.AcceptableCount, json.RootElement.GetProperty("result").GetProperty("zone").GetProperty("acceptable").GetInt64());
        Assert.Equal(reference.BestByNash.Count, listed.Count);
        for (var i = 0; i < listed.Count; i++) Assert.Equal(reference.BestByNash[i].NashProduct, listed[i], 12);
    }
}

public class AnalyzeBuiltInRenderingTests
{
    /// <summary>The built-in scenario has non-required parties with preferences: every table renders over the right parties.</summary>
    [Theory]
    [InlineData("table")]
    [InlineData("markdown")]
    public void The_built_in_scenario_renders_every_part_of_the_analysis(string format)
    {
        var (code, output, error) = CliRunner.Run("analyze", "ukraine-2022", "-f", format);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("Zone of possible agreement", output);
        Assert.Contains("6,365", output);
        Assert.Contains("0.03 %", format == "table" ? output : "0.03 %");
        Assert.Contains("Nash", output);
        Assert.Contains("tradeable", output);
    }
}
