using System.Diagnostics;
using System.Text;
using Parley.Bargaining;
using Parley.Core.Evaluation;
using Parley.Core.Model;

namespace Parley.Robustness;

public sealed record RobustnessOptions
{
    public int Draws { get; init; } = 10_000;
    public ulong Seed { get; init; } = 1;
    public SamplingDistribution Distribution { get; init; } = SamplingDistribution.Triangular;
    /// <summary>How many of the base analysis's best packages to follow.</summary>
    public int Top { get; init; } = 5;
    /// <summary>Worker threads; null uses every core. Results do not depend on it.</summary>
    public int? Threads { get; init; }
    /// <summary>The per-draw bargaining analysis; null picks <see cref="AgreementSolvers.Default"/>.</summary>
    public AgreementSolverFactory? Solver { get; init; }
    /// <summary>How many of the most frequent Nash solutions to list.</summary>
    public int NashSolutionsListed { get; init; } = 10;

    public const int MaxDraws = 10_000_000;
}

/// <summary>A run's cost before it starts: <see cref="WorkPerDraw"/> units per draw, wall seconds on the threads given, peak bytes.</summary>
public sealed record RobustnessEstimate(int Draws, double WorkPerDraw, double Seconds, long Bytes)
{
    /// <summary>The most draws that fit in <paramref name="seconds"/>.</summary>
    public int DrawsWithin(double seconds) => (int)Math.Clamp(Draws * seconds / Math.Max(Seconds, 1e-9), 1, RobustnessOptions.MaxDraws);
}

/// <summary>One party's reaction to a tracked package across the draws.</summary>
public sealed record PartyAcceptance(string PartyId, bool Required, Verdict BaseVerdict, double BaseMarginMin, double BaseMarginMax,
    Proportion Accepts, Proportion DoesNotReject, double MeanMarginMin, double MeanMarginMax);

public sealed record PackageRobustness(TrackedPackage Package, IReadOnlyList<PartyAcceptance> Parties,
    Proportion AllRequiredAccept, Proportion SomeCompletionAcceptedByAllRequired, Proportion IsNashSolution)
{
    public PartyAcceptance For(string partyId) => Parties.First(p => p.PartyId == partyId);
}

/// <summary>A package that was the Nash solution in some draws.</summary>
public sealed record NashSolutionFrequency(Package Package, Proportion Share, string? TrackedId);

public sealed record RobustnessResult(
    Scenario Scenario,
    RobustnessOptions Options,
    string SolverName,
    int EstimateCount,
    AgreementSpaceSummary? BaseSpace,
    IReadOnlyList<PackageRobustness> Packages,
    IReadOnlyList<NashSolutionFrequency> NashSolutions,
    int DistinctNashSolutions,
    Proportion ZoneNonEmpty,
    TimeSpan Elapsed);

/// <summary>
/// Monte Carlo robustness: draws every estimated number from its plausible range, recompiles the flat
/// utility tables and re-judges every tracked package and the Nash solution. Draw k uses a generator
/// seeded from (seed, k) and draws are grouped in fixed blocks whose integer counts are added in block
/// order, so a seed gives the same result on any number of threads.
/// </summary>
public static class RobustnessAnalysis
{
    private const int BlockSize = 64;

    public static RobustnessResult Run(Scenario scenario, RobustnessOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        if (options.Draws is < 1 or > RobustnessOptions.MaxDraws)
            throw new RobustnessException($"the number of draws must be between 1 and {RobustnessOptions.MaxDraws:N0}, got {options.Draws}");
        if (options.Threads is < 1)
            throw new RobustnessException($"the number of threads must be at least 1, got {options.Threads}");
        if (options.Top is < 0 or > 1000)
            throw new RobustnessException($"the number of best packages must be between 0 and 1000, got {options.Top}");
        UtilityModel model;
        try
        {
            model = new UtilityModel(scenario);
        }
        catch (InvalidOperationException e)
        {
            throw new RobustnessException(e.Message);
        }
        var clock = Stopwatch.StartNew();
        var space = new ParameterSpace(model);
        var solverFactory = options.Solver ?? AgreementSolvers.Default;
        var baseSpace = BaseAnalysis(space, options.Top, solverFactory, cancellation, options.Threads);
        var tracked = TrackedPackage.For(space, baseSpace?.BestByNash.Select(b => b.Package) ?? []);
        var run = Simulate(space, tracked, options, solverFactory, progress, cancellation);
        return Summarise(space, tracked, options, run, baseSpace, clock.Elapsed);
    }

    /// <summary>The best packages of the unperturbed scenario, exhaustively when it is small enough to list.</summary>
    /// <summary>
    /// Processor time per unit of <see cref="RobustnessEstimate.WorkPerDraw"/>, measured on this project's machine: the
    /// built-in scenario's 100,000 draws took 19 s of processor time (see docs/performance.md).
    /// </summary>
    public const double SecondsPerWorkUnit = 1.4e-8;

    /// <summary>
    /// What a run would cost, from the model's size and before any draw: per draw, drawing every estimate and compiling
    /// the utility tables (parameters × parties), judging every tracked package (tracked × parties × issues) and one
    /// Nash solve per draw and per partial tracked package, whose work is counted on the unperturbed scenario
    /// (the partial packages built by the frontier solver). Memory: the per-thread tables and one tally per distinct
    /// Nash solution, at most one per draw.
    /// </summary>
    public static RobustnessEstimate Estimate(Scenario scenario, RobustnessOptions options, int trackedPackages)
    {
        var space = new ParameterSpace(scenario);
        var solver = (options.Solver ?? AgreementSolvers.Default)(space);
        var draw = space.NewDrawModel();
        space.Compile(space.BaseParameters, draw);
        var choices = new int[space.IssueCount];
        solver.TrySolve(draw, choices, out _);
        var solveWork = solver is FrontierNashSolver frontier ? frontier.LastWork : (double)space.OptionTotal * space.PartyCount * space.IssueCount;
        var tracked = trackedPackages + scenario.Proposals.Count;
        var perDraw = (double)space.Stride * space.PartyCount + (double)tracked * space.PartyCount * space.IssueCount
                      + solveWork * (1 + scenario.Proposals.Count(p => p.Terms.Count < space.IssueCount));
        var threads = Math.Max(1, Math.Min(options.Threads ?? Environment.ProcessorCount, Environment.ProcessorCount));
        var seconds = options.Draws * perDraw * SecondsPerWorkUnit / threads;
        var distinctNash = Math.Min(options.Draws, Math.Max(1, scenario.PackageCount));
        var bytes = (long)(threads * (space.Stride * 8.0 * 4 + space.OptionTotal * space.PartyCount * 8.0 * 2 + Math.Max(1, solveWork) * 48)
                           + distinctNash * (space.IssueCount * 4.0 + 80));
        return new RobustnessEstimate(options.Draws, perDraw, seconds, bytes);
    }

    internal static AgreementSpaceSummary? BaseAnalysis(ParameterSpace space, int top, AgreementSolverFactory solverFactory, CancellationToken cancellation,
        int? threads = null)
    {
        if (space.Scenario.PackageCount <= ExhaustiveAnalysis.MaxPackages)
            return ExhaustiveAnalysis.Run(space.Model, top, cancellation: cancellation, maxDegreeOfParallelism: threads);
        var draw = space.NewDrawModel();
        space.Compile(space.BaseParameters, draw);
        var choices = new int[space.IssueCount];
        if (top == 0 || !solverFactory(space).TrySolve(draw, choices, out var nash)) return null;
        var package = new Package(choices);
        return new AgreementSpaceSummary(space.Scenario.PackageCount, -1,
            [new RankedPackage(package, space.Model.Parties.Select(p => p.Utility(choices)).ToArray(), nash)]);
    }

    internal sealed class Counts(int tracked, int parties)
    {
        public readonly long[] Accepts = new long[tracked * parties];
        public readonly long[] DoesNotReject = new long[tracked * parties];
        public readonly double[] MarginMinSum = new double[tracked * parties];
        public readonly double[] MarginMaxSum = new double[tracked * parties];
        public readonly long[] AllAccept = new long[tracked];
        public readonly long[] SomeCompletion = new long[tracked];
        public readonly Dictionary<string, long> Nash = [];
        public long ZoneNonEmpty;

        public void Add(Counts other)
        {
            for (var i = 0; i < Accepts.Length; i++)
            {
                Accepts[i] += other.Accepts[i];
                DoesNotReject[i] += other.DoesNotReject[i];
                MarginMinSum[i] += other.MarginMinSum[i];
                MarginMaxSum[i] += other.MarginMaxSum[i];
            }
            for (var i = 0; i < AllAccept.Length; i++)
            {
                AllAccept[i] += other.AllAccept[i];
                SomeCompletion[i] += other.SomeCompletion[i];
            }
            foreach (var (key, n) in other.Nash) Nash[key] = Nash.GetValueOrDefault(key) + n;
            ZoneNonEmpty += other.ZoneNonEmpty;
        }
    }

    private sealed class Worker(ParameterSpace space, IAgreementSolver solver, IAgreementSolver?[] completionSolvers)
    {
        /// <summary>Per tracked package: a solver over its completions, or null for a complete package.</summary>
        public readonly IAgreementSolver?[] CompletionSolvers = completionSolvers;
        public readonly double[] Parameters = new double[space.BaseParameters.Length];
        public readonly DrawModel Draw = space.NewDrawModel();
        public readonly int[] Choices = new int[space.IssueCount];
        public readonly IAgreementSolver Solver = solver;
    }

    internal static string Key(ReadOnlySpan<int> choices)
    {
        var builder = new StringBuilder(choices.Length * 2);
        for (var i = 0; i < choices.Length; i++)
        {
            if (i > 0) builder.Append('.');
            builder.Append(choices[i]);
        }
        return builder.ToString();
    }

    internal static Counts Simulate(ParameterSpace space, IReadOnlyList<TrackedPackage> tracked, RobustnessOptions options,
        AgreementSolverFactory solverFactory, IProgress<double>? progress, CancellationToken cancellation)
    {
        var draws = options.Draws;
        var blocks = (draws + BlockSize - 1) / BlockSize;
        var results = new Counts?[blocks];
        var parties = space.PartyCount;
        var total = new Counts(tracked.Count, parties);
        var merged = 0;
        var required = new bool[parties];
        foreach (var r in space.Required) required[r] = true;
        long done = 0;
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellation,
            MaxDegreeOfParallelism = options.Threads ?? Environment.ProcessorCount,
        };
        Parallel.For(0, blocks, parallel, () => new Worker(space, solverFactory(space),
            tracked.Select(t => t.Package.IsComplete ? null : solverFactory(space, t.Package)).ToArray()), (block, loop, worker) =>
        {
            var counts = new Counts(tracked.Count, parties);
            var first = block * BlockSize;
            var last = Math.Min(draws, first + BlockSize);
            for (var drawIndex = first; drawIndex < last; drawIndex++)
            {
                var random = new DrawRandom(options.Seed, drawIndex);
                EstimateSampler.Draw(space, options.Distribution, ref random, worker.Parameters);
                space.Compile(worker.Parameters, worker.Draw);
                for (var t = 0; t < tracked.Count; t++)
                {
                    var package = tracked[t];
                    var allAccept = true;
                    for (var p = 0; p < parties; p++)
                    {
                        var (min, max) = worker.Draw.Bounds(p, package.Package.Choices);
                        var reservation = worker.Draw.Reservations[p];
                        var verdict = package.VerdictFrom(p, min, max, reservation);
                        var cell = t * parties + p;
                        if (verdict == Verdict.Accept) counts.Accepts[cell]++;
                        if (verdict != Verdict.Reject) counts.DoesNotReject[cell]++;
                        counts.MarginMinSum[cell] += min - reservation;
                        counts.MarginMaxSum[cell] += max - reservation;
                        if (required[p] && verdict != Verdict.Accept) allAccept = false;
                    }
                    if (allAccept) counts.AllAccept[t]++;
                    var someCompletion = worker.CompletionSolvers[t] is { } completions
                        ? allAccept || completions.TrySolve(worker.Draw, worker.Choices, out _)
                        : allAccept;
                    if (someCompletion) counts.SomeCompletion[t]++;
                }
                if (worker.Solver.TrySolve(worker.Draw, worker.Choices, out _))
                {
                    counts.ZoneNonEmpty++;
                    var key = Key(worker.Choices);
                    counts.Nash[key] = counts.Nash.GetValueOrDefault(key) + 1;
                }
            }
            results[block] = counts;
            // Fold finished blocks into the total in block order as soon as they are contiguous, so that only the
            // blocks finished out of order are held (all 156,250 blocks of 10^7 draws were held before) and the
            // sums stay in the same order on any number of threads.
            lock (total)
            {
                while (merged < blocks && results[merged] is { } next)
                {
                    total.Add(next);
                    results[merged++] = null;
                }
            }
            var finished = Interlocked.Add(ref done, last - first);
            progress?.Report((double)finished / draws);
            return worker;
        }, _ => { });
        return total;
    }

    private static RobustnessResult Summarise(ParameterSpace space, IReadOnlyList<TrackedPackage> tracked, RobustnessOptions options, Counts counts,
        AgreementSpaceSummary? baseSpace, TimeSpan elapsed)
    {
        var n = options.Draws;
        var parties = space.PartyCount;
        var baseDraw = space.NewDrawModel();
        space.Compile(space.BaseParameters, baseDraw);
        var required = new HashSet<int>(space.Required);
        var trackedKeys = tracked.Select(t => t.Package.IsComplete ? Key(t.Package.Choices) : null).ToList();

        var packages = new List<PackageRobustness>();
        for (var t = 0; t < tracked.Count; t++)
        {
            var list = new List<PartyAcceptance>();
            for (var p = 0; p < parties; p++)
            {
                var cell = t * parties + p;
                var (min, max) = baseDraw.Bounds(p, tracked[t].Package.Choices);
                var r = baseDraw.Reservations[p];
                list.Add(new PartyAcceptance(space.PartyId(p), required.Contains(p), tracked[t].VerdictFrom(p, min, max, r), min - r, max - r,
                    Proportion.Wilson(counts.Accepts[cell], n), Proportion.Wilson(counts.DoesNotReject[cell], n),
                    counts.MarginMinSum[cell] / n, counts.MarginMaxSum[cell] / n));
            }
            var nashCount = trackedKeys[t] is { } key ? counts.Nash.GetValueOrDefault(key) : 0;
            packages.Add(new PackageRobustness(tracked[t], list, Proportion.Wilson(counts.AllAccept[t], n),
                Proportion.Wilson(counts.SomeCompletion[t], n), Proportion.Wilson(nashCount, n)));
        }

        var nash = counts.Nash
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(options.NashSolutionsListed)
            .Select(kv =>
            {
                var choices = kv.Key.Split('.').Select(int.Parse).ToArray();
                var trackedIndex = trackedKeys.IndexOf(kv.Key);
                return new NashSolutionFrequency(new Package(choices), Proportion.Wilson(kv.Value, n), trackedIndex >= 0 ? tracked[trackedIndex].Id : null);
            })
            .ToList();
        var solverName = (options.Solver ?? AgreementSolvers.Default)(space).Name;
        return new RobustnessResult(space.Scenario, options, solverName, space.Estimates.Count, baseSpace, packages, nash, counts.Nash.Count,
            Proportion.Wilson(counts.ZoneNonEmpty, n), elapsed);
    }
}
