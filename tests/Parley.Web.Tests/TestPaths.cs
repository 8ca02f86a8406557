namespace Parley.Web.Tests;

internal static class TestPaths
{
    /// <summary>Sample files of other tools (gmcr-py, Genius, KTAB) copied from /work/shared.</summary>
    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    /// <summary>The shared material beside the repository (../shared), found from the first ancestor holding Parley.slnx.</summary>
    public static string Shared(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("cannot find the repository root (Parley.slnx) above " + AppContext.BaseDirectory);
        return Path.GetFullPath(Path.Combine([dir.FullName, "..", "shared", .. parts]));
    }

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
