namespace Parley.Core.Tests;

internal static class TestPaths
{
    public static string Examples => Path.Combine(AppContext.BaseDirectory, "examples");
    public static string RiverValley => Path.Combine(Examples, "river-valley.yaml");

    /// <summary>The repository root: the first ancestor of the test binaries holding Parley.slnx.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Parley.slnx) above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The founding document, kept beside the repository in ../shared/seed.</summary>
    public static string SeedDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "seed"));
}
