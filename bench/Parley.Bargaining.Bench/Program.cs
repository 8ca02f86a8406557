using System.Diagnostics;
using Parley.Bargaining;
using Parley.Bargaining.Bench;
using Parley.Bargaining.Genius;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;

// Hand-rolled harness: one warm-up run, then the median of several timed runs; memory is what the
// measured runs allocated (managed) and the process's peak working set so far.
var quick = args.Contains("--quick");
var rows = new List<string[]>();
var repoRoot = FindRepoRoot();
var domains = Environment.GetEnvironmentVariable("PARLEY_GENIUS_DOMAINS") ?? "/work/shared/negotiation-domains";

void Measure(string scenario, string task, Func<string> run, int iterations = 5)
{
    if (quick) iterations = 1;
    run(); // warm-up
    var times = new List<double>();
    var allocatedBefore = GC.GetTotalAllocatedBytes(true);
    var result = "";
    for (var i = 0; i < iterations; i++)
    {
        var watch = Stopwatch.StartNew();
        result = run();
        watch.Stop();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    var allocated = (GC.GetTotalAllocatedBytes(true) - allocatedBefore) / (double)iterations / (1 << 20);
    times.Sort();
    var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (double)(1 << 20);
    rows.Add([scenario, task, $"{times[times.Count / 2]:0.0}", $"{allocated:0.0}", $"{peak:0}", result]);
    Console.Error.WriteLine($"{scenario} | {task} | {times[times.Count / 2]:0.0} ms | {result}");
}

void Additive(string label, Scenario scenario, bool count = true, bool bridge = true, int iterations = 5)
{
    var model = new UtilityModel(scenario);
    var problem = new BargainingProblem(model);
    Measure(label, "frontier + 6 solutions", () =>
    {
        var frontier = ParetoFrontier.Compute(problem);
        var solutions = BargainingSolutions.All(frontier);
        return $"{frontier.Points.Count} points, {frontier.PackageCount} packages; Nash {(solutions[0].Exists ? "found" : "none")}";
    }, iterations);
    if (count) Measure(label, "ZOPA count", () => ZopaCounter.Count(problem).ToString(), iterations);
    if (bridge)
    {
        var proposal = Enumerable.Repeat(0, problem.IssueCount).ToArray();
        Measure(label, "bridge (all issues at option 0)", () =>
        {
            var result = Bridging.Find(problem, proposal, scenario.Parties[0].Id);
            return result.FewestChanges is null ? "no zone" : $"{result.FewestChanges.ChangeCount} changes; author cost {result.AuthorCost:0.###}";
        }, iterations);
    }
}

// Built-in example: the whole analysis.
var river = ScenarioLoader.LoadFile(Path.Combine(repoRoot, "docs", "examples", "river-valley.yaml")).GetOrThrow();
Measure("river-valley (12)", "full analysis + bridge", () =>
{
    var report = BargainingAnalysis.Run(new UtilityModel(river));
    var bridge = Bridging.Find(report.Problem, river.FindProposal("mediator")!);
    return $"zone {report.Zone.Exact}, frontier {report.Frontier.Points.Count}, bridge {bridge.FewestChanges!.ChangeCount} change(s)";
}, 20);

// The built-in scenario (2.1·10^7 packages): the engine's whole analysis with a bridge for every proposal,
// and what `parley analyze` adds on top, the best-by-Nash list by enumeration.
var ukraine = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
Measure("ukraine-2022 (2.1e7)", "frontier, solutions, zone count, stakes, bridges of all proposals", () =>
{
    var report = BargainingAnalysis.Run(new UtilityModel(ukraine));
    var unlockable = ukraine.Proposals.Count(p => Bridging.Find(report.Problem, p).FewestChanges is not null);
    return $"zone {report.Zone.Exact}, frontier {report.Frontier.Points.Count}, {unlockable}/{ukraine.Proposals.Count} proposals bridgeable";
}, 10);
Measure("ukraine-2022 (2.1e7)", "list the zone and rank it by Nash (what analyze shows)", () =>
{
    var problem = new BargainingProblem(new UtilityModel(ukraine));
    var zone = ZoneExplorer.Page(problem, 0, (int)ZopaCounter.Count(problem).Exact);
    var best = zone.Max(c => problem.Parties.Aggregate(1.0, (x, p) => x * (p.Utility(c) - p.Reservation)));
    return $"{zone.Count} packages listed, best Nash {best:0.00000}";
}, 10);
Measure("ukraine-2022 (2.1e7)", "reference: enumerate every package (count + top 5 by Nash)", () =>
    $"{ExhaustiveAnalysis.Run(new UtilityModel(ukraine), 5).AcceptableCount} acceptable", 3);

Additive("2p additive 20×10 (1e20)", Synthetic.Create(1, 2, 20, 10, 0));
Additive("2p additive 50×10 (1e50)", Synthetic.Create(2, 2, 50, 10, 0), iterations: 3);
Additive("2p additive 12×10 (1e12)", Synthetic.Create(3, 2, 12, 10, 0), bridge: false, iterations: 3);
Additive("2p 10×8 + 6 coupling red lines (1e9)", Synthetic.Create(4, 2, 10, 8, 3), iterations: 3);

var coupled7 = new UtilityModel(Synthetic.Create(5, 2, 7, 10, 3));
Measure("2p 7×10 + 6 coupling red lines (1e7)", "enumeration (count + top Nash)", () =>
{
    var summary = ExhaustiveAnalysis.Run(coupled7, top: 5);
    return $"{summary.AcceptableCount} acceptable";
});
Additive("2p 7×10 + 6 coupling red lines (1e7)", Synthetic.Create(5, 2, 7, 10, 3));

var three6 = Synthetic.Create(6, 3, 6, 10, 0);
Additive("3p 6×10 (1e6)", three6);
Measure("3p 6×10 (1e6)", "enumeration (count + top Nash)", () => $"{ExhaustiveAnalysis.Run(new UtilityModel(three6), top: 5).AcceptableCount} acceptable");
Additive("3p 12×6 (2.2e9)", Synthetic.Create(7, 3, 12, 6, 0), iterations: 1);
Additive("3p 5×10 + 4 coupling red lines (1e5)", Synthetic.Create(8, 3, 5, 10, 2));

foreach (var (folder, domain, p1, p2) in new[]
{
    ("Laptop", "Laptop-C-domain.xml", "Laptop-C-prof1.xml", "Laptop-C-prof2.xml"),
    ("ItexvsCypressA", "ItexvsCypress-A-domain.xml", "ItexvsCypress-A-prof1.xml", "ItexvsCypress-A-prof2.xml"),
    ("EnglandvsZimbabweA", "EnglandvsZimbabwe-A-domain.xml", "EnglandvsZimbabwe-A-prof1.xml", "EnglandvsZimbabwe-A-prof2.xml"),
    ("GroceryB", "Grocery-B-domain.xml", "Grocery-B-prof1.xml", "Grocery-B-prof2.xml"),
    ("CarA", "Car-A-domain.xml", "Car-A-prof1.xml", "Car-A-prof2.xml"),
    ("TravelB", "Travel-B-domain.xml", "Travel-B-prof1.xml", "Travel-B-prof2.xml"),
})
{
    var dir = Path.Combine(domains, folder);
    if (!Directory.Exists(dir)) continue;
    var files = new[] { Path.Combine(dir, p1), Path.Combine(dir, p2) };
    Measure($"Genius {folder}", "import", () => GeniusImporter.Import(Path.Combine(dir, domain), files).GetOrThrow().PackageCount.ToString("0"));
    var scenario = GeniusImporter.Import(Path.Combine(dir, domain), files).GetOrThrow();
    Measure($"Genius {folder} ({scenario.PackageCount:0})", "full analysis", () =>
    {
        var report = BargainingAnalysis.Run(new UtilityModel(scenario));
        return $"zone {report.Zone.Exact}, frontier {report.Frontier.Points.Count} points";
    });
}

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(quick ? "quick (1 iteration)" : "median of the timed runs")}");
Console.WriteLine();
Console.WriteLine("| scenario | task | median ms | allocated MB/run | peak working set MB | result |");
Console.WriteLine("|---|---|---:|---:|---:|---|");
foreach (var row in rows) Console.WriteLine("| " + string.Join(" | ", row) + " |");

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Build.props"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
