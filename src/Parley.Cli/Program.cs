using Parley.Cli;
using Parley.Cli.Infrastructure;
using Spectre.Console;

// Redirected output gets a wide layout: it is read in an editor or a report, not an 80-column terminal.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
var context = new CliContext(AnsiConsole.Console, Console.Error, ShowProgress: !Console.IsErrorRedirected);
return ParleyApp.Run(args, context);
