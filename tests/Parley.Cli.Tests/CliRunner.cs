using Parley.Cli;
using Parley.Cli.Infrastructure;
using Spectre.Console.Testing;

namespace Parley.Cli.Tests;

/// <summary>Runs the real command-line application in-process against a test console.</summary>
internal static class CliRunner
{
    public static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

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

    /// <summary>The shared material beside the repository (../shared): seed, sample files.</summary>
    public static string Shared(params string[] parts) => Path.GetFullPath(Path.Combine([RepositoryRoot, "..", "shared", .. parts]));

    public static (int ExitCode, string Out, string Error) Run(params string[] args) => RunAt(200, args);

    /// <summary>Runs with a console of this many columns, as a terminal of that width would.</summary>
    public static (int ExitCode, string Out, string Error) RunAt(int width, params string[] args)
    {
        var console = new TestConsole().Width(width);
        var error = new StringWriter();
        var code = ParleyApp.Run(args, new CliContext(console, error, ShowProgress: false));
        return (code, console.Output, error.ToString());
    }
}
