using System.Diagnostics;
using System.Globalization;
using Parley.Analysis.Analyses;
using Parley.Analysis.Contracts;
using Parley.Bargaining.Genius;
using Parley.Core.Model;

// Runs `parley` as a separate process (what a user waits for) several times per command and prints the
// median wall time, CPU time and peak resident memory (from GNU time when it is installed), then the
// analysis layer's in-process time for the same work. `--quick` runs each command once.
var quick = args.Contains("--quick");
var runs = quick ? 1 : 5;
var parley = Path.Combine(AppContext.BaseDirectory, "parley.dll");
var repo = FindRepoRoot();
var work = Directory.CreateTempSubdirectory("parley-cli-bench-").FullName;
var gnuTime = File.Exists("/usr/bin/time") ? "/usr/bin/time" : null;

var million = WriteGeniusDomain(Path.Combine(work, "g6"), seed: 11, issues: 6, options: 10);    // 10^6 packages
var tenMillion = WriteGeniusDomain(Path.Combine(work, "g7"), seed: 12, issues: 7, options: 10); // 10^7 packages

var cases = new List<(string Label, string[] Args)>
{
    ("start-up: scenarios", ["scenarios"]),
    ("analyze (built-in, 2.1·10^7 packages)", ["analyze"]),
    ("analyze -f json (built-in)", ["analyze", "-f", "json"]),
    ("analyze --genius, 2 parties, 10^6 packages", ["analyze", "--genius", .. million, "-f", "json"]),
    ("analyze --genius, 2 parties, 10^7 packages", ["analyze", "--genius", .. tenMillion, "-f", "json"]),
    ("evaluate kanninen-patomaki-10y", ["evaluate", "kanninen-patomaki-10y"]),
    ("bridge kanninen-patomaki-10y", ["bridge", "kanninen-patomaki-10y"]),
    ("zone --sample 10", ["zone", "--sample", "10", "--seed", "7"]),
    ("timeline", ["timeline"]),
    ("stability", ["stability"]),
    ("forecast", ["forecast"]),
    ("robustness -n 10000", ["robustness", "-n", "10000", "--seed", "1"]),
};

var rows = new List<string[]>();
foreach (var (label, arguments) in cases)
{
    var samples = new List<(double Wall, double Cpu, double PeakMb, int Exit)>();
    Run(arguments); // warm-up: file cache, tiered JIT data
    for (var i = 0; i < runs; i++) samples.Add(Run(arguments));
    rows.Add([label, Median(samples.Select(s => s.Wall)), Median(samples.Select(s => s.Cpu)),
        gnuTime is null ? "n/a" : Median(samples.Select(s => s.PeakMb), "0"), string.Join(",", samples.Select(s => s.Exit).Distinct())]);
    Console.Error.WriteLine($"{label}: {rows[^1][1]} s");
}

// The same bargaining work in-process: what the engines and the analysis layer cost without start-up.
var inProcess = new List<string[]>();
foreach (var (label, files) in new[] { ("analysis layer, 10^6 Genius domain", million), ("analysis layer, 10^7 Genius domain", tenMillion) })
{
    var scenario = GeniusImporter.Import(files[0], files[1..]).Scenario!;
    var contract = new BargainingAnalysisContract();
    contract.Compute(scenario, AnalysisOptions.Default);
    var times = new List<double>();
    string method = "";
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        var result = contract.Compute(scenario, AnalysisOptions.Default);
        times.Add(clock.Elapsed.TotalSeconds);
        method = $"zone {result.Zone.Acceptable:N0} packages; best by {result.Best.Method}";
    }
    inProcess.Add([label, Median(times), method]);
}
// Where the in-process time of the 10^6 domain goes, part by part.
var parts = new List<string[]>();
{
    var scenario = GeniusImporter.Import(million[0], million[1..]).Scenario!;
    var model = new Parley.Core.Evaluation.UtilityModel(scenario);
    var problem = new Parley.Bargaining.BargainingProblem(model);
    void Part(string label, Func<object?> work)
    {
        work();
        var clock = Stopwatch.StartNew();
        work();
        parts.Add([label, clock.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)]);
    }
    Part("frontier", () => Parley.Bargaining.ParetoFrontier.Compute(problem));
    Part("zone count", () => Parley.Bargaining.ZopaCounter.Count(problem));
    Part("issue stakes", () => Parley.Bargaining.IssueImportance.Compute(problem));
    var zone = (int)Parley.Bargaining.ZopaCounter.Count(problem).Exact;
    Part("zone listing", () => Parley.Bargaining.ZoneExplorer.Page(problem, 0, zone));
    var listed = Parley.Bargaining.ZoneExplorer.Page(problem, 0, zone);
    Part("top 5 of the zone (bounded heap)", () => BargainingAnalysisContract.TopByNash(model, listed, 5));
    Part("enumeration of every package (the reference)", () => Parley.Bargaining.ExhaustiveAnalysis.Run(model, 5));
}
var builtIn = Parley.Core.Format.BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
{
    new BargainingAnalysisContract().Compute(builtIn, AnalysisOptions.Default);
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        new BargainingAnalysisContract().Compute(builtIn, AnalysisOptions.Default);
        times.Add(clock.Elapsed.TotalSeconds);
    }
    inProcess.Add(["analysis layer, built-in scenario", Median(times), ""]);
}

Console.WriteLine($"Whole process: `dotnet parley.dll …`, median of {runs} run(s) after a warm-up; {Environment.ProcessorCount} cores.\n");
Console.WriteLine("| command | wall s | CPU s | peak MB | exit |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var row in rows) Console.WriteLine($"| {string.Join(" | ", row)} |");
Console.WriteLine("\nIn-process (no start-up, no JSON):\n");
Console.WriteLine("| work | s | notes |");
Console.WriteLine("|---|---|---|");
foreach (var row in inProcess) Console.WriteLine($"| {string.Join(" | ", row)} |");
Console.WriteLine("\nParts of the 10^6 domain's analysis, in-process:\n");
Console.WriteLine("| part | s |");
Console.WriteLine("|---|---|");
foreach (var row in parts) Console.WriteLine($"| {string.Join(" | ", row)} |");
Directory.Delete(work, recursive: true);
return 0;

(double Wall, double Cpu, double PeakMb, int Exit) Run(string[] arguments)
{
    var start = new ProcessStartInfo(gnuTime ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo };
    var report = Path.Combine(work, "time.txt");
    if (gnuTime is not null)
    {
        foreach (var a in new[] { "-f", "%e %U %S %M", "-o", report, "dotnet" }) start.ArgumentList.Add(a);
    }
    start.ArgumentList.Add(parley);
    foreach (var a in arguments) start.ArgumentList.Add(a);
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    _ = output.Result; _ = error.Result;
    var wall = clock.Elapsed.TotalSeconds;
    if (gnuTime is null) return (wall, process.TotalProcessorTime.TotalSeconds, 0, process.ExitCode);
    var f = File.ReadAllText(report).Trim().Split('\n')[^1].Split(' ');
    double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    return (D(f[0]), D(f[1]) + D(f[2]), D(f[3]) / 1024, process.ExitCode);
}

static string Median(IEnumerable<double> values, string format = "0.00")
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2].ToString(format, CultureInfo.InvariantCulture);
}

static string[] WriteGeniusDomain(string directory, int seed, int issues, int options)
{
    // Two parties with random weights and option values (two decimals) and a reservation value of 0.5.
    var random = new Random(seed);
    var issueList = Enumerable.Range(0, issues).Select(i => new Issue($"i{i}", $"Issue {i}", null,
        Enumerable.Range(0, options).Select(o => new IssueOption($"o{o}", $"Option {o}", null)).ToList(), [])).ToList();
    string[] ids = ["A", "B"];
    var preferences = new Dictionary<string, PartyPreferences>();
    foreach (var id in ids)
    {
        var raw = issueList.Select(_ => 0.1 + random.NextDouble()).ToArray();
        var weights = issueList.Select((issue, i) => (issue.Id, Quantity.Exact(raw[i] / raw.Sum()))).ToDictionary(x => x.Id, x => x.Item2);
        var values = issueList.ToDictionary(issue => issue.Id,
            issue => (IReadOnlyDictionary<string, Quantity>)issue.Options.ToDictionary(o => o.Id, _ => Quantity.Exact(Math.Round(random.NextDouble(), 2))));
        preferences[id] = new PartyPreferences(id, Quantity.Exact(0.5), weights, values, []);
    }
    var scenario = new Scenario($"bench-{issues}x{options}", "Bench", null, [], ids.Select(id => new Party(id, id, PartyRole.Belligerent, null, [])).ToList(),
        issueList, preferences, [], [], new AgreementRule(ids), new Dictionary<string, ScenarioSection>());
    return GeniusExporter.Export(scenario).Save(directory).ToArray();
}

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
