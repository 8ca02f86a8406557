using System.Text;
using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Forecast.Eum;
using Parley.Forecast.Import;
using Parley.Forecast.Scenarios;
using Parley.Forecast.Smp;
using Parley.Fuzzing;

namespace Parley.Forecast.Tests.Fuzz;

/// <summary>
/// Seeded mutation fuzzing of the forecast importers (KTAB CSV and XML, BDM CSV: bad input is a
/// <see cref="ForecastInputException"/> with a file and a line or path) and of the scenario's <c>spatial</c>
/// section (bad input is located error diagnostics). Whatever reads must run through both engines.
/// </summary>
public sealed class ForecastFuzzTests
{
    /// <summary>Both engines on the model, bounded by a generous cancellation rather than a timing assertion.</summary>
    private static void Analyse(SpatialModel model)
    {
        if (model.Actors.Count > 40) return; // 80 actors take the engines a second; the reading is what is fuzzed
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        new SmpEngine().Run(model, null, cancel.Token);
        new EumEngine().Run(model, null, cancel.Token);
    }

    /// <param name="analyse">Whether to run the engines too: they cost far more than reading, so only the first models read of each seed are run.</param>
    private static string? Check(Func<string, SpatialModel> read, string text, bool analyse = true)
    {
        try
        {
            var model = read(text);
            if (analyse) Analyse(model);
            return null;
        }
        catch (ForecastInputException e)
        {
            if (e.Source_ != "fuzz") return $"ForecastInputException without the file: {e.Message}";
            if (e.Line is null && e.Path is null) return $"ForecastInputException without a line or a path: {e.Message}";
            return string.IsNullOrWhiteSpace(e.Reason) ? "ForecastInputException without a reason" : null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
    }

    private static void Fuzz(string file, Func<string, SpatialModel> read, int mutations)
    {
        var seed = File.ReadAllBytes(TestFiles.Path(file.Split('/')));
        Assert.True(Reads(read, Mutator.Text(seed)));
        Assert.Null(Check(read, Mutator.Text(seed)));
        var failures = new FuzzFailures(file);
        var read_ = 0;
        foreach (var n in Mutator.SeedNumbers(mutations))
        {
            var text = Mutator.Text(Mutator.Mutate(seed, n));
            if (Check(read, text, analyse: read_ < AnalysedPerSeed) is { } problem) failures.Add(n, text, problem);
            else if (Reads(read, text)) read_++;
        }
        failures.AssertNone();
        Assert.True(read_ > 0, "no mutation was read: the mutations test only the first checks");
    }

    private const int AnalysedPerSeed = 20;

    private static bool Reads(Func<string, SpatialModel> read, string text)
    {
        try { read(text); return true; }
        catch (ForecastInputException) { return false; }
    }

    [Theory]
    [InlineData("ktab/SOE-Policy.csv", 300)]
    [InlineData("ktab/SOE-Competitive.csv", 200)]
    [InlineData("ktab/dummyData_3Dim.csv", 300)]
    [InlineData("ktab/dummyData_6Dim.csv", 200)]
    [InlineData("ktab/dummyData-a080.csv", 100)]
    public void Mutated_ktab_csv_files_read_or_fail_with_a_located_error(string file, int mutations) =>
        Fuzz(file, text => KtabCsvReader.Read(text, "fuzz"), mutations);

    [Theory]
    [InlineData("ktab/smpExample_fixed.xml", 300)]
    [InlineData("ktab/dummyData_3Dim_fixed.xml", 300)]
    public void Mutated_ktab_xml_files_read_or_fail_with_a_located_error(string file, int mutations) =>
        Fuzz(file, text => KtabXmlReader.Read(text, "fuzz"), mutations);

    [Theory]
    [InlineData("bdm/China1989_ChinaData.csv", 250)]
    [InlineData("bdm/EU_emissions_BDM1994_ExampleActors.csv", 250)]
    [InlineData("bdm/HondurasNicaragua_HondurasCrisisData.csv", 250)]
    [InlineData("bdm/Sultan.csv", 250)]
    public void Mutated_bdm_csv_files_read_or_fail_with_a_located_error(string file, int mutations) =>
        Fuzz(file, text => BdmCsvReader.Read(text, "fuzz"), mutations);

    internal static string? CheckSpatialSection(string text)
    {
        try
        {
            var loaded = ScenarioLoader.LoadText(text, "fuzz.yaml");
            if (loaded.Scenario is null) return null; // the loader's own diagnostics are fuzzed in Parley.Core.Tests
            var bag = new DiagnosticBag();
            var section = SpatialSection.Read(loaded.Scenario, bag);
            foreach (var d in bag.Items)
                if (string.IsNullOrWhiteSpace(d.Message) || (d.Location is null && string.IsNullOrEmpty(d.Path)))
                    return $"diagnostic without a message or a place: {d}";
            if (section is null)
                return SpatialSection.IsPresent(loaded.Scenario) && !bag.HasErrors ? "no spatial section and no error" : null;
            Analyse(section.ToModel());
            return null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
    }

    private static void FuzzSpatial(string head, byte[] spatial, string tail, int mutations, string name)
    {
        Assert.Null(CheckSpatialSection(head + Mutator.Text(spatial) + tail));
        var failures = new FuzzFailures(name);
        foreach (var n in Mutator.SeedNumbers(mutations))
        {
            var mutated = Mutator.Text(Mutator.Mutate(spatial, n));
            if (CheckSpatialSection(head + mutated + tail) is { } problem) failures.Add(n, mutated, problem);
        }
        failures.AssertNone();
    }

    [Fact]
    public void Mutated_spatial_sections_read_or_give_located_errors()
    {
        var text = File.ReadAllText(TestFiles.Path("scenarios", "harbour.yaml"));
        var at = text.IndexOf("\nspatial:", StringComparison.Ordinal) + 1;
        FuzzSpatial(text[..at], Encoding.UTF8.GetBytes(text[at..]), "", 400, "spatial section of harbour.yaml");
    }

    [Fact]
    public void Mutated_spatial_sections_of_the_built_in_scenario_read_or_give_located_errors()
    {
        var text = BuiltInScenarios.ReadText(BuiltInScenarios.Default);
        var from = text.IndexOf("\nspatial:", StringComparison.Ordinal) + 1;
        var to = text.IndexOf("\nconflict:", StringComparison.Ordinal) + 1;
        Assert.True(from > 0 && to > from);
        FuzzSpatial(text[..from], Encoding.UTF8.GetBytes(text[from..to]), text[to..], 120, "spatial section of the built-in scenario");
    }
}
