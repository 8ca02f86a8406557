using System.Diagnostics;
using Parley.Stability.Analysis;
using Parley.Stability.Bench;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;

// Usage: dotnet run -c Release --project bench/Parley.Stability.Bench [--big] [--show FILE.gmcr] [--only DMxOPT]
if (args.Length >= 2 && args[0] == "--show")
{
    var doc = GmcrFile.Load(args[1]);
    Console.WriteLine(StabilityReport.Text(new StabilityAnalyzer(ConflictGraph.Build(GmcrFile.ToConflict(doc))).AnalyzeAll()));
    return 0;
}

var sizes = new List<(int Dms, int Options, bool Dense)>
{
    (2, 8, false), (3, 8, false), (4, 8, false), (2, 12, false), (3, 12, false), (4, 12, false),
    (2, 16, false), (3, 16, true), (3, 16, false), (4, 16, false), (2, 20, false), (3, 20, false), (4, 20, false), (3, 20, true),
};
if (args.Contains("--big")) sizes.Add((3, 24, false));
var only = Array.IndexOf(args, "--only") is var o && o >= 0 ? args[o + 1] : null;
if (only is not null) sizes = sizes.Where(s => $"{s.Dms}x{s.Options}{(s.Dense ? "d" : "")}" == only).ToList();
if (only == "3x24") sizes.Add((3, 24, false));

var outDir = Path.Combine(ProjectDirectory(), "conflicts");
Directory.CreateDirectory(outDir);
Console.WriteLine($"Parley.Stability benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}; generated conflicts in {outDir}");
Console.WriteLine($"{"conflict",-10} {"states",9} {"build",9} {"Nash",9} {"GMR",9} {"SMR",9} {"SEQ",9} {"SIM",9} {"SEQ+SIM",9} {"all six",9} {"alloc MB",9} {"peak MB",8}");
foreach (var (dms, options, dense) in sizes)
{
    var conflict = SyntheticConflicts.Create(dms, options, seed: 1000 * dms + options, nearlyAllFeasible: dense);
    GmcrFile.Save(GmcrFile.FromConflict(conflict), Path.Combine(outDir, conflict.Name + ".gmcr"));
    var iterations = options <= 12 ? 7 : options <= 16 ? 3 : 1;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);

    var buildTimes = new List<double>();
    if (args.Contains("--profile")) Console.WriteLine($"  {conflict.Name}");
    ConflictGraph graph = null!;
    for (var i = 0; i < iterations + (iterations > 1 ? 1 : 0); i++)
    {
        var sw = Stopwatch.StartNew();
        graph = ConflictGraph.Build(conflict);
        if (i > 0 || iterations == 1) buildTimes.Add(sw.Elapsed.TotalMilliseconds);
    }
    var conceptTimes = new Dictionary<SolutionConcept, double>();
    foreach (var concept in SolutionConcepts.All)
    {
        var times = new List<double>();
        for (var i = 0; i < iterations + (iterations > 1 ? 1 : 0); i++)
        {
            var analyzer = new StabilityAnalyzer(graph); // fresh: no sanction values cached from other concepts
            var sw = Stopwatch.StartNew();
            for (var dm = 0; dm < graph.DecisionMakerCount; dm++) analyzer.Stable(concept, dm);
            if (i > 0 || iterations == 1) times.Add(sw.Elapsed.TotalMilliseconds);
        }
        conceptTimes[concept] = Median(times);
    }
    var allocated = (GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / 1e6 / Math.Max(1, iterations);
    var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
    Console.WriteLine($"{dms}dm/{options + (dense ? "d" : ""),-6} {graph.StateCount,9} {Ms(Median(buildTimes))} {string.Join(" ", SolutionConcepts.All.Select(c => Ms(conceptTimes[c])))} {Ms(conceptTimes.Values.Sum())} {allocated,9:F0} {peak,8:F0}");
}
Console.WriteLine("Times are medians over iterations after a warm-up (7 up to 12 options, 3 at 16, a single cold run from 20); all six = sum of the concept medians for every decision maker; alloc = MB allocated per iteration of build + six concepts; peak = process peak working set so far; d = nearly all states feasible (one three-option infeasibility).");
return 0;

static string ProjectDirectory()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Parley.Stability.Bench.csproj"))) return dir.FullName;
    return AppContext.BaseDirectory;
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

static string Ms(double ms) => ms >= 1000 ? $"{ms / 1000,7:F2} s" : $"{ms,6:F1} ms";
