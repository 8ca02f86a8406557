using System.Text.Json;
using System.Text.RegularExpressions;
using Parley.Cli.Infrastructure;
using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Core.Model;
using Parley.Stability.Model;
using Parley.Stability.Scenarios;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Parley.Cli.Tests;

/// <summary>
/// The second complete teaching scenario, docs/examples/tasovar-enclave.yaml: every engine runs on it end to
/// end, its quotes come from its own briefing, and its headline facts (zone sizes over time, blockers, the
/// Nash equilibria of its conflict and which of them the status quo can reach) are recomputed here by brute
/// force from the loaded model, straight from the definitions, and compared with what the commands print.
/// </summary>
public class SecondExampleTests
{
    private static readonly string ExampleFile = CliRunner.Example("tasovar-enclave.yaml");
    private static readonly string BriefingFile = CliRunner.Example("tasovar-enclave-briefing.txt");

    private static Scenario LoadScenario()
    {
        var result = ScenarioLoader.LoadFile(ExampleFile);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Scenario!;
    }

    private static JsonElement RunJson(params string[] args)
    {
        var (code, output, error) = CliRunner.Run([.. args, "--format", "json"]);
        Assert.True(code == ExitCodes.Ok, $"parley {string.Join(' ', args)} exited {code}: {error}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }

    // ---- the file and its briefing ----

    [Fact]
    public void Every_quote_occurs_verbatim_in_the_briefing()
    {
        // Read the YAML as plain YAML (not through Parley's loader) and collect every quote anywhere, engine
        // sections included. Only runs of whitespace are normalised (the briefing wraps its lines); unlike the
        // loader's matcher, hyphens and quote marks must match exactly.
        static string Collapse(string s) => Regex.Replace(s, @"\s+", " ").Trim();
        var briefing = Collapse(File.ReadAllText(BriefingFile));
        var yaml = new YamlStream();
        using (var reader = new StreamReader(ExampleFile)) yaml.Load(reader);
        var citations = new List<(string Source, string Quote)>();
        Collect(yaml.Documents[0].RootNode, citations);

        Assert.True(citations.Count >= 80, $"expected the example to cite the briefing throughout, found {citations.Count} quotes");
        Assert.All(citations, c => Assert.Equal("briefing", c.Source));
        var missing = citations.Where(c => !briefing.Contains(Collapse(c.Quote), StringComparison.Ordinal)).Select(c => c.Quote).Distinct().ToList();
        Assert.True(missing.Count == 0, "quotes not in the briefing:\n" + string.Join("\n", missing));

        static void Collect(YamlNode node, List<(string, string)> into)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    if (map.Children.TryGetValue(new YamlScalarNode("quote"), out var quote))
                        into.Add((((YamlScalarNode)map.Children[new YamlScalarNode("source")]).Value!, ((YamlScalarNode)quote).Value!));
                    foreach (var child in map.Children.Values) Collect(child, into);
                    break;
                case YamlSequenceNode list:
                    foreach (var child in list.Children) Collect(child, into);
                    break;
            }
        }
    }

    [Fact]
    public void Validates_without_errors_or_warnings_and_cites_every_actor_option_position_and_date()
    {
        var (code, output, error) = CliRunner.Run("validate", ExampleFile);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        Assert.Contains("0 warning(s)", output);

        var scenario = LoadScenario();
        Assert.Equal(6, scenario.Parties.Count);
        Assert.Equal(6, scenario.Issues.Count);
        Assert.All(scenario.Parties, p => Assert.NotEmpty(p.Citations));
        Assert.All(scenario.Issues, i => Assert.NotEmpty(i.Citations));
        Assert.All(scenario.Positions, p => Assert.NotEmpty(p.Citations));
        Assert.All(scenario.Proposals, p => Assert.NotEmpty(p.Citations));
        Assert.All(scenario.Snapshots, s => Assert.NotEmpty(s.Citations));
        // Every role the format knows except observer, and some proposals left partial.
        Assert.Equal([PartyRole.Belligerent, PartyRole.Backer, PartyRole.Mediator, PartyRole.Guarantor],
            scenario.Parties.Select(p => p.Role).Distinct().Order());
        Assert.Contains(scenario.Proposals, p => p.Terms.Count < scenario.Issues.Count);

        var bag = new DiagnosticBag();
        var conflict = ConflictSection.Read(scenario, bag);
        Assert.NotNull(conflict);
        Assert.Empty(bag.Items);
        foreach (var (dm, index) in conflict!.Conflict.DecisionMakers.Select((d, i) => (d, i)))
            foreach (var option in dm.Options.Select(o => conflict.OptionIds[o]))
                Assert.Contains(conflict.Citations, c => c.Path.StartsWith($"conflict.decision_makers.{dm.Name}.options.{option}", StringComparison.Ordinal));
    }

    // ---- every command runs ----

    public static TheoryData<string[]> Commands => new()
    {
        { ["show", "{file}"] },
        { ["analyze", "{file}", "--top", "3"] },
        { ["zone", "{file}", "--size", "5"] },
        { ["zone", "{file}", "--sample", "4", "--seed", "3"] },
        { ["evaluate", "lake-council-framework", "--file", "{file}"] },
        { ["evaluate", "--file", "{file}", "--terms", "status=autonomy,troops=phased"] },
        { ["bridge", "lake-council-framework", "--file", "{file}"] },
        { ["bridge", "dovranian-memorandum", "--file", "{file}", "--author", "DV"] },
        { ["stability", "{file}", "--status-quo", "default"] },
        { ["stability", "{file}", "--explain", "tv_referendum"] },   // the status quo; `--explain default` is refused (exit 3)
        { ["stability", "{file}", "--inverse", "33", "--concept", "Nash"] },
        { ["forecast", "{file}", "--model", "smp"] },
        { ["forecast", "{file}", "--model", "eum"] },
        { ["robustness", "{file}", "-n", "300", "--seed", "5"] },
        { ["timeline", "{file}"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_runs_on_the_example(string[] args)
    {
        var resolved = args.Select(a => a == "{file}" ? ExampleFile : a).ToArray();
        var (code, output, error) = CliRunner.Run(resolved);
        Assert.True(code == ExitCodes.Ok, $"parley {string.Join(' ', args)} exited {code}: {error}");
        Assert.True(output.Length > 200, $"parley {string.Join(' ', args)} printed almost nothing: {output}");
    }

    [Fact]
    public void Report_writes_every_section_for_the_example()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"parley-tasovar-{Guid.NewGuid():N}");
        try
        {
            var report = RunJson("report", ExampleFile, "--out", dir, "-n", "200", "--seed", "2", "--no-pdf");
            var html = File.ReadAllText(report.GetProperty("html").GetString()!);
            foreach (var section in new[] { "proposals", "zone", "bridging", "robustness", "sensitivity", "timeline", "stability", "forecast" })
                Assert.Contains($"section id=\"{section}\"", html);
            Assert.Contains("The Tasovar question", html);
            Assert.All(report.GetProperty("charts").EnumerateArray(), c => Assert.True(File.Exists(c.GetString())));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Forecasts_stay_on_the_scales_and_keep_every_actor()
    {
        foreach (var model in new[] { "smp", "eum" })
        {
            var forecast = RunJson("forecast", ExampleFile, "--model", model, "--no-pivotal");
            Assert.Equal(2, forecast.GetProperty("dimensions").GetArrayLength());
            Assert.Equal(["KR", "TV", "DV", "LC", "HV", "CU"], forecast.GetProperty("actors").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
            foreach (var dimension in forecast.GetProperty("dimensions").EnumerateArray())
            {
                var value = dimension.GetProperty("forecast").GetDouble();
                Assert.InRange(value, 0, 100);
            }
        }
    }

    // ---- bargaining facts, by brute force ----

    /// <summary>Every complete package, as issue id → option id.</summary>
    private static List<Dictionary<string, string>> AllPackages(Scenario scenario)
    {
        var packages = new List<Dictionary<string, string>> { new() };
        foreach (var issue in scenario.Issues)
            packages = packages.SelectMany(p => issue.Options.Select(o => new Dictionary<string, string>(p) { [issue.Id] = o.Id })).ToList();
        return packages;
    }

    /// <summary>The definition: no red line hit and Σ weight·value ≥ reservation.</summary>
    private static bool Accepts(PartyPreferences prefs, IReadOnlyDictionary<string, string> package)
    {
        var utility = package.Sum(choice => prefs.Weight(choice.Key) * prefs.Value(choice.Key, choice.Value));
        var hitsRedLine = prefs.RedLines.Any(line => line.Conditions.All(c => c.OptionIds.Contains(package[c.IssueId])));
        return !hitsRedLine && utility >= prefs.Reservation.Value - 1e-9;
    }

    /// <summary>Each party's preferences as of a date: its latest snapshot entry at or before then, else the main ones.</summary>
    private static Dictionary<string, PartyPreferences> PreferencesAsOf(Scenario scenario, PartialDate date)
    {
        var prefs = new Dictionary<string, PartyPreferences>(scenario.Preferences);
        foreach (var snapshot in scenario.Snapshots.Where(s => s.Date.FirstDay <= date.FirstDay).OrderBy(s => s.Date.FirstDay))
            foreach (var (party, p) in snapshot.Preferences) prefs[party] = p;
        return prefs;
    }

    private static int ZoneSize(Scenario scenario, IReadOnlyDictionary<string, PartyPreferences> prefs) =>
        AllPackages(scenario).Count(p => scenario.Agreement.RequiredParties.All(party => Accepts(prefs[party], p)));

    [Fact]
    public void The_zone_of_agreement_shrinks_over_the_snapshots_as_a_brute_force_count_says()
    {
        var scenario = LoadScenario();
        Assert.Equal(972, AllPackages(scenario).Count);

        var timeline = RunJson("timeline", ExampleFile);
        var points = timeline.GetProperty("result").GetProperty("points").EnumerateArray().ToList();
        Assert.NotEmpty(points);
        foreach (var point in points)
        {
            var date = PartialDate.TryParse(point.GetProperty("date").GetString()!, out _)!.Value;
            Assert.Equal(ZoneSize(scenario, PreferencesAsOf(scenario, date)), point.GetProperty("zoneOfAgreement").GetInt32());
        }

        // At the snapshot dates the zone is non-trivial at first and shrinks strictly as positions harden.
        var bySnapshot = scenario.Snapshots.OrderBy(s => s.Date.FirstDay).Select(s => ZoneSize(scenario, PreferencesAsOf(scenario, s.Date))).ToList();
        Assert.Equal(3, bySnapshot.Count);
        Assert.InRange(bySnapshot[0], 50, 972 / 2);
        Assert.True(bySnapshot[0] > bySnapshot[1] && bySnapshot[1] > bySnapshot[2] && bySnapshot[2] > 0, string.Join(" → ", bySnapshot));

        // The latest preferences are the main ones: analyze and zone count the same packages.
        var latest = ZoneSize(scenario, scenario.Preferences);
        Assert.Equal(bySnapshot[2], latest);
        Assert.Equal(latest, RunJson("analyze", ExampleFile, "--top", "1").GetProperty("result").GetProperty("zone").GetProperty("acceptable").GetInt64());
        Assert.Equal(latest, RunJson("zone", ExampleFile, "--size", "1").GetProperty("zone").GetInt32());
    }

    [Fact]
    public void The_blocking_parties_of_every_proposal_match_a_brute_force_over_its_completions()
    {
        var scenario = LoadScenario();
        var all = AllPackages(scenario);
        var singleBlocker = 0;
        foreach (var proposal in scenario.Proposals)
        {
            // A required party blocks when it rejects every way of settling the issues the proposal leaves open.
            var completions = all.Where(p => proposal.Terms.All(t => p[t.Key] == t.Value)).ToList();
            var expected = scenario.Agreement.RequiredParties
                .Where(party => completions.All(p => !Accepts(scenario.Preferences[party], p))).Order().ToList();
            var evaluation = RunJson("evaluate", proposal.Id, "--file", ExampleFile);
            Assert.Equal(expected, evaluation.GetProperty("blockers").EnumerateArray().Select(b => b.GetString()!).Order());
            if (expected.Count == 1) singleBlocker++;
        }
        Assert.True(singleBlocker >= 2, "the example should hold proposals blocked by a single party");
    }

    // ---- the strategic conflict, by hand ----

    /// <summary>
    /// The conflict as the briefing's section 5 states it, written out independently of the YAML: feasibility
    /// and each decision maker's preference as a number (higher = better). Dovrania's comes from its bargaining
    /// utilities through the issue map, Halvoria's from its tiers, Kerelia's and Tasovar's from their
    /// prioritised statements (statement k of n adds 2^(n-1-k)).
    /// </summary>
    private sealed class HandConflict(ScenarioConflict model, Scenario scenario)
    {
        private readonly Dictionary<string, int> _bit = model.OptionIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);

        public bool Has(ulong state, string option) => (state >> _bit[option] & 1) == 1;

        public bool Feasible(ulong s) =>
            !(Has(s, "kr_offensive") && Has(s, "hv_deploy")) &&
            !(Has(s, "hv_deploy") && !Has(s, "tv_monitors")) &&
            !(Has(s, "dv_withdraw") && Has(s, "dv_recognise")) &&
            !(Has(s, "dv_recognise") && !Has(s, "tv_referendum"));

        private static double Priorities(params bool[] statements) =>
            statements.Select((holds, k) => holds ? Math.Pow(2, statements.Length - 1 - k) : 0).Sum();

        public double Preference(string dm, ulong s) => dm switch
        {
            "KR" => Priorities(!Has(s, "dv_recognise"), Has(s, "dv_withdraw"), Has(s, "hv_deploy"), !Has(s, "kr_autonomy"), !Has(s, "tv_referendum"), !Has(s, "kr_offensive")),
            "TV" => Priorities(!Has(s, "kr_offensive"), Has(s, "dv_recognise"), !Has(s, "dv_withdraw"), Has(s, "kr_autonomy"), Has(s, "tv_referendum"), !Has(s, "tv_monitors")),
            "DV" => DovraniaUtility(s),
            "HV" => Has(s, "hv_deploy") && Has(s, "dv_withdraw") ? 3 : Has(s, "hv_deploy") ? 2 : !Has(s, "kr_offensive") ? 1 : 0,
            _ => throw new ArgumentException(dm),
        };

        /// <summary>Dovrania's additive utility of the package a state implies; an open issue counts the midpoint of its best and worst option.</summary>
        private double DovraniaUtility(ulong s)
        {
            var prefs = scenario.Preferences["DV"];
            var implied = new Dictionary<string, string?>
            {
                ["status"] = Has(s, "dv_recognise") ? "independence" : Has(s, "kr_autonomy") ? "autonomy" : null,
                ["troops"] = Has(s, "dv_withdraw") ? "withdrawn" : "remain",
                ["peacekeeping"] = Has(s, "hv_deploy") ? "lake-council" : !Has(s, "dv_withdraw") ? "dovranian" : "none",
            };
            return scenario.Issues.Sum(issue =>
            {
                var values = issue.Options.Select(o => prefs.Value(issue.Id, o.Id)).ToList();
                var value = implied.GetValueOrDefault(issue.Id) is { } option ? prefs.Value(issue.Id, option) : (values.Max() + values.Min()) / 2;
                return prefs.Weight(issue.Id) * value;
            });
        }

        /// <summary>The states one decision maker reaches in one move: any change of its own options, never undoing an irreversible one.</summary>
        public IEnumerable<ulong> Moves(DecisionMaker dm, ulong s)
        {
            var mask = dm.Options.Aggregate(0UL, (m, o) => m | 1UL << o);
            var locked = dm.Options.Where(o => model.Conflict.Options[o].Direction == OptionDirection.Forward && (s >> o & 1) == 1)
                .Aggregate(0UL, (m, o) => m | 1UL << o);
            for (var bits = 0UL; bits <= mask; bits++)
            {
                if ((bits & ~mask) != 0) continue;
                var t = (s & ~mask) | bits;
                if (t != s && (t & locked) == locked && Feasible(t)) yield return t;
            }
        }

        public bool NashStable(DecisionMaker dm, ulong s) => Moves(dm, s).All(t => Preference(dm.Name, t) <= Preference(dm.Name, s) + 1e-9);
    }

    private static (ScenarioConflict Model, HandConflict Hand, ulong[] Feasible, JsonElement Stability) Conflict()
    {
        var scenario = LoadScenario();
        var bag = new DiagnosticBag();
        var model = ConflictSection.Read(scenario, bag)!;
        Assert.Empty(bag.Items);
        var hand = new HandConflict(model, scenario);
        // gmcr-py numbering: state n is the n-th feasible bit pattern in ascending order.
        var feasible = Enumerable.Range(0, 1 << model.Conflict.OptionCount).Select(i => (ulong)i).Where(hand.Feasible).ToArray();
        return (model, hand, feasible, RunJson("stability", ExampleFile, "--status-quo", "default").GetProperty("result"));
    }

    [Fact]
    public void The_loaded_conflict_agrees_with_the_briefing_written_out_by_hand()
    {
        var (model, hand, feasible, stability) = Conflict();
        Assert.Equal(["KR", "TV", "DV", "HV"], model.DecisionMakerIds);
        Assert.Equal(feasible.Length, stability.GetProperty("states").GetArrayLength());
        for (var s = 0UL; s < 1UL << model.Conflict.OptionCount; s++)
            Assert.Equal(hand.Feasible(s), !model.Conflict.Infeasible.Any(c => c.Holds(s)));
        Assert.Equal(2, model.Conflict.Options.Count(o => o.Direction == OptionDirection.Forward));

        // Every decision maker's ranking in the model orders the feasible states as the hand preference does
        // (for Dovrania this checks the from_utilities derivation; for Halvoria the tiers).
        foreach (var dm in model.Conflict.DecisionMakers)
        {
            var modelScore = ModelScore(dm);
            foreach (var a in feasible)
                foreach (var b in feasible)
                    Assert.Equal(Math.Sign(Math.Round(hand.Preference(dm.Name, a) - hand.Preference(dm.Name, b), 9)), Math.Sign(modelScore(a) - modelScore(b)));
        }

        static Func<ulong, double> ModelScore(DecisionMaker dm) => dm.Preference switch
        {
            PrioritizedPreference p => s => p.Statements.Select((c, k) => c.Holds(s) ? Math.Pow(2, p.Statements.Count - 1 - k) : 0).Sum(),
            RankedPreference r => s => -r.TiersBestFirst.Select((tier, i) => (tier, i)).Single(t => t.tier.Contains(s)).i,
            _ => throw new InvalidOperationException(dm.Preference.GetType().Name),
        };
    }

    [Fact]
    public void The_Nash_equilibria_are_exactly_the_states_no_decision_maker_can_improve_on_alone()
    {
        var (model, hand, feasible, stability) = Conflict();
        var expected = Enumerable.Range(0, feasible.Length)
            .Where(i => model.Conflict.DecisionMakers.All(dm => hand.NashStable(dm, feasible[i])))
            .Select(i => i + 1).ToList();
        var reported = stability.GetProperty("equilibria").GetProperty("Nash").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, reported);

        // And each reported one, checked move by move: every unilateral move of every decision maker is no better for it.
        foreach (var number in reported)
        {
            var state = feasible[number - 1];
            foreach (var dm in model.Conflict.DecisionMakers)
                foreach (var t in hand.Moves(dm, state))
                    Assert.True(hand.Preference(dm.Name, t) <= hand.Preference(dm.Name, state) + 1e-9,
                        $"{dm.Name} improves from state {number} to state {Array.IndexOf(feasible, t) + 1}");
        }
    }

    [Fact]
    public void The_equilibria_reachable_from_the_status_quo_match_a_breadth_first_search()
    {
        var (model, hand, feasible, stability) = Conflict();
        var statusQuo = feasible.Single(s => s == 1UL << model.OptionIds.ToList().IndexOf("tv_referendum"));
        var sq = stability.GetProperty("statusQuo");
        Assert.Equal(Array.IndexOf(feasible, statusQuo) + 1, sq.GetProperty("state").GetInt32());

        var nash = stability.GetProperty("equilibria").GetProperty("Nash").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
        var anyMoves = Reachable(improvementsOnly: false);
        var improvements = Reachable(improvementsOnly: true);
        var reported = sq.GetProperty("reachableEquilibria").GetProperty("Nash").EnumerateArray().ToList();
        Assert.Equal(nash.Where(anyMoves.Contains).Order(), reported.Select(r => r.GetProperty("state").GetInt32()).Order());
        Assert.Equal(nash.Where(improvements.Contains).Order(),
            reported.Where(r => r.TryGetProperty("byImprovements", out var path) && path.ValueKind == JsonValueKind.Array).Select(r => r.GetProperty("state").GetInt32()).Order());
        Assert.Contains(nash, improvements.Contains);

        // Every reported path by improvements is legal: each step is its mover's own move and strictly better for it.
        foreach (var equilibrium in reported.Where(r => r.TryGetProperty("byImprovements", out var path) && path.ValueKind == JsonValueKind.Array))
        {
            var at = statusQuo;
            foreach (var step in equilibrium.GetProperty("byImprovements").EnumerateArray())
            {
                var dm = model.Conflict.DecisionMakers.Single(d => d.Name == step.GetProperty("mover").GetString());
                var next = feasible[step.GetProperty("state").GetInt32() - 1];
                Assert.Contains(next, hand.Moves(dm, at));
                Assert.True(hand.Preference(dm.Name, next) > hand.Preference(dm.Name, at) + 1e-9);
                at = next;
            }
            Assert.Equal(equilibrium.GetProperty("state").GetInt32(), Array.IndexOf(feasible, at) + 1);
        }

        // States reachable by legal sequences (length ≥ 1, no decision maker twice in a row), as gmcr-py numbers.
        HashSet<int> Reachable(bool improvementsOnly)
        {
            var dms = model.Conflict.DecisionMakers;
            var seen = new HashSet<(ulong, int)>();
            var queue = new Queue<(ulong State, int LastMover)>();
            queue.Enqueue((statusQuo, -1));
            var reached = new HashSet<int>();
            while (queue.Count > 0)
            {
                var (s, last) = queue.Dequeue();
                for (var d = 0; d < dms.Count; d++)
                {
                    if (d == last) continue;
                    foreach (var t in hand.Moves(dms[d], s))
                    {
                        if (improvementsOnly && hand.Preference(dms[d].Name, t) <= hand.Preference(dms[d].Name, s) + 1e-9) continue;
                        reached.Add(Array.IndexOf(feasible, t) + 1);
                        if (seen.Add((t, d))) queue.Enqueue((t, d));
                    }
                }
            }
            return reached;
        }
    }
}
