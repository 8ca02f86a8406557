using Parley.Cli;
using Parley.Cli.Infrastructure;
using Spectre.Console;

// COLUMNS, when set, is the width (also when piped: `COLUMNS=80 parley analyze | less`). Otherwise redirected output
// gets a wide layout: it is read in an editor or a report, not an 80-column terminal.
if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns is >= 40 and <= 1000) AnsiConsole.Profile.Width = columns;
else if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
var context = new CliContext(AnsiConsole.Console, Console.Error, ShowProgress: !Console.IsErrorRedirected);

// The first Ctrl+C asks the running analysis to stop cleanly (exit code 130); a second one ends the process.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancellation.IsCancellationRequested) return;
    e.Cancel = true;
    cancellation.Cancel();
};
return ParleyApp.Run(args, context, cancellation.Token);
