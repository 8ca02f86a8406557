using Dapper;
using Parley.Storage;

namespace Parley.Web.Tests.Storage;

public sealed class StoreTests : IDisposable
{
    private readonly string _path = TestPaths.NewDatabase();

    public void Dispose() => TestPaths.DeleteDatabase(_path);

    [Fact]
    public void A_new_file_is_created_at_the_current_schema_version_and_reopening_keeps_it()
    {
        var database = new ParleyDatabase(_path);
        Assert.True(File.Exists(_path));
        Assert.Equal(ParleyDatabase.CurrentSchemaVersion, database.SchemaVersion());
        new ScenarioStore(database).Create("s", "S", "id: s\n", "me", null);

        var reopened = new ParleyDatabase(_path);
        Assert.Equal(ParleyDatabase.CurrentSchemaVersion, reopened.SchemaVersion());
        using var connection = reopened.Open();
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_version"));
        Assert.Single(new ScenarioStore(reopened).List());
    }

    [Fact]
    public void A_file_from_a_newer_parley_is_refused_with_a_reason()
    {
        new ParleyDatabase(_path);
        using (var connection = new ParleyDatabase(_path).Open())
            connection.Execute("UPDATE schema_version SET version = 99");
        var error = Assert.Throws<InvalidOperationException>(() => new ParleyDatabase(_path));
        Assert.Contains("schema version 99", error.Message);
    }

    [Fact]
    public void Versions_number_up_and_a_save_from_an_old_version_is_a_conflict()
    {
        var store = new ScenarioStore(new ParleyDatabase(_path));
        Assert.IsType<SaveOutcome.Saved>(store.Create("s", "S", "a\n", "ann", "first"));
        Assert.IsType<SaveOutcome.AlreadyExists>(store.Create("s", "S", "a\n", "ann", "again"));
        var second = Assert.IsType<SaveOutcome.Saved>(store.Save("s", 1, "S", "a\nb\n", "bob", "add b"));
        Assert.Equal(2, second.Version.Version);
        var stale = Assert.IsType<SaveOutcome.Conflict>(store.Save("s", 1, "S", "a\nc\n", "cid", "add c"));
        Assert.Equal(2, stale.LatestVersion);
        Assert.IsType<SaveOutcome.NotFound>(store.Save("nope", 1, "S", "x", "cid", null));

        Assert.Equal([2, 1], store.Versions("s").Select(v => v.Version));
        Assert.Equal("a\n", store.Get("s", 1)!.Yaml);
        var latest = store.Get("s")!;
        Assert.Equal("a\nb\n", latest.Yaml);
        Assert.Equal("bob", latest.Info.Author);
        Assert.Contains("+b", latest.Diff);
    }

    [Fact]
    public async Task Racing_saves_from_the_same_version_store_exactly_one()
    {
        var database = new ParleyDatabase(_path);
        new ScenarioStore(database).Create("s", "S", "v1\n", "ann", null);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            new ScenarioStore(database).Save("s", 1, "S", $"edit {i}\n", $"writer {i}", null))));

        Assert.Single(outcomes.OfType<SaveOutcome.Saved>());
        Assert.Equal(7, outcomes.OfType<SaveOutcome.Conflict>().Count());
        Assert.Equal(2, new ScenarioStore(database).Find("s")!.LatestVersion);
    }

    [Fact]
    public void Runs_left_running_by_a_stopped_process_are_marked_interrupted()
    {
        var database = new ParleyDatabase(_path);
        new ScenarioStore(database).Create("s", "S", "v1\n", "ann", null);
        var runs = new RunStore(database);
        var run = runs.Start("s", 1, "engine", "{}", 7, "ann")!;
        Assert.Null(runs.Start("s", 2, "engine", "{}", null, "ann"));

        Assert.Equal(1, new RunStore(new ParleyDatabase(_path)).MarkInterrupted());
        var reopened = new RunStore(new ParleyDatabase(_path)).Get(run.Id)!;
        Assert.Equal(RunStatus.Interrupted, reopened.Status);
        Assert.Equal(7, reopened.Seed);
        // A late finish of an interrupted run does not overwrite what the restart recorded.
        runs.Finish(run.Id, RunStatus.Succeeded, 1, "{}", null);
        Assert.Equal(RunStatus.Interrupted, runs.Get(run.Id)!.Status);
    }
}
