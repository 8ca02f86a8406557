using System.Globalization;
using Dapper;

namespace Parley.Storage;

public sealed record ScenarioSummary(string Slug, string Title, int LatestVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string LatestAuthor);

/// <param name="SourceFormat">"yaml" or "json" when the version keeps the text it was written in; null when it holds only YAML regenerated from the model.</param>
public sealed record ScenarioVersionInfo(string Slug, int Version, string Title, string Author, string? Message, DateTimeOffset CreatedAt, string? SourceFormat = null);

/// <summary>Which texts a stored diff compares: the kept texts of both versions, or their normalised YAML.</summary>
public enum DiffBasis { Normalised, Source }

/// <summary>
/// One stored version: <see cref="Yaml"/> is always the normalised YAML (the model written back by
/// <see cref="ScenarioYamlWriter"/>); <see cref="Source"/> is the text the user wrote, when the version keeps it.
/// </summary>
public sealed record ScenarioVersion(ScenarioVersionInfo Info, string Yaml, string Diff, ScenarioSource? Source = null, DiffBasis DiffBasis = DiffBasis.Normalised)
{
    /// <summary>The text to export and edit: the kept text, else the normalised YAML.</summary>
    public string Document => Source?.Text ?? Yaml;
}

/// <summary>What a save did: stored a new version, or refused because the scenario moved on or does not exist.</summary>
public abstract record SaveOutcome
{
    public sealed record Saved(ScenarioVersionInfo Version) : SaveOutcome;
    /// <summary>Someone saved since the version the edit started from; the editor must reload.</summary>
    public sealed record Conflict(int BaseVersion, int LatestVersion) : SaveOutcome;
    public sealed record AlreadyExists(string Slug) : SaveOutcome;
    public sealed record NotFound(string Slug) : SaveOutcome;
}

/// <summary>
/// Scenario versions in the database. Versions are immutable and numbered 1, 2, … per scenario; a save
/// names the version it edits and succeeds only if that is still the latest (optimistic concurrency),
/// inside one IMMEDIATE transaction, so two racing saves can never both become version n+1.
/// </summary>
public sealed class ScenarioStore(ParleyDatabase database, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    private sealed class VersionRow
    {
        public string Slug { get; set; } = "";
        public long Version { get; set; }
        public string Title { get; set; } = "";
        public string Author { get; set; } = "";
        public string? Message { get; set; }
        public string CreatedAt { get; set; } = "";
        public string Yaml { get; set; } = "";
        public string Diff { get; set; } = "";
        public string? Source { get; set; }
        public string? SourceFormat { get; set; }
        public string? DiffBasis { get; set; }

        public ScenarioVersionInfo Info() => new(Slug, (int)Version, Title, Author, Message, ParseTime(CreatedAt), Source is null ? null : SourceFormat);

        public ScenarioSource? Kept() =>
            Source is not null && Storage.ScenarioSource.ParseFormat(SourceFormat) is { } format ? new ScenarioSource(Source, format) : null;
    }

    private sealed class PreviousRow
    {
        public string Yaml { get; set; } = "";
        public string? Source { get; set; }
        public string? SourceFormat { get; set; }
    }

    /// <summary>
    /// Compares like with like: the kept texts when both versions keep one in the same notation (so a changed
    /// comment or a value edited in place shows as exactly that line), else the normalised YAML of both (a
    /// regenerated version against a kept text would otherwise show the whole layout as changed).
    /// </summary>
    private static (string Diff, string Basis) Difference(PreviousRow? previous, string yaml, ScenarioSource? source)
    {
        if (previous is null)
            return source is null ? (LineDiff.Unified("", yaml), "normalised") : (LineDiff.Unified("", source.Text), "source");
        if (source is not null && previous.Source is not null && previous.SourceFormat == source.FormatName)
            return (LineDiff.Unified(previous.Source, source.Text), "source");
        return (LineDiff.Unified(previous.Yaml, yaml), "normalised");
    }

    private sealed class HeadRow
    {
        public long Id { get; set; }
        public long Latest { get; set; }
    }

    private sealed class SummaryRow
    {
        public string Slug { get; set; } = "";
        public string Title { get; set; } = "";
        public long LatestVersion { get; set; }
        public string CreatedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";
        public string LatestAuthor { get; set; } = "";
    }

    internal static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
    internal static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>Creates a scenario with its first version; refuses when the slug is taken.</summary>
    /// <param name="yaml">The normalised YAML.</param>
    /// <param name="source">The text the user wrote, kept byte for byte; null for a scenario converted from another format.</param>
    public SaveOutcome Create(string slug, string title, string yaml, string author, string? message, ScenarioSource? source = null)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        if (connection.ExecuteScalar<long?>("SELECT id FROM scenarios WHERE slug = @slug", new { slug }, transaction) is not null)
            return new SaveOutcome.AlreadyExists(slug);
        var now = FormatTime(_clock.GetUtcNow());
        var id = connection.ExecuteScalar<long>(
            "INSERT INTO scenarios (slug, title, created_at, latest_version) VALUES (@slug, @title, @now, 1) RETURNING id",
            new { slug, title, now }, transaction);
        Insert(connection, transaction, id, 1, title, yaml, source, author, message, now, Difference(null, yaml, source));
        transaction.Commit();
        return new SaveOutcome.Saved(new ScenarioVersionInfo(slug, 1, title, author, message, ParseTime(now), source?.FormatName));
    }

    /// <summary>Stores <paramref name="yaml"/> (normalised) and <paramref name="source"/> (the user's text, if any) as the version after <paramref name="baseVersion"/>, if that is still the latest.</summary>
    public SaveOutcome Save(string slug, int baseVersion, string title, string yaml, string author, string? message, ScenarioSource? source = null)
    {
        using var connection = database.Open();
        // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the write lock is taken before the version check.
        using var transaction = connection.BeginTransaction();
        var s = connection.QuerySingleOrDefault<HeadRow>(
            "SELECT id AS Id, latest_version AS Latest FROM scenarios WHERE slug = @slug", new { slug }, transaction);
        if (s is null) return new SaveOutcome.NotFound(slug);
        if (s.Latest != baseVersion) return new SaveOutcome.Conflict(baseVersion, (int)s.Latest);
        var previous = connection.QuerySingleOrDefault<PreviousRow>(
            "SELECT yaml AS Yaml, source AS Source, source_format AS SourceFormat FROM scenario_versions WHERE scenario_id = @id AND version = @version",
            new { id = s.Id, version = s.Latest }, transaction) ?? new PreviousRow();
        var version = (int)s.Latest + 1;
        var now = FormatTime(_clock.GetUtcNow());
        Insert(connection, transaction, s.Id, version, title, yaml, source, author, message, now, Difference(previous, yaml, source));
        connection.Execute("UPDATE scenarios SET latest_version = @version, title = @title WHERE id = @id", new { id = s.Id, version, title }, transaction);
        transaction.Commit();
        return new SaveOutcome.Saved(new ScenarioVersionInfo(slug, version, title, author, message, ParseTime(now), source?.FormatName));
    }

    private static void Insert(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction, long id, int version, string title, string yaml,
        ScenarioSource? source, string author, string? message, string now, (string Diff, string Basis) diff) =>
        connection.Execute("""
            INSERT INTO scenario_versions (scenario_id, version, title, yaml, author, message, created_at, diff, source, source_format, diff_basis)
            VALUES (@id, @version, @title, @yaml, @author, @message, @now, @diff, @source, @format, @basis)
            """,
            new { id, version, title, yaml, author, message, now, diff = diff.Diff, source = source?.Text, format = source?.FormatName, basis = diff.Basis }, transaction);

    private const string SummarySelect = """
        SELECT s.slug AS Slug, s.title AS Title, s.latest_version AS LatestVersion, s.created_at AS CreatedAt,
               v.created_at AS UpdatedAt, v.author AS LatestAuthor
        FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.latest_version
        """;

    /// <summary>The statement <see cref="Find"/> runs: one row by the unique slug.</summary>
    public const string FindSql = SummarySelect + " WHERE s.slug = @slug";

    private static ScenarioSummary ToSummary(SummaryRow r) => new(r.Slug, r.Title, (int)r.LatestVersion, ParseTime(r.CreatedAt), ParseTime(r.UpdatedAt), r.LatestAuthor);

    public IReadOnlyList<ScenarioSummary> List()
    {
        using var connection = database.Open();
        return connection.Query<SummaryRow>(SummarySelect + " ORDER BY s.slug").Select(ToSummary).ToList();
    }

    /// <summary>One scenario by id, looked up directly (not by listing every scenario).</summary>
    public ScenarioSummary? Find(string slug)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<SummaryRow>(FindSql, new { slug }) is { } row ? ToSummary(row) : null;
    }

    public IReadOnlyList<ScenarioVersionInfo> Versions(string slug)
    {
        using var connection = database.Open();
        return connection.Query<VersionRow>("""
            SELECT s.slug AS Slug, v.version AS Version, v.title AS Title, v.author AS Author, v.message AS Message, v.created_at AS CreatedAt,
                   v.source_format AS SourceFormat, CASE WHEN v.source IS NULL THEN NULL ELSE '' END AS Source
            FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario_id
            WHERE s.slug = @slug ORDER BY v.version DESC
            """, new { slug }).Select(r => r.Info()).ToList();
    }

    /// <summary>One version with its texts and diff; <paramref name="version"/> null means the latest.</summary>
    public ScenarioVersion? Get(string slug, int? version = null)
    {
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<VersionRow>("""
            SELECT s.slug AS Slug, v.version AS Version, v.title AS Title, v.author AS Author, v.message AS Message, v.created_at AS CreatedAt,
                   v.yaml AS Yaml, v.diff AS Diff, v.source AS Source, v.source_format AS SourceFormat, v.diff_basis AS DiffBasis
            FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario_id
            WHERE s.slug = @slug AND v.version = COALESCE(@version, s.latest_version)
            """, new { slug, version });
        return row is null ? null : new ScenarioVersion(row.Info(), row.Yaml, row.Diff, row.Kept(), row.DiffBasis == "source" ? DiffBasis.Source : DiffBasis.Normalised);
    }
}
