using Dapper;
using Microsoft.Data.Sqlite;

namespace Parley.Storage;

/// <summary>
/// The single SQLite file that holds every scenario version and analysis run. Opening it creates the file
/// when missing and applies any migration newer than the version recorded in <c>schema_version</c>, each in
/// its own transaction, so an interrupted start leaves the schema at a known version.
/// </summary>
public sealed class ParleyDatabase
{
    /// <summary>Schema migrations in order; index + 1 is the schema version each one produces.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE scenarios (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            created_at TEXT NOT NULL,
            latest_version INTEGER NOT NULL
        );
        CREATE TABLE scenario_versions (
            scenario_id INTEGER NOT NULL REFERENCES scenarios(id),
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            yaml TEXT NOT NULL,
            author TEXT NOT NULL,
            message TEXT,
            created_at TEXT NOT NULL,
            diff TEXT NOT NULL,
            PRIMARY KEY (scenario_id, version)
        );
        CREATE TABLE analysis_runs (
            id INTEGER PRIMARY KEY,
            scenario_id INTEGER NOT NULL REFERENCES scenarios(id),
            version INTEGER NOT NULL,
            engine TEXT NOT NULL,
            parameters TEXT NOT NULL,
            seed INTEGER,
            author TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            duration_ms REAL,
            result TEXT,
            error TEXT,
            FOREIGN KEY (scenario_id, version) REFERENCES scenario_versions(scenario_id, version)
        );
        CREATE INDEX analysis_runs_by_scenario ON analysis_runs(scenario_id, id);
        """,
        // 2: the text a version was written in (upload, pasted or edited YAML/JSON, or that text with form edits
        // applied in place), byte for byte, next to the normalised YAML; NULL for regenerated versions and for
        // every version stored before. diff_basis says which texts the stored diff compares.
        """
        ALTER TABLE scenario_versions ADD COLUMN source TEXT;
        ALTER TABLE scenario_versions ADD COLUMN source_format TEXT CHECK (source_format IN ('yaml', 'json'));
        ALTER TABLE scenario_versions ADD COLUMN diff_basis TEXT NOT NULL DEFAULT 'normalised' CHECK (diff_basis IN ('normalised', 'source'));
        """,
    ];

    public static int CurrentSchemaVersion => Migrations.Length;

    private readonly string _connectionString;

    public string FilePath { get; }

    public ParleyDatabase(string filePath)
    {
        FilePath = Path.GetFullPath(filePath);
        var directory = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Migrate();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // busy_timeout lets concurrent writers queue instead of failing; foreign keys are per connection in SQLite.
        connection.Execute("PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;");
        return connection;
    }

    /// <summary>The schema version recorded in the file.</summary>
    public int SchemaVersion()
    {
        using var connection = Open();
        return connection.ExecuteScalar<int>("SELECT version FROM schema_version");
    }

    private void Migrate()
    {
        using var connection = Open();
        // WAL keeps readers off writers' backs; synchronous=FULL makes each committed save survive a power cut.
        connection.Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        using (var create = connection.BeginTransaction())
        {
            connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", transaction: create);
            if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_version", transaction: create) == 0)
                connection.Execute("INSERT INTO schema_version (version) VALUES (0)", transaction: create);
            create.Commit();
        }
        var current = connection.ExecuteScalar<int>("SELECT version FROM schema_version");
        if (current > Migrations.Length)
            throw new InvalidOperationException(
                $"the database '{FilePath}' has schema version {current}, newer than this Parley ({Migrations.Length}); use a newer Parley or another file");
        for (var version = current + 1; version <= Migrations.Length; version++)
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(Migrations[version - 1], transaction: transaction);
            connection.Execute("UPDATE schema_version SET version = @version", new { version }, transaction);
            transaction.Commit();
        }
    }
}
