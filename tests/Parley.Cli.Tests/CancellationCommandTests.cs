using Parley.Cli.Infrastructure;
using Spectre.Console.Testing;
using Xunit;

namespace Parley.Cli.Tests;

/// <summary>Ctrl+C (a cancelled token) stops the engine commands with exit code 130 and no result on standard output.</summary>
public class CancellationCommandTests
{
    [Theory]
    [InlineData("stability")]
    [InlineData("stability", "--format", "json")]
    [InlineData("zone", "--sample", "1000")]
    [InlineData("analyze")]
    [InlineData("robustness", "-n", "1000")]
    public void A_cancelled_run_exits_130(params string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var console = new TestConsole().Width(200);
        var error = new StringWriter();
        var code = ParleyApp.Run(args, new CliContext(console, error, ShowProgress: false), cancellation.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Contains("cancelled", error.ToString());
        Assert.DoesNotContain("{", console.Output);
    }
}
