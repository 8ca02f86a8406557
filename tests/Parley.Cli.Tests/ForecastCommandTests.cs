using System.Globalization;
using System.Text.Json;
using Parley.Cli.Infrastructure;
using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Forecast.Scenarios;
using Parley.Forecast.Smp;
using Xunit;

namespace Parley.Cli.Tests;

/// <summary><c>parley forecast</c> end to end, on the forecast engine's shipped test files.</summary>
public class ForecastCommandTests
{
    private static string RepositoryRoot => CliRunner.RepositoryRoot;

    private static string ForecastData(params string[] parts) =>
        Path.Combine([RepositoryRoot, "tests", "Parley.Forecast.Tests", "TestData", .. parts]);

    private static string Harbour => ForecastData("scenarios", "harbour.yaml");

    /// <summary>Writes a variant of the harbour scenario beside it (so its source file still resolves) and deletes it afterwards.</summary>
    private static (int ExitCode, string Out, string Error) RunOnVariant(Func<string, string> edit, params string[] args)
    {
        var file = Path.Combine(Path.GetDirectoryName(Harbour)!, $"variant-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, edit(File.ReadAllText(Harbour)));
        try
        {
            return CliRunner.Run(["forecast", file, .. args]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static JsonElement Parse(string output) => JsonDocument.Parse(output).RootElement.Clone();

    private static Dictionary<string, JsonElement> Actors(JsonElement root) =>
        root.GetProperty("actors").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);

    [Theory]
    [InlineData("smp")]
    [InlineData("eum")]
    public void A_cancelled_forecast_exits_130_without_a_stack_trace(string model)
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var console = new Spectre.Console.Testing.TestConsole();
        var error = new StringWriter();
        var code = Parley.Cli.ParleyApp.Run(["forecast", Harbour, "--model", model], new CliContext(console, error, ShowProgress: false), cancellation.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Contains("cancelled", error.ToString());
        Assert.DoesNotContain("   at ", error.ToString());
        Assert.DoesNotContain("Forecast", console.Output);
    }

    [Theory]
    [InlineData("smp")]
    [InlineData("eum")]
    public void Json_has_every_actors_path_starting_at_the_scenario_positions_and_staying_on_the_scale(string model)
    {
        var (code, output, error) = CliRunner.Run("forecast", Harbour, "--model", model, "--format", "json", "--no-pivotal");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        var root = Parse(output);
        Assert.Equal(model, root.GetProperty("engine").GetString());
        var rounds = root.GetProperty("rounds").GetInt32();
        Assert.True(rounds >= 1);
        var dims = root.GetProperty("dimensions").EnumerateArray().ToList();
        Assert.Equal(["island", "tolls"], dims.Select(d => d.GetProperty("id").GetString()));
        var actors = Actors(root);
        Assert.Equal(["E", "W", "L", "G"], actors.Keys);
        // Round 0 is the input written in harbour.yaml.
        var written = new Dictionary<string, (double Island, double Tolls)> { ["E"] = (100, 9), ["W"] = (40, 0), ["L"] = (50, 5), ["G"] = (50, 0) };
        foreach (var (name, (island, tolls)) in written)
        {
            var paths = actors[name].GetProperty("paths");
            Assert.Equal(rounds + 1, paths.GetProperty("island").GetArrayLength());
            Assert.Equal(island, paths.GetProperty("island")[0].GetDouble());
            Assert.Equal(tolls, paths.GetProperty("tolls")[0].GetDouble());
            Assert.All(paths.GetProperty("island").EnumerateArray(), p => Assert.InRange(p.GetDouble(), 0, 100));
            Assert.All(paths.GetProperty("tolls").EnumerateArray(), p => Assert.InRange(p.GetDouble(), 0, 10));
        }
        Assert.Equal(0.7, actors["E"].GetProperty("saliences").GetProperty("island").GetDouble());
        foreach (var d in dims)
            Assert.InRange(d.GetProperty("forecast").GetDouble(), d.GetProperty("min").GetDouble(), d.GetProperty("max").GetDouble());
        Assert.Equal("divided along the old breakwater", dims[0].GetProperty("anchors")[1].GetProperty("label").GetString());
    }

    [Fact]
    public void The_cli_forecast_is_the_engines_forecast_for_the_section()
    {
        var (code, output, _) = CliRunner.Run("forecast", Harbour, "-f", "json", "--no-pivotal");
        Assert.Equal(ExitCodes.Ok, code);
        var scenario = ScenarioLoader.LoadFile(Harbour).GetOrThrow();
        var section = SpatialSection.Read(scenario, new DiagnosticBag())!;
        var direct = new SmpEngine().Run(section.ToModel());
        var dims = Parse(output).GetProperty("dimensions");
        for (var d = 0; d < direct.Forecasts.Count; d++)
            Assert.Equal(direct.Forecasts[d].Forecast, dims[d].GetProperty("forecast").GetDouble());
    }

    [Theory]
    [InlineData("smp")]
    [InlineData("eum")]
    public void A_unanimous_scenario_does_not_move(string model)
    {
        var (code, output, error) = RunOnVariant(text => text
                .Replace("positions: {island: 100, tolls: 9}", "positions: {island: 30, tolls: 4}")
                .Replace("        island: 40\n        tolls: 0\n", "        island: 30\n        tolls: 4\n")
                .Replace("island: {value: 50, cite:", "island: {value: 30, cite:").Replace("tolls: [5, 2, 8]", "tolls: [4, 2, 8]")
                .Replace("positions: {island: 50, tolls: 0}", "positions: {island: 30, tolls: 4}"),
            "--model", model, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        var root = Parse(output);
        var dims = root.GetProperty("dimensions");
        Assert.Equal(30, dims[0].GetProperty("forecast").GetDouble(), 9);
        Assert.Equal(4, dims[1].GetProperty("forecast").GetDouble(), 9);
        foreach (var actor in Actors(root).Values)
        {
            Assert.All(actor.GetProperty("paths").GetProperty("island").EnumerateArray(), p => Assert.Equal(30, p.GetDouble(), 9));
            Assert.All(actor.GetProperty("paths").GetProperty("tolls").EnumerateArray(), p => Assert.Equal(4, p.GetDouble(), 9));
        }
    }

    [Fact]
    public void Table_output_shows_forecasts_paths_and_pivotal_actors()
    {
        var (code, output, error) = CliRunner.Run("forecast", Harbour);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        Assert.Contains("Forecast per dimension", output);
        Assert.Contains("The island: position per round", output);
        Assert.Contains("Pivotal actors", output);
        Assert.Contains("removed", output);
        Assert.Contains("Who moved whom", output);
    }

    [Fact]
    public void Markdown_output_is_a_report()
    {
        var (code, output, _) = CliRunner.Run("forecast", Harbour, "--model", "eum", "--format", "markdown", "--no-pivotal");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("# Forecast: harbour (expected-utility model)", output);
        Assert.Contains("## Forecast per dimension", output);
        Assert.Contains("| E | 100 |", output);
    }

    [Theory]
    [InlineData("smpExample_fixed.xml", 5)]
    [InlineData("dummyData_3Dim.xml", 7)]
    [InlineData("dummyData_3Dim.csv", 7)]
    [InlineData("SOE-Policy.csv", 0)]
    public void Forecasts_shipped_ktab_files(string file, int expectedActors)
    {
        var path = ForecastData("ktab", file);
        var (code, output, error) = CliRunner.Run("forecast", "--ktab", path, "--format", "json", "--no-pivotal");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        var root = Parse(output);
        Assert.Equal("smp", root.GetProperty("engine").GetString());
        var actors = root.GetProperty("actors").GetArrayLength();
        if (expectedActors > 0) Assert.Equal(expectedActors, actors);
        // A KTAB CSV's first line gives the actor count.
        if (file.EndsWith(".csv", StringComparison.Ordinal))
            Assert.Equal(int.Parse(File.ReadLines(path).First().Split(',')[2], CultureInfo.InvariantCulture), actors);
    }

    [Fact]
    public void Forecasts_a_bdm_file_with_the_expected_utility_model_by_default()
    {
        var path = ForecastData("bdm", "EU_emissions_BDM1994_ExampleActors.csv");
        var (code, output, _) = CliRunner.Run("forecast", "--bdm", path, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        var root = Parse(output);
        Assert.Equal("eum", root.GetProperty("engine").GetString());
        var rows = File.ReadLines(path).Skip(1).Where(l => l.Trim().Length > 0).Select(l => l.Split(',')).ToList();
        var actors = Actors(root);
        Assert.Equal(rows.Count, actors.Count);
        foreach (var row in rows)
            Assert.Equal(double.Parse(row[2], CultureInfo.InvariantCulture), actors[row[0]].GetProperty("paths").GetProperty("issue")[0].GetDouble());
        // Pivotal analysis: one "removed" and one "shifted" entry per actor.
        Assert.Equal(2 * rows.Count, root.GetProperty("pivotal").GetArrayLength());
    }

    [Fact]
    public void The_same_seed_reproduces_a_stochastic_run()
    {
        var path = ForecastData("ktab", "variants", "d3_StateTransitions-Stochastic.xml");
        var first = CliRunner.Run("forecast", "--ktab", path, "--seed", "7", "-f", "json", "--no-pivotal");
        var second = CliRunner.Run("forecast", "--ktab", path, "--seed", "7", "-f", "json", "--no-pivotal");
        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(first.Out, second.Out);
        Assert.Contains("seed=7", first.Out);
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".svg")]
    public void Draws_the_chart(string extension)
    {
        var chart = Path.Combine(Path.GetTempPath(), $"parley-forecast-{Guid.NewGuid():N}{extension}");
        try
        {
            var (code, output, _) = CliRunner.Run("forecast", Harbour, "--chart", chart, "--no-pivotal", "-f", "json");
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Equal(chart, Parse(output).GetProperty("chart").GetString());
            var bytes = File.ReadAllBytes(chart);
            if (extension == ".png") Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            else Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(bytes));
        }
        finally
        {
            File.Delete(chart);
        }
    }

    [Fact]
    public void A_broken_spatial_section_exits_2_with_every_error_located()
    {
        var (code, output, error) = RunOnVariant(text => text
            .Replace("positions: {island: 100, tolls: 9}", "positions: {island: 100, tolls: 12}")
            .Replace("    W:\n", "    WW:\n"), "--format", "json");
        Assert.Equal(ExitCodes.InvalidScenario, code);
        Assert.Equal("", output);
        Assert.Contains("the spatial section has 2 error(s)", error);
        Assert.Matches(@"variant-\w+\.yaml:\d+:\d+: error out-of-range: position 12 must lie in \[0, 10\] \[spatial\.actors\.E\.positions\.tolls\]", error);
        Assert.Contains("unknown party 'WW' (did you mean 'W'?)", error);
    }

    [Theory]
    [InlineData("smp")]
    [InlineData("eum")]
    public void The_built_in_scenario_settles_between_the_belligerents(string model)
    {
        var (code, output, error) = CliRunner.Run("forecast", "--model", model, "--format", "json", "--no-pivotal");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        var root = Parse(output);
        Assert.Equal("ukraine-2022", root.GetProperty("source").GetString());
        var actors = Actors(root);
        Assert.Equal(19, actors.Count);
        foreach (var dim in root.GetProperty("dimensions").EnumerateArray())
        {
            var id = dim.GetProperty("id").GetString()!;
            var forecast = dim.GetProperty("forecast").GetDouble();
            var start = actors.Values.Select(a => a.GetProperty("paths").GetProperty(id)[0].GetDouble()).ToList();
            // Positions are convex combinations in both models: the forecast lies within the initial span ...
            Assert.InRange(forecast, start.Min(), start.Max());
            // ... and is neither belligerent's ideal point.
            Assert.NotEqual(actors["UA"].GetProperty("paths").GetProperty(id)[0].GetDouble(), forecast, 6);
            Assert.NotEqual(actors["RU"].GetProperty("paths").GetProperty(id)[0].GetDouble(), forecast, 6);
        }
    }

    [Fact]
    public void A_scenario_without_a_spatial_section_exits_4()
    {
        var (code, _, error) = CliRunner.Run("forecast", CliRunner.Example("river-valley.yaml"));
        Assert.Equal(ExitCodes.AnalysisFailed, code);
        Assert.Contains("has no 'spatial' section", error);
    }

    [Fact]
    public void Ktabs_own_smp_example_with_its_empty_coordinate_exits_2_with_the_place()
    {
        // KTAB ships smpExample.xml with an empty <dCoord/> for Alice; smpExample_fixed.xml fills it in.
        var (code, output, error) = CliRunner.Run("forecast", "--ktab", ForecastData("ktab", "smpExample.xml"));
        Assert.Equal(ExitCodes.InvalidScenario, code);
        Assert.Equal("", output);
        Assert.Contains("smpExample.xml:32:10 (Scenario/Actors/Actor[1]/Position/dCoord[1]): position of 'Alice' on 'FirstDim' must be a number", error);
    }

    [Fact]
    public void A_malformed_ktab_file_exits_2_naming_file_and_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"parley-bad-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, "Bad,\"x\",2,1,\nActor,Description,Power,Pstn1,Sal1,\nA,a,10,50,40,\nB,b,ten,20,30,\n");
        try
        {
            var (code, _, error) = CliRunner.Run("forecast", "--ktab", file);
            Assert.Equal(ExitCodes.InvalidScenario, code);
            Assert.Contains(Path.GetFileName(file) + ":4", error);
            Assert.DoesNotContain("   at ", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(ExitCodes.UnknownName, "forecast", "--ktab", "no-such-file.xml")]
    [InlineData(ExitCodes.UnknownName, "forecast", "no-such-scenario")]
    [InlineData(ExitCodes.Usage, "forecast", "ukraine-2022", "--bdm", "x.csv")]
    [InlineData(ExitCodes.Usage, "forecast", "--model", "median")]
    [InlineData(ExitCodes.Usage, "forecast", "--chart", "paths.gif")]
    [InlineData(ExitCodes.Usage, "forecast", "--ktab", "scenario.txt")]
    [InlineData(ExitCodes.Usage, "forecast", "--seed", "-1")]
    public void Bad_usage_and_unknown_names_get_their_exit_codes(int expected, params string[] args)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.Equal(expected, code);
        Assert.StartsWith("parley: ", error);
    }

    [Fact]
    public void Smp_win_probabilities_per_round_are_in_json_and_the_table()
    {
        // KTAB's reference log of this scenario gives SActor-04 0.6001 and SActor-00 0.0047 in the initial state.
        var path = ForecastData("ktab", "dummyData_3Dim.csv");
        var (code, output, error) = CliRunner.Run("forecast", "--ktab", path, "--format", "json", "--no-pivotal");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        var root = Parse(output);
        var rounds = root.GetProperty("rounds").GetInt32();
        var actors = Actors(root);
        Assert.All(actors.Values, a => Assert.Equal(rounds + 1, a.GetProperty("winProbabilities").GetArrayLength()));
        Assert.Equal(0.6001, actors["SActor-04"].GetProperty("winProbabilities")[0].GetDouble(), 4);
        Assert.Equal(0.0047, actors["SActor-00"].GetProperty("winProbabilities")[0].GetDouble(), 4);

        var table = CliRunner.Run("forecast", "--ktab", path, "--no-pivotal");
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Contains("Probability that each actor's position wins", table.Out);
        Assert.Contains("0.6001", table.Out);

        // The EUM has no such probabilities (the JSON writer leaves nulls out).
        var eum = Parse(CliRunner.Run("forecast", "--ktab", path, "--model", "eum", "--format", "json", "--no-pivotal").Out);
        Assert.All(Actors(eum).Values, a => Assert.False(a.TryGetProperty("winProbabilities", out _)));
    }

    [Fact]
    public void Eum_variant_scholz_code_reproduces_the_python_reconstruction()
    {
        // Round 1 of dmasad/bdm-scholz-expected-utility-model on the EU emissions data (TestData/bdm/README.md):
        // Belgium moves to 8.415932315426764, Luxembourg to 7, Ireland to 4.
        var path = ForecastData("bdm", "EU_emissions_BDM1994_ExampleActors.csv");
        var (code, output, error) = CliRunner.Run("forecast", "--bdm", path, "--eum-variant", "scholz-code", "--format", "json", "--no-pivotal");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        var actors = Actors(Parse(output));
        var dim = Parse(output).GetProperty("dimensions")[0].GetProperty("id").GetString()!;
        Assert.Equal(8.415932315426764, actors["Belgium"].GetProperty("paths").GetProperty(dim)[1].GetDouble(), 9);
        Assert.Equal(7.0, actors["Luxembourg"].GetProperty("paths").GetProperty(dim)[1].GetDouble(), 9);
        Assert.Equal(4.0, actors["Ireland"].GetProperty("paths").GetProperty(dim)[1].GetDouble(), 9);
        Assert.Contains("Scholz-code form", output);

        var published = CliRunner.Run("forecast", "--bdm", path, "--eum-variant", "published", "--format", "json", "--no-pivotal");
        Assert.Equal(ExitCodes.Ok, published.ExitCode);
        Assert.NotEqual(output, published.Out);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("forecast", "--bdm", path, "--eum-variant", "masad").ExitCode);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("table")]
    public void A_capability_of_1e308_exits_2_with_the_place_in_every_format(string format)
    {
        // It used to exit 70 in JSON mode and print NaN/Infinity with exit 0 as a table.
        var file = Path.Combine(Path.GetTempPath(), $"parley-huge-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, "Big,x,2,1\nActor,Description,Power,P Position,P Salience\nA,a,1e308,50,40\nB,b,10,20,30\n");
        try
        {
            var (code, output, error) = CliRunner.Run("forecast", "--ktab", file, "--format", format, "--no-pivotal");
            Assert.Equal(ExitCodes.InvalidScenario, code);
            Assert.Equal("", output);
            Assert.Contains(Path.GetFileName(file) + ":3:3", error);
            Assert.Contains("capability 1E+308 is outside", error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
