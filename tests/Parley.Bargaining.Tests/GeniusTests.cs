using Parley.Bargaining.Genius;
using Parley.Core.Diagnostics;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;
using Xunit;

namespace Parley.Bargaining.Tests;

public class GeniusTests
{
    private static string Data(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "GeniusData", .. parts]);

    private static Scenario Laptop() => GeniusImporter.Import(Data("Laptop", "Laptop-C-domain.xml"),
        [Data("Laptop", "Laptop-C-prof1.xml"), Data("Laptop", "Laptop-C-prof2.xml")]).GetOrThrow();

    [Fact]
    public void Laptop_values_are_evaluations_divided_by_the_best_of_their_issue()
    {
        var scenario = Laptop();
        Assert.Equal(["Laptop", "Harddisk", "External Monitor"], scenario.Issues.Select(i => i.Name));
        Assert.Equal(2, scenario.Parties.Count);
        Assert.Equal(scenario.Parties.Select(p => p.Id), scenario.Agreement.RequiredParties);
        var seller = scenario.Preferences[scenario.Parties[0].Id];
        // prof1: Laptop evaluations Dell 12, Macintosh 20, HP 30 → 0.4, 2/3, 1.
        Assert.Equal(0.4, seller.Value("laptop", "Dell"), 12);
        Assert.Equal(20.0 / 30, seller.Value("laptop", "Macintosh"), 12);
        Assert.Equal(1.0, seller.Value("laptop", "HP"), 12);
        Assert.Equal(0.4452125771655631, seller.Weight("laptop"), 15);

        var model = new UtilityModel(scenario);
        var package = Package.FromTerms(scenario, new Dictionary<string, string> { ["laptop"] = "Dell", ["harddisk"] = "60-Gb", ["external-monitor"] = "19-LCD" });
        // By hand from the XML: .4452125771655631·.4 + .37808251708013424·30/30 + .1767567099260568·30/30
        Assert.Equal(0.4452125771655631 * 0.4 + 0.37808251708013424 + 0.1767567099260568, model.Parties[0].Utility(package.Choices), 12);
        // prof2: Dell 12/30, 60 Gb 20/30, 19'' 3/3 with weights .378…, .176…, .445….
        Assert.Equal(0.37808251708013424 * 0.4 + 0.1767567099260568 * 20 / 30 + 0.4452125771655631, model.Parties[1].Utility(package.Choices), 12);
    }

    [Fact]
    public void Weights_summing_above_one_are_kept_and_utilities_capped_at_one_as_genius_caps_them()
    {
        // Laptop-C-prof1's weights sum to 1.0000518041717541; Genius (AdditiveUtilitySpace.getUtility) returns
        // min(1, Σ w·e), so its best package is worth exactly 1 there, and so here.
        var load = GeniusImporter.Import(Data("Laptop", "Laptop-C-domain.xml"),
            [Data("Laptop", "Laptop-C-prof1.xml"), Data("Laptop", "Laptop-C-prof2.xml")]);
        var warnings = load.Diagnostics.Where(d => d.Severity == Severity.Warning && d.Code == DiagnosticCodes.WeightSum).ToList();
        Assert.Equal(2, warnings.Count); // both profiles use the same three weights
        Assert.Contains("weights sum to 1.00005", warnings[0].Message);
        Assert.Contains("capped at 1", warnings[0].Message);
        Assert.EndsWith("Laptop-C-prof1.xml", warnings[0].Location!.File);

        var scenario = load.GetOrThrow();
        Assert.All(scenario.Preferences.Values, p => Assert.Equal(1.0, p.UtilityCap));
        var model = new UtilityModel(scenario);
        var prof1 = model.Parties[0];
        // prof1's best option on every issue: the plain sum is the weights' sum, the capped utility 1.
        var best = Enumerable.Range(0, scenario.Issues.Count)
            .Select(i => Enumerable.Range(0, scenario.Issues[i].Options.Count).MaxBy(o => prof1.Contribution(i, o))).ToArray();
        Assert.Equal(1.0000518041717541, Enumerable.Range(0, best.Length).Sum(i => prof1.Contribution(i, best[i])), 12);
        Assert.Equal(1.0, prof1.Utility(best));
        // The frontier's best point for prof1 is worth exactly 1 (the grid's unit), not 1.0000518.
        var frontier = ParetoFrontier.Compute(new BargainingProblem(model));
        Assert.Equal(UtilityGrid.ToGrid(1.0), frontier.Points.Max(p => p.Utilities[0]));
    }

    [Fact]
    public void Fifty_fifty_keeps_the_reservation_value_despite_the_discount_and_agrees_only_on_the_even_split()
    {
        var scenario = GeniusImporter.Import(Data("Fifty2013", "FiftyFifty2013_domain.xml"),
            [Data("Fifty2013", "FiftyFifty2013_prof1.xml"), Data("Fifty2013", "FiftyFifty2013_prof2.xml")]).GetOrThrow();
        Assert.All(scenario.Preferences.Values, p => Assert.Equal(0.5, p.Reservation.Value));
        Assert.All(GeniusImporter.DiscountFactors(scenario).Values, d => Assert.Equal(0.25, d));

        // Party 1 gets (10−k)/10 and party 2 k/10 for option k: only 50_50 gives both 0.5.
        var problem = new BargainingProblem(new UtilityModel(scenario));
        var count = ZopaCounter.Count(problem);
        Assert.Equal(1, (int)count.Exact);
        var frontier = ParetoFrontier.Compute(problem);
        Assert.Equal(11, frontier.Points.Count); // a straight line: nothing is dominated
        var nash = BargainingSolutions.All(frontier).Single(s => s.Kind == SolutionKind.Nash);
        Assert.Equal("50_50", scenario.Issues[0].Options[frontier.Packages(nash.Points.Single()).Single()[0]].Label);
    }

    [Fact]
    public void Itex_vs_cypress_imports_all_180_packages_and_agrees_with_enumeration()
    {
        var scenario = GeniusImporter.Import(Data("ItexvsCypressA", "ItexvsCypress-A-domain.xml"),
            [Data("ItexvsCypressA", "ItexvsCypress-A-prof1.xml"), Data("ItexvsCypressA", "ItexvsCypress-A-prof2.xml")]).GetOrThrow();
        Assert.Equal(180, scenario.PackageCount);
        var model = new UtilityModel(scenario);
        var reference = new BruteForce(model);
        var problem = new BargainingProblem(model);
        Assert.Equal(reference.Zone.Count, (int)ZopaCounter.Count(problem).Exact);
        var frontier = ParetoFrontier.Compute(problem);
        Assert.Equal(reference.Undominated(reference.Feasible).Select(BruteForce.Key).Order(),
            frontier.Points.SelectMany(frontier.Packages).Select(BruteForce.Key).Order());
        // Every option's value is its evaluation over the issue's best, so each issue has a value 1.
        Assert.All(scenario.Preferences.Values, p => Assert.All(p.Values.Values, v => Assert.Equal(1.0, v.Values.Max(q => q.Value), 12)));
    }

    [Fact]
    public void Malformed_files_give_located_errors()
    {
        var dir = Directory.CreateTempSubdirectory("parley-genius-").FullName;
        try
        {
            var domain = Data("Laptop", "Laptop-C-domain.xml");
            var broken = Path.Combine(dir, "broken.xml");
            File.WriteAllText(broken, "<utility_space>\n<objective>\n<issue name=\"Laptop\">\n</objective>");
            var result = GeniusImporter.Import(domain, [broken]);
            var syntax = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
            Assert.Equal(DiagnosticCodes.Syntax, syntax.Code);
            Assert.Equal(broken, syntax.Location!.File);
            Assert.Equal(4, syntax.Location.Line);

            var unknownValue = Path.Combine(dir, "unknown.xml");
            File.WriteAllText(unknownValue, File.ReadAllText(Data("Laptop", "Laptop-C-prof1.xml")).Replace("value=\"Macintosh\"", "value=\"Macintosch\""));
            result = GeniusImporter.Import(domain, [unknownValue]);
            Assert.False(result.Succeeded);
            var unknown = result.Diagnostics.First(d => d.Code == DiagnosticCodes.UnknownReference);
            Assert.Contains("Macintosch", unknown.Message);
            Assert.Contains("Macintosh", unknown.Message); // did you mean
            Assert.Equal(6, unknown.Location!.Line);
            Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.MissingValue && d.Message.Contains("'Macintosh'"));

            var badWeight = Path.Combine(dir, "weight.xml");
            File.WriteAllText(badWeight, File.ReadAllText(Data("Laptop", "Laptop-C-prof1.xml")).Replace("<weight index=\"2\" value=\"0.37808251708013424\">", "<weight index=\"2\" value=\"heavy\">"));
            result = GeniusImporter.Import(domain, [badWeight]);
            Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.OutOfRange && d.Path == "weight[2]" && d.Location!.Line > 1);

            result = GeniusImporter.Import(Path.Combine(dir, "missing.xml"), [badWeight]);
            Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.SourceUnreadable);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void River_valley_survives_a_round_trip_through_genius_with_the_same_utilities()
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "examples", "river-valley.yaml")).GetOrThrow();
        var export = GeniusExporter.Export(scenario);
        Assert.Contains(export.Losses, l => l.Contains("no-troops-at-south-ridge"));
        var dir = Directory.CreateTempSubdirectory("parley-genius-").FullName;
        try
        {
            var paths = export.Save(dir);
            var back = GeniusImporter.Import(paths[0], paths.Skip(1).ToList()).GetOrThrow();
            var original = new UtilityModel(scenario);
            var imported = new UtilityModel(back);
            Assert.Equal(scenario.Issues.Select(i => i.Id), back.Issues.Select(i => i.Id));
            foreach (var package in ExhaustiveAnalysisTests.AllPackages(original.OptionCounts))
                for (var p = 0; p < 2; p++)
                    Assert.Equal(original.Parties[p].Utility(package), imported.Parties[p].Utility(package), 12);
            Assert.Equal(0.5, back.Preferences["N"].Reservation.Value, 12);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Exported_scenarios_keep_their_zone_when_values_do_not_reach_one(int seed)
    {
        var scenario = Scenarios.Random(seed, new Scenarios.Shape(2, 2, 5, 2, 4, 0, 0, 0.1));
        var dir = Directory.CreateTempSubdirectory("parley-genius-").FullName;
        try
        {
            var export = GeniusExporter.Export(scenario);
            var paths = export.Save(dir);
            var back = GeniusImporter.Import(paths[0], paths.Skip(1).ToList()).GetOrThrow();
            back = back with { Agreement = new AgreementRule(back.Parties.Take(2).Select(p => p.Id).ToList()) };
            // Utilities are rescaled by a common factor per party, so a package exactly at a reservation
            // value may land a rounding error either side of it; those are not compared.
            var original = new BruteForce(new UtilityModel(scenario));
            if (export.Losses.Any(l => l.Contains("exceeds")))
            {
                // Genius cannot say "accept nothing": the loss is reported, and indeed nothing was acceptable.
                Assert.Empty(original.Zone);
                return;
            }
            bool Clear(int[] p) => original.Required.All(r => Math.Abs(r.Utility(p) - r.Reservation) > 1e-9);
            var before = original.Zone.Where(Clear).Select(BruteForce.Key);
            var after = new BruteForce(new UtilityModel(back)).Zone.Where(Clear).Select(BruteForce.Key);
            Assert.Equal(before, after);
            Assert.Equal(scenario.Parties.Select(p => p.Id), back.Parties.Select(p => p.Id));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    public static IEnumerable<object[]> Seeds => Scenarios.Seeds(15);
}
