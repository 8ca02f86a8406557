using System.Diagnostics;
using Parley.Stability.Analysis;
using Parley.Stability.Bench;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;

// Usage: dotnet run -c Release --project bench/Parley.Stability.Bench [--big] [--show FILE.gmcr] [--only DMxOPT] [--profile]
// --profile prints wall and processor time per concept; --only also takes any DMxOPT[d] (e.g. 2x22); --concepts SIM,Nash
// runs only those; --threads N bounds the engine's threads; --estimate prints the engine's up-front cost estimate.
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
if (only is not null && sizes.Count == 0 && System.Text.RegularExpressions.Regex.Match(only, @"^(\d+)x(\d+)(d?)$") is { Success: true } m)
    sizes.Add((int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), m.Groups[3].Value == "d"));
var conceptsToRun = Array.IndexOf(args, "--concepts") is var ci && ci >= 0
    ? args[ci + 1].Split(',').Select(SolutionConcepts.Parse).ToArray()
    : SolutionConcepts.All.ToArray();
var threads = Array.IndexOf(args, "--threads") is var ti && ti >= 0 ? int.Parse(args[ti + 1]) : (int?)null;
var engineOptions = new StabilityOptions { MaxDegreeOfParallelism = threads };

var outDir = Path.Combine(ProjectDirectory(), "conflicts");
Directory.CreateDirectory(outDir);
Console.WriteLine($"Parley.Stability benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}; generated conflicts in {outDir}");
Console.WriteLine($"{"conflict",-10} {"states",9} {"build",9} {"Nash",9} {"GMR",9} {"SMR",9} {"SEQ",9} {"SIM",9} {"SEQ+SIM",9} {"all six",9} {"cpu six",9} {"alloc MB",9} {"peak MB",8}");
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
        graph = ConflictGraph.Build(conflict, engineOptions);
        if (i > 0 || iterations == 1) buildTimes.Add(sw.Elapsed.TotalMilliseconds);
    }
    if (args.Contains("--estimate"))
    {
        var sw = Stopwatch.StartNew();
        var e = new StabilityAnalyzer(graph).Estimate(SolutionConcepts.All); // all six, whatever --concepts runs
        Console.WriteLine($"  estimate ({sw.Elapsed.TotalSeconds:F2} s to make): {e.Seconds:F1} s, {e.Bytes / 1e6:F0} MB; propagation {e.PropagationWork:E2}, simultaneous {e.SimultaneousWork:E2} steps from {e.SampledStates} states");
    }
    var conceptTimes = new Dictionary<SolutionConcept, double>();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    foreach (var concept in conceptsToRun)
    {
        var conceptCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var times = new List<double>();
        for (var i = 0; i < iterations + (iterations > 1 ? 1 : 0); i++)
        {
            var analyzer = new StabilityAnalyzer(graph); // fresh: no sanction values cached from other concepts
            var sw = Stopwatch.StartNew();
            for (var dm = 0; dm < graph.DecisionMakerCount; dm++) analyzer.Stable(concept, dm);
            if (i > 0 || iterations == 1) times.Add(sw.Elapsed.TotalMilliseconds);
        }
        conceptTimes[concept] = Median(times);
        if (args.Contains("--profile"))
            Console.WriteLine($"    {concept.Label(),-8} wall {Ms(Median(times))}, cpu {Ms((Process.GetCurrentProcess().TotalProcessorTime - conceptCpu).TotalMilliseconds / times.Count)}");
    }
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / (iterations + (iterations > 1 ? 1 : 0));
    var allocated = (GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / 1e6 / Math.Max(1, iterations);
    var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
    Console.WriteLine($"{dms}dm/{options + (dense ? "d" : ""),-6} {graph.StateCount,9} {Ms(Median(buildTimes))} {string.Join(" ", SolutionConcepts.All.Select(c => conceptTimes.TryGetValue(c, out var t) ? Ms(t) : $"{"-",9}"))} {Ms(conceptTimes.Values.Sum())} {Ms(cpu)} {allocated,9:F0} {peak,8:F0}");
}
Console.WriteLine("Times are medians over iterations after a warm-up (7 up to 12 options, 3 at 16, a single cold run from 20); all six = sum of the concept medians for every decision maker; cpu six = processor time (all cores) per iteration of the six concepts, less sensitive to other load on the machine; alloc = MB allocated per iteration of build + six concepts; peak = process peak working set so far; d = nearly all states feasible (one three-option infeasibility).");
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
