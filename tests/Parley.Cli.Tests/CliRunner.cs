using Parley.Cli;
using Parley.Cli.Infrastructure;
using Spectre.Console.Testing;

namespace Parley.Cli.Tests;

/// <summary>Runs the real command-line application in-process against a test console.</summary>
internal static class CliRunner
{
    public static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        var console = new TestConsole().Width(200);
        var error = new StringWriter();
        var code = ParleyApp.Run(args, new CliContext(console, error, ShowProgress: false));
        return (code, console.Output, error.ToString());
    }
}
