using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parley.Analysis.Analyses;
using Parley.Analysis.Contracts;
using Parley.Analysis.Json;
using Parley.Storage;

namespace Parley.Web.Services;

/// <summary>Parameters of an analysis run, stored with it as JSON.</summary>
/// <remarks>Unset fields are left out, so a bargaining run's parameters read as before: <c>{"top":5}</c>.</remarks>
public sealed record AnalysisParameters(
    int Top,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Model = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? StatusQuo = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? Draws = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Distribution = null)
{
    // Stability: the options a stability run was asked for, left out when not given.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StabilityParameters? Stability { get; init; }
}

/// <summary>A stability run's own options as stored with it (unset ones left out).</summary>
public sealed record StabilityParameters(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Concepts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Coalitions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Composites,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Horizon,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? NonMyopic,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Inverse,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InverseConcepts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Goals,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Explain,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? AllStates,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Force)
{
    public static StabilityParameters? Of(AnalysisOptions o)
    {
        var p = new StabilityParameters(o.Concepts, o.Coalitions is { Count: > 0 } c ? c : null, o.Composites is { Count: > 0 } m ? m : null, o.Horizon,
            o.NonMyopic ? true : null, o.Inverse, o.InverseConcepts, o.Goals is { Count: > 0 } g ? g : null, o.Explain, o.AllStates ? true : null, o.Force ? true : null);
        return p == Empty ? null : p;
    }

    private static readonly StabilityParameters Empty = new(null, null, null, null, null, null, null, null, null, null, null);
}

/// <summary>
/// Runs analyses in the background, one at a time (the machine is small and the enumeration uses every
/// core), records each in the database when it starts and when it ends, and keeps the progress and
/// cancellation of running ones in memory so pages and the API can poll them.
/// </summary>
public sealed class AnalysisRunner(ScenarioLibrary library, RunStore runs, AnalysisCatalog catalog, ILogger<AnalysisRunner> logger, ParleyWebOptions? options = null) : IDisposable
{
    /// <summary>Retry-After for a full queue: a typical run's length on the workbench's small machine.</summary>
    public const int QueueRetryAfterSeconds = 30;
    /// <summary>How long on-request work waits for the engine before it is told the engine is busy (503).</summary>
    public static readonly TimeSpan EngineWait = TimeSpan.FromSeconds(5);
    private readonly ParleyWebOptions _options = options ?? new ParleyWebOptions();
    private readonly object _startLock = new();

    /// <summary>What <c>parley analyze</c> runs (the analysis layer's bargaining contract).</summary>
    public const string BargainingEngine = BargainingAnalysisContract.AnalysisName;
    /// <summary>Enumerates every package: the reference, slow on large scenarios, with fine-grained progress.</summary>
    public const string ExhaustiveEngine = ExhaustiveAnalysisContract.AnalysisName;
    /// <summary>Graph-model stability of the scenario's conflict section (<c>parley stability</c>).</summary>
    public const string StabilityEngine = StabilityAnalysisContract.AnalysisName;
    /// <summary>Spatial forecast of the scenario's spatial section (<c>parley forecast</c>, SMP or EUM).</summary>
    public const string ForecastEngine = "forecast";
    /// <summary>Monte Carlo acceptance probabilities, Nash-solution frequencies and the tornado (<c>parley robustness</c>).</summary>
    public const string RobustnessEngine = RobustnessAnalysisContract.AnalysisName;
    /// <summary>The scenario at each recorded date: zone of agreement, reservation values, verdicts (<c>parley timeline</c>).</summary>
    public const string TimelineEngine = TimelineAnalysisContract.AnalysisName;
    /// <summary>The engines not yet moved into the analysis catalog; the catalog's analyses come first.</summary>
    private static readonly IReadOnlyList<string> LegacyEngines = [ForecastEngine];

    public IReadOnlyList<string> Engines => [.. catalog.Names, .. LegacyEngines];
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
    /// <param name="more">Options of one analysis besides the common ones (the stability run's concepts, coalitions, goals, …).</param>
    public AnalysisRun? Start(string slug, int? version, int top, long? seed, string? author, string? engine = null, string? model = null, string? statusQuo = null,
        int? draws = null, string? distribution = null, AnalysisOptions? more = null)
    {
        engine ??= BargainingEngine;
        if (!Engines.Contains(engine)) throw new RequestException($"unknown engine '{engine}'; use one of {string.Join(", ", Engines)}", "engine");
        if (top is < 0 or > 1000) throw new RequestException("top must be between 0 and 1000", "top");
        if (Api.ScenarioIds.Problem(slug) is { } badId) throw new RequestException(badId, "scenario");
        var loaded = library.Load(slug, version);
        if (loaded is null) return null;
        var contract = catalog.Find(engine);
        if (seed is < 0) throw new RequestException("seed must not be negative", "seed");
        // Every request field goes to the contract as given; the contract applies its defaults (AnalysisDefaults) and says what it refuses.
        // A robustness run has no time limit (it is followed and can be cancelled), so an estimate over the command line's limits does not stop it.
        var options = (more ?? AnalysisOptions.Default) with
        {
            Top = top, Seed = seed is { } sd ? (ulong)sd : null, Model = model, StatusQuo = statusQuo, Draws = draws, Distribution = distribution,
            Force = (more?.Force ?? false) || engine == RobustnessEngine,
        };
        if (contract is not null && contract.Validate(loaded.Scenario, options) is { Count: > 0 } problems)
        {
            // Located problems (a section's errors) go back as a list; an option's problem as that option's.
            if (problems.Any(p => p.Location is not null))
                throw new AnalysisException($"the scenario has {problems.Count} error(s) for the {engine} analysis: {problems[0].Message}", problems);
            throw new RequestException(problems[0].Message, problems[0].Path);
        }
        if (engine == ForecastEngine)
        {
            Parley.Web.Engines.ForecastService.ReadModel(loaded.Scenario);
            model = (model ?? "smp").Trim().ToLowerInvariant();
            if (!Parley.Web.Engines.ForecastService.Models.Contains(model)) throw new RequestException($"unknown forecast model '{model}'; use smp or eum", "model");
            if (seed is < 0) throw new RequestException("seed must not be negative", "seed");
        }
        if (contract is null && engine is not ForecastEngine && loaded.Model is null) throw new RequestException($"scenario '{slug}' has no preferences, so there is nothing to analyse");
        var parameters = JsonSerializer.Serialize(contract is not null ? new AnalysisParameters(top, model, statusQuo, draws, distribution) { Stability = StabilityParameters.Of(options) } : engine switch
        {
            ForecastEngine => new AnalysisParameters(top, Model: model),
            _ => new AnalysisParameters(top),
        }, Json);
        AnalysisRun? run;
        var job = new Job();
        // One run executes, at most MaxQueuedRuns wait; the check and the insert are one step, so racing starts cannot overfill it.
        lock (_startLock)
        {
            if (_jobs.Count >= 1 + _options.MaxQueuedRuns)
                throw new LimitException(StatusCodes.Status429TooManyRequests,
                    $"the analysis queue is full: one run is executing and {_options.MaxQueuedRuns} are waiting (Parley:MaxQueuedRuns); try again when one has finished, or cancel one",
                    QueueRetryAfterSeconds);
            run = runs.Start(slug, loaded.Info.Version, engine, parameters, seed, string.IsNullOrWhiteSpace(author) ? "anonymous" : author.Trim());
            if (run is null) return null;
            _jobs[run.Id] = job;
        }
        var id = run.Id;
        job.Task = Task.Run(() => Execute(id, loaded, engine, top, job, model, statusQuo, seed, draws, distribution, contract, options));
        return run;
    }

    public bool Cancel(long id)
    {
        if (!_jobs.TryGetValue(id, out var job)) return false;
        job.Cancellation.Cancel();
        return true;
    }

    /// <summary>Progress in [0, 1] of a running run; 0 for a queued one, 1 for a finished one.</summary>
    public double Progress(AnalysisRun run) => run.Status switch
    {
        RunStatus.Queued => 0,
        RunStatus.Running => _jobs.TryGetValue(run.Id, out var job) ? Volatile.Read(ref job.Progress) : 0,
        _ => 1,
    };

    /// <summary>Runs executing or waiting in this process.</summary>
    public int Pending => _jobs.Count;

    /// <summary>
    /// Runs work a request asked for (stability, forecast, timeline, bridge) in the one engine slot the runs use, within
    /// the request budget (<see cref="ParleyWebOptions.RequestBudgetSeconds"/>): it waits at most <see cref="EngineWait"/>
    /// for the slot (else 503 with Retry-After), stops when <paramref name="aborted"/> fires (the client went away) and
    /// is cancelled at the budget (422: start it as a run instead).
    /// </summary>
    public async Task<T> OnRequestAsync<T>(string what, Func<CancellationToken, T> work, CancellationToken aborted)
    {
        var budget = TimeSpan.FromSeconds(_options.RequestBudgetSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(budget);
        bool entered;
        try
        {
            entered = await _gate.WaitAsync(budget < EngineWait ? budget : EngineWait, deadline.Token);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            entered = false;
        }
        if (!entered)
            throw new LimitException(StatusCodes.Status503ServiceUnavailable,
                $"the engine is busy with an analysis run ({Pending} running or queued); {what} waited {Math.Min(budget.TotalSeconds, EngineWait.TotalSeconds):0.#} s. Try again shortly, or start it as a run (POST /api/analyses)",
                10);
        try
        {
            return await Task.Run(() => work(deadline.Token), deadline.Token);
        }
        catch (Exception e) when ((e is OperationCanceledException || (e is AggregateException && deadline.IsCancellationRequested)) && !aborted.IsCancellationRequested)
        {
            throw new LimitException(StatusCodes.Status422UnprocessableEntity,
                $"{what} was stopped after the request budget of {budget.TotalSeconds:0.###} s (Parley:RequestBudgetSeconds); start it as an analysis run (POST /api/analyses), which has no time limit and can be followed and cancelled");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for a running run to finish (tests and shutdown); returns at once for others.</summary>
    public Task WaitAsync(long id) => _jobs.TryGetValue(id, out var job) && job.Task is { } task ? task : Task.CompletedTask;

    private async Task Execute(long id, LoadedVersion loaded, string engine, int top, Job job, string? model, string? statusQuo, long? seed, int? draws, string? distribution,
        IAnalysisContract? contract, AnalysisOptions options)
    {
        var clock = new Stopwatch();
        try
        {
            await _gate.WaitAsync(job.Cancellation.Token);
            try
            {
                // The duration counts from here, when the run executes, not from when it was queued.
                if (!runs.MarkRunning(id)) return;
                clock.Start();
                job.Cancellation.Token.ThrowIfCancellationRequested();
                if (contract is not null)
                {
                    var document = contract.Run(loaded.Scenario, options, new JobProgress(job), job.Cancellation.Token);
                    runs.Finish(id, RunStatus.Succeeded, clock.Elapsed.TotalMilliseconds, ResultJson.Serialize(document, indented: false), null);
                    return;
                }
                object result = engine switch
                {
                    ForecastEngine => Parley.Web.Engines.ForecastService.Run(loaded, model, seed is { } s ? (ulong)s : null, new JobProgress(job), job.Cancellation.Token),
                    _ => throw new InvalidOperationException($"engine '{engine}' has no runner"),
                };
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
        catch (AnalysisException e)
        {
            runs.Finish(id, RunStatus.Failed, clock.Elapsed.TotalMilliseconds, null, e.Message);
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

    private sealed record ParsedResult(JsonElement? Document, BargainingResult? Bargaining, Parley.Web.Engines.ForecastDto? Forecast);

    private const int ResultCacheLimit = 32;
    private readonly ConcurrentDictionary<long, ParsedResult> _results = new();

    /// <summary>A finished run's result parsed once: a stored result never changes, so polls and page renders reuse it.</summary>
    private ParsedResult Parse(AnalysisRun run)
    {
        if (run.Result is null) return new ParsedResult(null, null, null);
        if (_results.TryGetValue(run.Id, out var cached)) return cached;
        var parsed = new ParsedResult(
            LegacyEngines.Contains(run.Engine) ? null : JsonDocument.Parse(run.Result).RootElement.Clone(),
            run.Engine is BargainingEngine or ExhaustiveEngine ? ResultJson.Deserialize<AnalysisDocument<BargainingResult>>(run.Result).Result : null,
            run.Engine == ForecastEngine ? JsonSerializer.Deserialize<Parley.Web.Engines.ForecastDto>(run.Result, Json) : null);
        if (_results.Count >= ResultCacheLimit) _results.Clear();
        _results[run.Id] = parsed;
        return parsed;
    }

    /// <summary>The bargaining result of a finished run of a catalog analysis (bargaining, exhaustive); null for other runs.</summary>
    public BargainingResult? BargainingOf(AnalysisRun run) => Parse(run).Bargaining;

    private readonly ConcurrentDictionary<(long, Type), object> _typed = new();

    /// <summary>
    /// The typed result of a finished run of a catalog analysis whose document holds a <typeparamref name="T"/>;
    /// null for a run that has not finished or belongs to another analysis. Parsed once per run and type.
    /// </summary>
    public T? ResultOf<T>(AnalysisRun run, string analysis) where T : class
    {
        if (run.Result is null || run.Engine != analysis) return null;
        if (_typed.TryGetValue((run.Id, typeof(T)), out var cached)) return (T)cached;
        var result = ResultJson.Deserialize<AnalysisDocument<T>>(run.Result).Result;
        if (_typed.Count >= ResultCacheLimit) _typed.Clear();
        _typed[(run.Id, typeof(T))] = result;
        return result;
    }

    public AnalysisRunDto ToDto(AnalysisRun run)
    {
        var r = Parse(run);
        return new(run.Id, run.Slug, run.Version, run.Engine, run.Parameters, run.Seed, run.Author,
            run.Status.ToString().ToLowerInvariant(), Progress(run), run.StartedAt, run.FinishedAt, run.DurationMs, run.Error,
            r.Document, r.Forecast);
    }

    public void Dispose()
    {
        foreach (var job in _jobs.Values) job.Cancellation.Cancel();
    }
}
