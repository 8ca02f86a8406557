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
        var baseSpace = BaseAnalysis(space, options.Top, solverFactory, cancellation);
        var tracked = TrackedPackage.For(space, baseSpace?.BestByNash.Select(b => b.Package) ?? []);
        var run = Simulate(space, tracked, options, solverFactory, progress, cancellation);
        return Summarise(space, tracked, options, run, baseSpace, clock.Elapsed);
    }

    /// <summary>The best packages of the unperturbed scenario, exhaustively when it is small enough to list.</summary>
    internal static AgreementSpaceSummary? BaseAnalysis(ParameterSpace space, int top, AgreementSolverFactory solverFactory, CancellationToken cancellation)
    {
        if (space.Scenario.PackageCount <= ExhaustiveAnalysis.MaxPackages)
            return ExhaustiveAnalysis.Run(space.Model, top, cancellation: cancellation);
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
        var results = new Counts[blocks];
        var parties = space.PartyCount;
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
            var finished = Interlocked.Add(ref done, last - first);
            progress?.Report((double)finished / draws);
            return worker;
        }, _ => { });

        var total = new Counts(tracked.Count, parties);
        foreach (var block in results) total.Add(block);
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
