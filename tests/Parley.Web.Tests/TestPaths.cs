namespace Parley.Web.Tests;

internal static class TestPaths
{
    /// <summary>Sample files of other tools (gmcr-py, Genius, KTAB) copied from /work/shared.</summary>
    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    public static string RiverValley => Path.Combine(AppContext.BaseDirectory, "examples", "river-valley.yaml");

    /// <summary>A fresh database path in a directory of its own, removed by the caller.</summary>
    public static string NewDatabase() =>
        Path.Combine(Path.GetTempPath(), "parley-web-tests", Guid.NewGuid().ToString("N"), "parley.db");

    public static void DeleteDatabase(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
        catch (IOException) { }
    }
}
