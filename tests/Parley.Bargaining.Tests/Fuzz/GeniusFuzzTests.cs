using Xunit;
using Parley.Bargaining.Genius;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Fuzzing;

namespace Parley.Bargaining.Tests.Fuzz;

/// <summary>
/// Seeded mutation fuzzing of the Genius XML and GeniusWeb JSON importers: one of the domain and profile files is
/// mutated at a time; the import either gives a scenario that can be analysed or located error diagnostics. It never throws.
/// </summary>
public sealed class GeniusFuzzTests
{
    private static string GeniusData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "GeniusData", .. parts]);

    private static string SharedGeniusWeb(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) dir = dir.Parent;
        return Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "negotiation-domains", "Party-geniusweb", file));
    }

    private delegate LoadResult Importer(string domain, IReadOnlyList<string> profiles);

    private static string? Check(Importer import, string domain, IReadOnlyList<string> profiles)
    {
        LoadResult result;
        try
        {
            result = import(domain, profiles);
        }
        catch (Exception e)
        {
            return $"import threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
        foreach (var d in result.Diagnostics)
            if (string.IsNullOrWhiteSpace(d.Message) || (d.Location is null && string.IsNullOrEmpty(d.Path)))
                return $"diagnostic without a message or a place: {d}";
        if (!result.Succeeded)
            return result.Diagnostics.Any(d => d.Severity == Core.Diagnostics.Severity.Error) ? null : "no scenario and no error";
        try
        {
            var model = new UtilityModel(result.Scenario!);
            ProposalEvaluator.Evaluate(model, new Package(new int[result.Scenario!.Issues.Count]));
            ExhaustiveAnalysis.Run(model);
            return null;
        }
        catch (Exception e)
        {
            return $"the imported scenario broke the analysis: {e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
    }

    private static void Fuzz(Importer import, string[] files, int mutations)
    {
        var seeds = files.Select(File.ReadAllBytes).ToArray();
        var dir = Directory.CreateTempSubdirectory("parley-genius-fuzz-");
        try
        {
            // Same file names, so party names and messages look as they would for the originals.
            var paths = files.Select(f => Path.Combine(dir.FullName, Path.GetFileName(f))).ToArray();
            void Write(int mutated, byte[]? bytes)
            {
                for (var i = 0; i < files.Length; i++) File.WriteAllBytes(paths[i], i == mutated ? bytes! : seeds[i]);
            }
            Write(-1, null);
            Assert.True(import(paths[0], paths[1..]).Succeeded);
            var failures = new FuzzFailures(Path.GetFileName(files[0]));
            var imported = 0;
            foreach (var n in Mutator.SeedNumbers(mutations))
            {
                var target = n % files.Length;
                var bytes = Mutator.Mutate(seeds[target], n);
                Write(target, bytes);
                if (Check(import, paths[0], paths[1..]) is { } problem) failures.Add(n, $"[{Path.GetFileName(files[target])}]\n{Mutator.Text(bytes)}", problem);
                else if (import(paths[0], paths[1..]).Succeeded) imported++;
            }
            failures.AssertNone();
            Assert.InRange(imported, 1, mutations - mutations / 5);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Laptop", "Laptop-C-domain.xml", "Laptop-C-prof1.xml", "Laptop-C-prof2.xml")]
    [InlineData("ItexvsCypressA", "ItexvsCypress-A-domain.xml", "ItexvsCypress-A-prof1.xml", "ItexvsCypress-A-prof2.xml")]
    [InlineData("Fifty2013", "FiftyFifty2013_domain.xml", "FiftyFifty2013_prof1.xml", "FiftyFifty2013_prof2.xml")]
    public void Mutated_genius_xml_files_import_or_give_located_errors(string folder, string domain, string profile1, string profile2) =>
        Fuzz(GeniusImporter.Import, [GeniusData(folder, domain), GeniusData(folder, profile1), GeniusData(folder, profile2)], 300);

    [Fact]
    public void Mutated_geniusweb_json_files_import_or_give_located_errors() =>
        Fuzz(GeniusWebImporter.Import, [SharedGeniusWeb("party.json"), SharedGeniusWeb("party1.json"), SharedGeniusWeb("party2.json")], 600);
}

/// <summary>Minimal inputs of the crashes the fuzzing found in the Genius importers.</summary>
public sealed class GeniusRegressionTests
{
    /// <summary>JsonDocument accepted an invalid UTF-8 byte inside a string, and reading the string threw InvalidOperationException.</summary>
    [Fact]
    public void Invalid_utf8_in_a_geniusweb_string_is_a_located_syntax_error()
    {
        var dir = Directory.CreateTempSubdirectory("parley-genius-utf8-");
        try
        {
            var domain = Path.Combine(dir.FullName, "d.json");
            // Column 21 is the byte after ' "issuesValues": {"a'.
            File.WriteAllBytes(domain, [.. "{\"name\": \"d\",\n \"issuesValues\": {\"a"u8, 0xC3, 0x28, .. "\": {\"values\": [\"x\"]}}}"u8]);
            var profile = Path.Combine(dir.FullName, "p.json");
            File.WriteAllText(profile, "{}");
            var result = GeniusWebImporter.Import(domain, [profile]);
            Assert.False(result.Succeeded);
            var error = Assert.Single(result.Diagnostics, d => d.Severity == Core.Diagnostics.Severity.Error);
            Assert.Equal(new Core.Diagnostics.SourceLocation(domain, 2, 21), error.Location);
            Assert.Contains("not valid UTF-8", error.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
