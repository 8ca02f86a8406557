using System.Diagnostics;
using System.Globalization;
using Parley.Core.Format;
using Parley.Robustness;

// Hand-rolled harness: one warm-up, then several timed iterations per case; median wall time and the
// managed bytes allocated per iteration; peak working set of the whole process at the end.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var scenario = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
var space = new ParameterSpace(scenario);
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine($"ukraine-2022: {scenario.PackageCount:N0} packages, {space.Estimates.Count} estimates, {scenario.Proposals.Count} proposals, {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| case | draws | threads | median s | min s | median CPU s | draws/s | allocated MB/iter |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");

void Measure(string name, int draws, int threads, Action run)
{
    run();
    var times = new List<double>();
    var cpu = new List<double>();
    long allocated = 0;
    var process = Process.GetCurrentProcess();
    for (var i = 0; i < iterations; i++)
    {
        var before = GC.GetTotalAllocatedBytes(true);
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        run();
        times.Add(clock.Elapsed.TotalSeconds);
        process.Refresh();
        cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
        allocated += GC.GetTotalAllocatedBytes(true) - before;
    }
    times.Sort();
    cpu.Sort();
    var median = times[times.Count / 2];
    Console.WriteLine($"| {name} | {draws:N0} | {threads} | {median:0.000} | {times[0]:0.000} | {cpu[cpu.Count / 2]:0.000} | {(draws > 0 ? (draws / median).ToString("N0") : "–")} | {allocated / iterations / 1e6:0.0} |");
}

foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
{
    var options = new RobustnessOptions { Draws = 10_000, Seed = 42, Threads = threads };
    Measure("robustness: proposals + top 5 + Nash per draw (triangular)", options.Draws, threads, () => RobustnessAnalysis.Run(scenario, options));
}
var uniform = new RobustnessOptions { Draws = 10_000, Seed = 42, Distribution = SamplingDistribution.Uniform };
Measure("robustness, uniform draws", uniform.Draws, Environment.ProcessorCount, () => RobustnessAnalysis.Run(scenario, uniform));

var frontierOptions = new RobustnessOptions { Draws = 10_000, Seed = 42, Solver = AgreementSolvers.Engine };
Measure("robustness with the bargaining engine's composer (--solver engine)", frontierOptions.Draws, Environment.ProcessorCount, () => RobustnessAnalysis.Run(scenario, frontierOptions));
var draw = space.NewDrawModel();
var parameters = new double[space.BaseParameters.Length];
var choices = new int[space.IssueCount];
foreach (var solver in new IAgreementSolver[] { new BargainingEngineSolver(space), new FrontierNashSolver(space) })
    Measure($"Nash solver alone ({solver.Name}), 1 thread", 2_000, 1, () =>
    {
        for (var k = 0; k < 2_000; k++)
        {
            var random = new DrawRandom(7, k);
            EstimateSampler.Draw(space, SamplingDistribution.Triangular, ref random, parameters);
            space.Compile(parameters, draw);
            solver.TrySolve(draw, choices, out _);
        }
    });
Measure("sensitivity: tornado + thresholds (incl. base exhaustive analysis)", 0, 1, () => SensitivityAnalysis.Run(scenario));
Measure("timeline: 13 dates, 5 preference states, exhaustive each", 0, Environment.ProcessorCount, () => TimelineAnalysis.Run(scenario));
Console.WriteLine();
Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");
