using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Parley.Bargaining;
using Parley.Core.Evaluation;
using Parley.Core.Model;
using Parley.Storage;

namespace Parley.Web.Services;

/// <summary>Parameters of an analysis run, stored with it as JSON.</summary>
public sealed record AnalysisParameters(int Top);

/// <summary>
/// Runs analyses in the background, one at a time (the machine is small and the enumeration uses every
/// core), records each in the database when it starts and when it ends, and keeps the progress and
/// cancellation of running ones in memory so pages and the API can poll them.
/// </summary>
public sealed class AnalysisRunner(ScenarioLibrary library, RunStore runs, ILogger<AnalysisRunner> logger) : IDisposable
{
    public const string ExhaustiveEngine = "bargaining.exhaustive";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed class Job
    {
        public readonly CancellationTokenSource Cancellation = new();
        public double Progress;
        public Task? Task;
    }

    private readonly ConcurrentDictionary<long, Job> _jobs = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public RunStore Runs => runs;

    /// <summary>Records and starts a run; null when the scenario version does not exist.</summary>
    public AnalysisRun? Start(string slug, int? version, int top, long? seed, string? author)
    {
        if (top is < 0 or > 1000) throw new RequestException("top must be between 0 and 1000", "top");
        var loaded = library.Load(slug, version);
        if (loaded is null) return null;
        if (loaded.Model is null) throw new RequestException($"scenario '{slug}' has no preferences, so there is nothing to analyse");
        if (loaded.Scenario.PackageCount > ExhaustiveAnalysis.MaxPackages)
            throw new RequestException($"exhaustive enumeration is limited to {ExhaustiveAnalysis.MaxPackages:0.#e0} packages; this scenario has {loaded.Scenario.PackageCount:0.###e0}");
        var parameters = JsonSerializer.Serialize(new AnalysisParameters(top), Json);
        var run = runs.Start(slug, loaded.Info.Version, ExhaustiveEngine, parameters, seed, string.IsNullOrWhiteSpace(author) ? "anonymous" : author.Trim());
        if (run is null) return null;
        var job = new Job();
        _jobs[run.Id] = job;
        job.Task = Task.Run(() => Execute(run.Id, loaded, top, job));
        return run;
    }

    public bool Cancel(long id)
    {
        if (!_jobs.TryGetValue(id, out var job)) return false;
        job.Cancellation.Cancel();
        return true;
    }

    /// <summary>Progress in [0, 1] of a running run; 1 for a finished one.</summary>
    public double Progress(AnalysisRun run) =>
        run.Status != RunStatus.Running ? 1 : _jobs.TryGetValue(run.Id, out var job) ? Volatile.Read(ref job.Progress) : 0;

    /// <summary>Waits for a running run to finish (tests and shutdown); returns at once for others.</summary>
    public Task WaitAsync(long id) => _jobs.TryGetValue(id, out var job) && job.Task is { } task ? task : Task.CompletedTask;

    private async Task Execute(long id, LoadedVersion loaded, int top, Job job)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await _gate.WaitAsync(job.Cancellation.Token);
            try
            {
                var result = Analyse(loaded, top, new JobProgress(job), job.Cancellation.Token);
                runs.Finish(id, RunStatus.Succeeded, clock.Elapsed.TotalMilliseconds, JsonSerializer.Serialize(result, Json), null);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception e) when (e is OperationCanceledException || (e is AggregateException && job.Cancellation.IsCancellationRequested))
        {
            runs.Finish(id, RunStatus.Cancelled, clock.Elapsed.TotalMilliseconds, null, "cancelled");
        }
        catch (Exception e)
        {
            logger.LogError(e, "analysis run {Id} failed", id);
            runs.Finish(id, RunStatus.Failed, clock.Elapsed.TotalMilliseconds, null, e.Message);
        }
        finally
        {
            _jobs.TryRemove(id, out _);
        }
    }

    /// <summary>Writes progress straight into the job (System.Progress would post to a context and lag).</summary>
    private sealed class JobProgress(Job job) : IProgress<double>
    {
        public void Report(double value) => Volatile.Write(ref job.Progress, value);
    }

    /// <summary>Every proposal's evaluation plus the zone of agreement and best packages: what <c>parley analyze</c> computes.</summary>
    public static AnalysisResultDto Analyse(LoadedVersion loaded, int top, IProgress<double>? progress, CancellationToken cancellation)
    {
        var scenario = loaded.Scenario;
        var model = loaded.Model!;
        var proposals = scenario.Proposals.OrderBy(p => p.Date ?? new PartialDate(9999))
            .Select(p => EvaluationDto.From(scenario, ProposalEvaluator.Evaluate(model, p), p)).ToList();
        var clock = Stopwatch.StartNew();
        var space = ExhaustiveAnalysis.Run(model, top, progress, cancellation);
        var zopa = new ZopaDto(space.PackageCount, space.AcceptableCount, "exhaustive", clock.Elapsed.TotalSeconds,
            space.BestByNash.Select(b => new BestPackageDto(b.Package.ToTerms(scenario), b.NashProduct,
                model.Parties.Select((p, i) => new PartyGainDto(p.Party.Id, b.Utilities[i], b.Utilities[i] - p.Reservation)).ToList())).ToList());
        return new AnalysisResultDto(scenario.Id, loaded.Info.Version, scenario.Agreement.RequiredParties, proposals, zopa);
    }

    public AnalysisRunDto ToDto(AnalysisRun run) => new(run.Id, run.Slug, run.Version, run.Engine, run.Parameters, run.Seed, run.Author,
        run.Status.ToString().ToLowerInvariant(), Progress(run), run.StartedAt, run.FinishedAt, run.DurationMs, run.Error,
        run.Result is null ? null : JsonSerializer.Deserialize<AnalysisResultDto>(run.Result, Json));

    public void Dispose()
    {
        foreach (var job in _jobs.Values) job.Cancellation.Cancel();
    }
}
