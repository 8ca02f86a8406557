using Parley.Cli;
using Parley.Cli.Infrastructure;
using Spectre.Console;

var context = new CliContext(AnsiConsole.Console, Console.Error, ShowProgress: !Console.IsErrorRedirected);
return ParleyApp.Run(args, context);
