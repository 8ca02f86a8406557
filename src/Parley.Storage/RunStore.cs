using Dapper;

namespace Parley.Storage;

/// <summary>A run is <see cref="Queued"/> while it waits for the engine, <see cref="Running"/> from the moment it executes.</summary>
public enum RunStatus { Running, Succeeded, Failed, Cancelled, Interrupted, Queued }

/// <summary>A stored analysis run: what ran on which scenario version with which parameters, and what came out.</summary>
public sealed record AnalysisRun(
    long Id, string Slug, int Version, string Engine, string Parameters, long? Seed, string Author, RunStatus Status,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, double? DurationMs, string? Result, string? Error);

/// <summary>Analysis runs in the database. A run is inserted as running and finished exactly once.</summary>
public sealed class RunStore(ParleyDatabase database, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    private sealed class RunRow
    {
        public long Id { get; set; }
        public string Slug { get; set; } = "";
        public long Version { get; set; }
        public string Engine { get; set; } = "";
        public string Parameters { get; set; } = "";
        public long? Seed { get; set; }
        public string Author { get; set; } = "";
        public string Status { get; set; } = "";
        public string StartedAt { get; set; } = "";
        public string? FinishedAt { get; set; }
        public double? DurationMs { get; set; }
        public string? Result { get; set; }
        public string? Error { get; set; }

        public AnalysisRun ToRun(bool withResult) => new(Id, Slug, (int)Version, Engine, Parameters, Seed, Author, Enum.Parse<RunStatus>(Status, ignoreCase: true),
            ScenarioStore.ParseTime(StartedAt), FinishedAt is null ? null : ScenarioStore.ParseTime(FinishedAt), DurationMs, withResult ? Result : null, Error);
    }

    private const string Select = """
        SELECT r.id AS Id, s.slug AS Slug, r.version AS Version, r.engine AS Engine, r.parameters AS Parameters, r.seed AS Seed,
               r.author AS Author, r.status AS Status, r.started_at AS StartedAt, r.finished_at AS FinishedAt,
               r.duration_ms AS DurationMs, r.result AS Result, r.error AS Error
        FROM analysis_runs r JOIN scenarios s ON s.id = r.scenario_id
        """;

    /// <summary>Records a run as queued (its start time is when it was requested until it runs); null when the scenario version does not exist.</summary>
    public AnalysisRun? Start(string slug, int version, string engine, string parameters, long? seed, string author)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var scenarioId = connection.ExecuteScalar<long?>(
            "SELECT s.id FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id WHERE s.slug = @slug AND v.version = @version",
            new { slug, version }, transaction);
        if (scenarioId is null) return null;
        var now = ScenarioStore.FormatTime(_clock.GetUtcNow());
        var id = connection.ExecuteScalar<long>("""
            INSERT INTO analysis_runs (scenario_id, version, engine, parameters, seed, author, status, started_at)
            VALUES (@scenarioId, @version, @engine, @parameters, @seed, @author, 'queued', @now) RETURNING id
            """, new { scenarioId, version, engine, parameters, seed, author, now }, transaction);
        transaction.Commit();
        return Get(id);
    }

    /// <summary>A queued run starts executing: status running, start time now (so its duration excludes the wait). False when it is no longer queued.</summary>
    public bool MarkRunning(long id)
    {
        using var connection = database.Open();
        return connection.Execute("UPDATE analysis_runs SET status = 'running', started_at = @now WHERE id = @id AND status = 'queued'",
            new { id, now = ScenarioStore.FormatTime(_clock.GetUtcNow()) }) == 1;
    }

    /// <summary>Stores the outcome of a queued or running run; a run already finished stays as it was.</summary>
    public void Finish(long id, RunStatus status, double durationMs, string? result, string? error)
    {
        using var connection = database.Open();
        connection.Execute("""
            UPDATE analysis_runs SET status = @status, finished_at = @now, duration_ms = @durationMs, result = @result, error = @error
            WHERE id = @id AND status IN ('running', 'queued')
            """, new { id, status = status.ToString().ToLowerInvariant(), now = ScenarioStore.FormatTime(_clock.GetUtcNow()), durationMs, result, error });
    }

    /// <summary>Runs left running or queued by a process that stopped are marked interrupted at start-up.</summary>
    public int MarkInterrupted()
    {
        using var connection = database.Open();
        return connection.Execute(
            "UPDATE analysis_runs SET status = 'interrupted', error = 'the server stopped before the run finished' WHERE status IN ('running', 'queued')");
    }

    public AnalysisRun? Get(long id)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<RunRow>(Select + " WHERE r.id = @id", new { id })?.ToRun(withResult: true);
    }

    /// <summary>Runs newest first, without their result documents.</summary>
    public IReadOnlyList<AnalysisRun> List(string? slug = null, int limit = 200)
    {
        using var connection = database.Open();
        return connection.Query<RunRow>(Select + " WHERE (@slug IS NULL OR s.slug = @slug) ORDER BY r.id DESC LIMIT @limit", new { slug, limit })
            .Select(r => r.ToRun(withResult: false)).ToList();
    }
}
