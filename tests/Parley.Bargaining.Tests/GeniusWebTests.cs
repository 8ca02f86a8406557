using System.Text.Json;
using Parley.Bargaining.Genius;
using Parley.Core.Diagnostics;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;
using Xunit;

namespace Parley.Bargaining.Tests;

public class GeniusWebTests
{
    /// <summary>The GeniusWeb Party sample beside the repository (../shared/negotiation-domains/Party-geniusweb).</summary>
    private static string Party(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "negotiation-domains", "Party-geniusweb", file));
    }

    private static Scenario PartyScenario() => GeniusWebImporter.Import(Party("party.json"), [Party("party1.json"), Party("party2.json")]).GetOrThrow();

    private static Package Terms(Scenario scenario, params string[] labels) =>
        new(scenario.Issues.Select((issue, i) => issue.Options.Single(o => o.Label == labels[i]) is var o ? issue.Options.ToList().IndexOf(o) : -1).ToArray());

    [Fact]
    public void Party_imports_issues_in_domain_order_and_parties_named_after_their_profiles()
    {
        var scenario = PartyScenario();
        Assert.Equal(["Food", "Drinks", "Location", "Invitations", "Music", "Cleanup"], scenario.Issues.Select(i => i.Name));
        Assert.Equal(["Chips and Nuts", "Finger-Food", "Handmade Food", "Catering"], scenario.Issues[0].Options.Select(o => o.Label));
        Assert.Equal(["party1", "party2"], scenario.Parties.Select(p => p.Id));
        Assert.Equal(["party1", "party2"], scenario.Agreement.RequiredParties);
        Assert.Equal(4 * 4 * 4 * 4 * 3 * 4, scenario.PackageCount);
        Assert.Equal(3072, scenario.PackageCount);
        // Value utilities are kept as written: no division by the issue's best (party1's best Food is 0.75).
        Assert.Equal(0.75, scenario.Preferences["party1"].Value("food", "Chips-and-Nuts"), 15);
        Assert.Equal(0.19, scenario.Preferences["party1"].Weight("food"), 15);
    }

    [Fact]
    public void Utilities_of_two_packages_match_the_json_numbers_by_hand()
    {
        var scenario = PartyScenario();
        var model = new UtilityModel(scenario);
        // A: Chips and Nuts, Beer Only, Party Room, Custom Handmade, DJ, Specialized Materials.
        var a = Terms(scenario, "Chips and Nuts", "Beer Only", "Party Room", "Custom, Handmade", "DJ", "Specialized Materials");
        // party1: .19·.75 + .28·.98 + .19·.99 + .05·1 + .19·.99 + .10·.96 = .1425 + .2744 + .1881 + .05 + .1881 + .096
        Assert.Equal(0.9391, model.Parties[0].Utility(a.Choices), 12);
        // party2: .095·.24 + .228·.22 + .109·.99 + .214·.12 + .108·.32 + .246·.36 = .0228 + .05016 + .10791 + .02568 + .03456 + .08856
        Assert.Equal(0.32967, model.Parties[1].Utility(a.Choices), 12);

        // B: Catering, Handmade Cocktails, Party Room, Custom Printed, MP3, Water and Soap.
        var b = Terms(scenario, "Catering", "Handmade Cocktails", "Party Room", "Custom, Printed", "MP3", "Water and Soap");
        // party1: .0475 + .18816 + .1881 + .024 + .1235 + .065
        Assert.Equal(0.63626, model.Parties[0].Utility(b.Choices), 12);
        // party2: .09215 + .228 + .10791 + .20972 + .10152 + .246
        Assert.Equal(0.9853, model.Parties[1].Utility(b.Choices), 12);

        // Reservation values are the utilities of the reservation bids.
        // party1 (Handmade Food, Handmade Cocktails, Party Tent, Custom Printed, Band, Special Equiment): .0969 + .18816 + .0988 + .024 + .0665 + .032
        Assert.Equal(0.50636, model.Parties[0].Reservation, 12);
        // party2 (Finger-Food, Non-Alcoholic, Party Tent, Photo, Band, Specialized Materials): .0494 + .07524 + .0327 + .05136 + .06912 + .08856
        Assert.Equal(0.36638, model.Parties[1].Reservation, 12);
        Assert.True(ProposalEvaluator.Evaluate(model, b).AcceptedByAllRequired);
        Assert.False(ProposalEvaluator.Evaluate(model, a).AcceptedByAllRequired); // party2 .32967 < .36638
    }

    /// <summary>Utility of every package straight from the JSON, without the importer.</summary>
    private static (double[] Utilities, double Reservation) FromJson(string profile, string[] issues, string[][] values)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(profile));
        var space = json.RootElement.GetProperty("LinearAdditiveUtilitySpace");
        double U(int i, string value) => space.GetProperty("issueWeights").GetProperty(issues[i]).GetDouble()
            * space.GetProperty("issueUtilities").GetProperty(issues[i]).GetProperty("discreteutils").GetProperty("valueUtilities").GetProperty(value).GetDouble();
        var reservation = 0.0;
        var bid = space.GetProperty("reservationBid").GetProperty("issuevalues");
        for (var i = 0; i < issues.Length; i++) reservation += U(i, bid.GetProperty(issues[i]).GetString()!);
        var all = new List<double>();
        void Walk(int i, double sum)
        {
            if (i == issues.Length) { all.Add(sum); return; }
            foreach (var v in values[i]) Walk(i + 1, sum + U(i, v));
        }
        Walk(0, 0);
        return (all.ToArray(), reservation);
    }

    [Fact]
    public void Zone_of_agreement_matches_a_count_straight_from_the_json()
    {
        using var domain = JsonDocument.Parse(File.ReadAllText(Party("party.json")));
        var issues = domain.RootElement.GetProperty("issuesValues").EnumerateObject().Select(p => p.Name).ToArray();
        var values = domain.RootElement.GetProperty("issuesValues").EnumerateObject()
            .Select(p => p.Value.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToArray()).ToArray();
        var (u1, r1) = FromJson(Party("party1.json"), issues, values);
        var (u2, r2) = FromJson(Party("party2.json"), issues, values);
        Assert.Equal(3072, u1.Length);
        var expected = u1.Zip(u2).Count(p => p.First >= r1 - 1e-12 && p.Second >= r2 - 1e-12);

        var problem = new BargainingProblem(new UtilityModel(PartyScenario()));
        Assert.Equal(expected, (int)ZopaCounter.Count(problem).Exact);
        Assert.InRange(expected, 1, 3071); // the sample is neither trivial nor hopeless
    }

    [Fact]
    public void Number_issues_interpolate_between_the_low_and_high_utility()
    {
        var dir = Directory.CreateTempSubdirectory("parley-gw-").FullName;
        try
        {
            var domain = Path.Combine(dir, "d.json");
            File.WriteAllText(domain, """{"name": "n", "issuesValues": {"price": {"range": {"low": 10, "high": 20, "step": 2.5}}, "colour": {"values": ["red", "blue"]}}}""");
            var profile = Path.Combine(dir, "p.json");
            File.WriteAllText(profile, """
                {"LinearAdditiveUtilitySpace": {"name": "buyer",
                  "issueUtilities": {"price": {"numberutils": {"lowValue": 10, "lowUtility": 1, "highValue": 20, "highUtility": 0.2}},
                                     "colour": {"discreteutils": {"valueUtilities": {"red": 1, "blue": 0.5}}}},
                  "issueWeights": {"price": 0.6, "colour": 0.4},
                  "domain": {"name": "n", "issuesValues": {"price": {"range": {"low": 10, "high": 20, "step": 2.5}}, "colour": {"values": ["red", "blue"]}}},
                  "reservationBid": {"issuevalues": {"price": 15, "colour": "blue"}}}}
                """);
            var scenario = GeniusWebImporter.Import(domain, [profile]).GetOrThrow();
            Assert.Equal(["10", "12.5", "15", "17.5", "20"], scenario.Issues[0].Options.Select(o => o.Label));
            var buyer = scenario.Preferences["buyer"];
            // 1 + (0.2 − 1)·(x − 10)/10: 10 → 1, 12.5 → 0.8, 15 → 0.6, 17.5 → 0.4, 20 → 0.2
            Assert.Equal([1, 0.8, 0.6, 0.4, 0.2], scenario.Issues[0].Options.Select(o => buyer.Value("price", o.Id)).ToArray(), new Tolerance(1e-12));
            // Reservation: 0.6·0.6 + 0.4·0.5
            Assert.Equal(0.56, buyer.Reservation.Value, 12);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;
        public int GetHashCode(double obj) => 0;
    }

    /// <summary>Imports party.json with a changed copy of party1.json; returns the diagnostics and the copy's text.</summary>
    private static (IReadOnlyList<Diagnostic> Diagnostics, string Path, string Text) Broken(Func<string, string> change, string dir, string name = "party1.json")
    {
        var text = change(File.ReadAllText(Party("party1.json")));
        Assert.NotEqual(File.ReadAllText(Party("party1.json")), text); // the change applied
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        var result = GeniusWebImporter.Import(Party("party.json"), [path, Party("party2.json")]);
        Assert.False(result.Succeeded);
        Assert.Null(result.Scenario);
        return (result.Diagnostics, path, text);
    }

    private static int LineOf(string text, string fragment) =>
        text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void Malformed_profiles_get_errors_with_file_line_and_json_path()
    {
        var dir = Directory.CreateTempSubdirectory("parley-gw-").FullName;
        try
        {
            // Weights not summing to 1 (Food 0.19 → 0.29: sum 1.10).
            var (diagnostics, path, text) = Broken(t => t.Replace("\"Food\": 0.19,", "\"Food\": 0.29,"), dir);
            var sum = Assert.Single(diagnostics, d => d.Severity == Severity.Error);
            Assert.Equal(DiagnosticCodes.WeightSum, sum.Code);
            Assert.Equal("$.LinearAdditiveUtilitySpace.issueWeights", sum.Path);
            Assert.Contains("1.10", sum.Message);
            Assert.Equal(path, sum.Location!.File);
            Assert.Equal(LineOf(text, "\"issueWeights\""), sum.Location.Line);

            // A value the domain does not have, with a suggestion.
            (diagnostics, _, text) = Broken(t => t.Replace("\"Chips and Nuts\": 0.75", "\"Chips and Nutz\": 0.75"), dir);
            var unknown = Assert.Single(diagnostics, d => d.Code == DiagnosticCodes.UnknownReference);
            Assert.Equal("$.LinearAdditiveUtilitySpace.issueUtilities.Food.discreteutils.valueUtilities['Chips and Nutz']", unknown.Path);
            Assert.Contains("Chips and Nuts", unknown.Message);
            Assert.Equal(LineOf(text, "\"Chips and Nutz\""), unknown.Location!.Line);

            // An issue the domain does not have, in the weights.
            (diagnostics, _, text) = Broken(t => t.Replace("\"Food\": 0.19,", "\"Fod\": 0.19,"), dir);
            var issue = Assert.Single(diagnostics, d => d.Code == DiagnosticCodes.UnknownReference);
            Assert.Equal("$.LinearAdditiveUtilitySpace.issueWeights.Fod", issue.Path);
            Assert.Contains("Food", issue.Message);
            Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.MissingValue && d.Message.Contains("'Food'"));

            // A utility outside [0, 1].
            (diagnostics, _, text) = Broken(t => t.Replace("\"DJ\": 0.99", "\"DJ\": 1.5"), dir);
            var range = Assert.Single(diagnostics, d => d.Severity == Severity.Error);
            Assert.Equal(DiagnosticCodes.OutOfRange, range.Code);
            Assert.Equal("$.LinearAdditiveUtilitySpace.issueUtilities.Music.discreteutils.valueUtilities.DJ", range.Path);
            Assert.Equal(LineOf(text, "\"DJ\": 1.5"), range.Location!.Line);

            // A profile for another domain: its embedded domain has a value the domain file lacks.
            (diagnostics, _, _) = Broken(t => t.Replace("\"Band\"\n", "\"Orchestra\"\n").Replace("\"Band\"\r\n", "\"Orchestra\"\r\n"), dir);
            var mismatch = Assert.Single(diagnostics, d => d.Severity == Severity.Error);
            Assert.Equal("$.LinearAdditiveUtilitySpace.domain.issuesValues.Music", mismatch.Path);
            Assert.Contains("'Orchestra' only in the profile's domain", mismatch.Message);
            Assert.Contains("'Band' only in the domain file", mismatch.Message);

            // A reservation bid naming an unknown value.
            (diagnostics, _, _) = Broken(t => t.Replace("\"Music\": \"Band\"", "\"Music\": \"Bnd\""), dir);
            var bid = Assert.Single(diagnostics, d => d.Severity == Severity.Error);
            Assert.Equal("$.LinearAdditiveUtilitySpace.reservationBid.issuevalues.Music", bid.Path);
            Assert.Contains("Band", bid.Message);

            // Malformed JSON: a missing comma, reported at its line.
            (diagnostics, path, text) = Broken(t => t.Replace("\"Drinks\": 0.28,", "\"Drinks\": 0.28"), dir);
            var syntax = Assert.Single(diagnostics);
            Assert.Equal(DiagnosticCodes.Syntax, syntax.Code);
            Assert.Equal(path, syntax.Location!.File);
            Assert.Equal(LineOf(text, "\"Drinks\": 0.28\n") + 1, syntax.Location.Line);

            // Another profile type.
            (diagnostics, _, _) = Broken(_ => """{"SumOfGroupsUtilitySpace": {}}""", dir);
            Assert.Contains("LinearAdditiveUtilitySpace", Assert.Single(diagnostics).Message);

            // Duplicate member.
            (diagnostics, _, _) = Broken(t => t.Replace("\"Food\": 0.19,", "\"Food\": 0.19, \"Food\": 0.19,"), dir);
            Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.DuplicateId && d.Path == "$.LinearAdditiveUtilitySpace.issueWeights.Food");
            // ... also where the reader looks a key up by name (it used to take one of the two silently).
            (diagnostics, _, text) = Broken(t => t.Replace("\"name\": \"party1\",", "\"name\": \"party1\",\n\"name\": \"other\","), dir);
            var twice = Assert.Single(diagnostics);
            Assert.Equal(DiagnosticCodes.DuplicateId, twice.Code);
            Assert.Equal("$.LinearAdditiveUtilitySpace.name", twice.Path);
            Assert.Equal(LineOf(text, "\"name\": \"other\""), twice.Location!.Line);

            // Missing file.
            var missing = GeniusWebImporter.Import(Path.Combine(dir, "nope.json"), [Party("party1.json")]);
            Assert.Contains(missing.Diagnostics, d => d.Code == DiagnosticCodes.SourceUnreadable);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Diagnostics_print_file_line_and_path()
    {
        var dir = Directory.CreateTempSubdirectory("parley-gw-").FullName;
        try
        {
            var (diagnostics, path, text) = Broken(t => t.Replace("\"Food\": 0.19,", "\"Food\": 0.29,"), dir);
            var printed = diagnostics.Single().ToString();
            Assert.StartsWith($"{path}:{LineOf(text, "\"issueWeights\"")}:", printed);
            Assert.EndsWith("[$.LinearAdditiveUtilitySpace.issueWeights]", printed);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_missing_reservation_bid_means_reservation_zero()
    {
        var dir = Directory.CreateTempSubdirectory("parley-gw-").FullName;
        try
        {
            var text = File.ReadAllText(Party("party2.json"));
            var cut = text.IndexOf(",\n\t\t\"reservationBid\"", StringComparison.Ordinal);
            Assert.True(cut > 0);
            var path = Path.Combine(dir, "party2.json");
            File.WriteAllText(path, text[..cut] + "\n\t}\n}\n");
            var scenario = GeniusWebImporter.Import(Party("party.json"), [Party("party1.json"), path]).GetOrThrow();
            Assert.Equal(0, scenario.Preferences["party2"].Reservation.Value);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Party_survives_a_round_trip_through_the_exporter()
    {
        var scenario = PartyScenario();
        var export = GeniusWebExporter.Export(scenario);
        Assert.Empty(export.Losses);
        var dir = Directory.CreateTempSubdirectory("parley-gw-").FullName;
        try
        {
            var paths = export.Save(dir);
            var back = GeniusWebImporter.Import(paths[0], paths.Skip(1).ToList()).GetOrThrow();
            Assert.Equal(scenario.Parties.Select(p => p.Id), back.Parties.Select(p => p.Id));
            Assert.Equal(scenario.Issues.Select(i => i.Id), back.Issues.Select(i => i.Id));
            var original = new UtilityModel(scenario);
            var imported = new UtilityModel(back);
            foreach (var package in ExhaustiveAnalysisTests.AllPackages(original.OptionCounts))
                for (var p = 0; p < 2; p++)
                    Assert.Equal(original.Parties[p].Utility(package), imported.Parties[p].Utility(package), 12);
            // The reservation bid is written back as one whose utility is the reservation value (party1's own bid, or a tie).
            for (var p = 0; p < 2; p++) Assert.Equal(original.Parties[p].Reservation, imported.Parties[p].Reservation, 12);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Exported_scenarios_keep_their_zone_of_agreement(int seed)
    {
        var scenario = Scenarios.Random(seed, new Scenarios.Shape(2, 2, 5, 2, 4, 0, 0, 0.1));
        var dir = Directory.CreateTempSubdirectory("parley-gw-").FullName;
        try
        {
            var export = GeniusWebExporter.Export(scenario);
            var paths = export.Save(dir);
            var back = GeniusWebImporter.Import(paths[0], paths.Skip(1).ToList()).GetOrThrow();
            back = back with { Agreement = new AgreementRule(scenario.Agreement.RequiredParties) };
            var original = new BruteForce(new UtilityModel(scenario));
            if (export.Losses.Any(l => l.Contains("exceeds")))
            {
                Assert.Empty(original.Zone); // GeniusWeb cannot say "accept nothing": reported, and nothing was acceptable
                return;
            }
            // Weights are divided by their sum, so utilities scale per party; packages within rounding of a reservation value are not compared.
            bool Clear(int[] p) => original.Required.All(r => Math.Abs(r.Utility(p) - r.Reservation) > 1e-9);
            var after = new BruteForce(new UtilityModel(back));
            Assert.Equal(original.Zone.Where(Clear).Select(BruteForce.Key), after.Zone.Where(Clear).Select(BruteForce.Key));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    public static IEnumerable<object[]> Seeds => Scenarios.Seeds(15);
}
