using System.Diagnostics;
using System.Globalization;
using Parley.Forecast;
using Parley.Forecast.Eum;
using Parley.Forecast.Model;
using Parley.Forecast.Smp;

// Benchmark of both forecast engines on random scenarios with fixed seeds.
// Usage: dotnet run -c Release --project bench/Parley.Forecast.Bench [-- --quick] [--iterations N] [--only smp:100:3] [--threads N]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");
var iterations = args.SkipWhile(a => a != "--iterations").Skip(1).Select(int.Parse).FirstOrDefault(quick ? 1 : 5);
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var threads = args.SkipWhile(a => a != "--threads").Skip(1).Select(int.Parse).FirstOrDefault(-1);
int[] actorCounts = quick ? [10, 30, 100] : [10, 30, 100, 300];
int[] dimCounts = [1, 3, 5];

Console.WriteLine($"Parley.Forecast benchmark: {Environment.ProcessorCount} cores, {iterations} timed iterations after 1 warm-up, median reported; " +
    $"load average {LoadAverage()}; threads {(threads < 0 ? "all" : threads)}");
Console.WriteLine();
// CPU time (all threads) is less disturbed by other processes than wall time on a busy machine.
Console.WriteLine("| engine | actors | dims | rounds | converged | median run (ms) | per round (ms) | CPU/run (ms) | allocated/run (MB) |");
Console.WriteLine("|---|---:|---:|---:|---|---:|---:|---:|---:|");
foreach (var engine in new[] { "eum", "smp" })
{
    foreach (var n in actorCounts)
    {
        foreach (var d in dimCounts)
        {
            if (only is not null && only != $"{engine}:{n}:{d}") continue;
            // SMP on 300 actors takes tens of seconds per run; one timed iteration is enough there.
            var its = engine == "smp" && n >= 300 ? 1 : iterations;
            var model = RandomModel(n, d, seed: 1000 + n * 10 + d);
            Func<ForecastResult> run = engine == "eum"
                ? () => new EumEngine(new EumOptions { MaxRounds = 100, MaxDegreeOfParallelism = threads }).Run(model)
                : () => new SmpEngine(new SmpOptions { MaxTurns = 100, MaxDegreeOfParallelism = threads }).Run(model);
            var warm = run();
            var times = new List<double>();
            var cpu = new List<double>();
            long allocated = 0;
            for (var it = 0; it < its; it++)
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                warm = run();
                sw.Stop();
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
                allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            cpu.Sort();
            var median = times[times.Count / 2];
            var rounds = Math.Max(1, warm.RoundCount);
            Console.WriteLine($"| {engine} | {n} | {d} | {warm.RoundCount} | {(warm.Converged ? "yes" : "no")} | {median:0.0} | {median / rounds:0.00} | {cpu[cpu.Count / 2]:0} | {allocated / 1e6:0.0} |");
        }
    }
}
Console.WriteLine();
Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static SpatialModel RandomModel(int actors, int dims, int seed)
{
    var rng = new Random(seed);
    var dimensions = Enumerable.Range(0, dims).Select(k => new Dimension($"d{k}", $"Dim {k}", 0, 100)).ToArray();
    var list = new List<SpatialActor>();
    for (var i = 0; i < actors; i++)
    {
        var weights = Enumerable.Range(0, dims).Select(_ => 0.1 + rng.NextDouble()).ToArray();
        var total = weights.Sum() / (0.75 + 0.24 * rng.NextDouble());
        var stances = weights.Select(w => new Stance(Math.Round(rng.NextDouble() * 100, 2), w / total)).ToArray();
        list.Add(new SpatialActor($"A{i:000}", 10 + 190 * rng.NextDouble(), stances));
    }
    return SpatialModel.Create($"random-{actors}x{dims}", dimensions, list);
}
