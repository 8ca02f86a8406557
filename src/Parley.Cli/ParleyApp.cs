using Parley.Cli.Commands;
using Parley.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli;

/// <summary>The command-line application; <see cref="Run"/> is also what the tests call, with a test console.</summary>
public static class ParleyApp
{
    /// <summary>The informational version stamped at build time (the package version, plus the commit when built from git).</summary>
    public static string Version { get; } =
        typeof(ParleyApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";

    public static int Run(string[] args, CliContext context, CancellationToken cancellation = default)
    {
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(CliContext), context);
        var app = new CommandApp(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName("parley");
            config.SetApplicationVersion(Version);
            config.ConfigureConsole(context.Out);
            config.PropagateExceptions();
            config.AddCommand<ScenariosCommand>("scenarios").WithDescription("List the built-in scenarios.");
            config.AddCommand<ValidateCommand>("validate").WithDescription("Check a scenario file and list every problem with its place.")
                .WithExample("validate", "docs/examples/river-valley.yaml");
            config.AddCommand<ShowCommand>("show").WithDescription("Show a scenario's parties, issues, positions and proposals.");
            config.AddCommand<EvaluateCommand>("evaluate").WithDescription("Evaluate one proposal or package for every party.")
                .WithExample("evaluate", "kanninen-patomaki-10y").WithExample("evaluate", "mediator", "--file", "docs/examples/river-valley.yaml");
            config.AddCommand<BriefCommand>("brief").WithDescription("The mediator's brief: the bottom line, the proposals on the table and the best package, each sentence with its evidence.")
                .WithExample("brief").WithExample("brief", "docs/examples/river-valley.yaml", "--format", "markdown");
            config.AddCommand<AnalyzeCommand>("analyze").WithAlias("analyse").WithDescription("The main job: every proposal side by side, the zone of agreement and the best packages.")
                .WithExample("analyze").WithExample("analyze", "docs/examples/river-valley.yaml", "--format", "json")
                .WithExample("analyze", "--genius", "Laptop-C-domain.xml", "Laptop-C-prof1.xml", "Laptop-C-prof2.xml");
            config.AddCommand<ZoneCommand>("zone").WithDescription("List the zone of possible agreement page by page, or sample it uniformly.")
                .WithExample("zone", "--page", "2").WithExample("zone", "--sample", "10", "--seed", "7");
            config.AddCommand<BridgeCommand>("bridge").WithDescription("The acceptable package closest to a proposal: fewest issues moved, least cost to its author.")
                .WithExample("bridge", "mediator", "--file", "docs/examples/river-valley.yaml");
            config.AddCommand<ExportGeniusCommand>("export-genius").WithDescription("Write a scenario as a Genius domain and utility profiles.")
                .WithExample("export-genius", "docs/examples/river-valley.yaml", "--out", "genius");
            config.AddCommand<ForecastCommand>("forecast").WithDescription("Where multi-party bargaining settles: each dimension's forecast, every actor's path, pivotal actors.")
                .WithExample("forecast").WithExample("forecast", "--ktab", "smpExample.xml", "--chart", "paths.svg");
            config.AddCommand<StabilityCommand>("stability").WithDescription("Graph-model stability of a scenario's conflict (or a gmcr-py file): verdicts, equilibria, status quo paths.")
                .WithExample("stability").WithExample("stability", "--gmcr", "Prisoners.gmcr", "--status-quo", "4");
            config.AddCommand<RobustnessCommand>("robustness").WithDescription("How likely each proposal is to be accepted when every estimate is drawn from its range; tornado and thresholds.")
                .WithExample("robustness").WithExample("robustness", "--draws", "20000", "--seed", "7", "--format", "json");
            config.AddCommand<TimelineCommand>("timeline").WithDescription("The zone of agreement, best packages and verdicts at each dated snapshot.")
                .WithExample("timeline").WithExample("timeline", "--chart", "timeline.png");
            config.AddCommand<ReportCommand>("report").WithDescription("Write the mediator's report (HTML with charts, and PDF) to a directory.")
                .WithExample("report", "--out", "report");
            config.AddCommand<ServeCommand>("serve").WithDescription("Start the web workbench (docs/web.md) on 127.0.0.1.").WithExample("serve", "--port", "8080", "--db", "team.db");
        });

        try
        {
            return app.Run(args, cancellation);
        }
        catch (CliException e)
        {
            context.Error.WriteLine($"parley: {e.Message}");
            foreach (var detail in e.Details) context.Error.WriteLine($"  {detail}");
            return e.ExitCode;
        }
        catch (CommandParseException e)
        {
            context.Error.WriteLine($"parley: {e.Message}");
            context.Error.WriteLine("Run 'parley --help' for usage.");
            return ExitCodes.Usage;
        }
        catch (CommandRuntimeException e)
        {
            context.Error.WriteLine($"parley: {OptionValueError.Explain(e.Message, args) ?? e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("parley: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("PARLEY_DEBUG") is null)
        {
            context.Error.WriteLine($"parley: internal error: {e.GetType().Name}: {e.Message}");
            context.Error.WriteLine("This is a bug in Parley. Set PARLEY_DEBUG=1 to see the stack trace, and please report it.");
            return ExitCodes.Internal;
        }
    }
}
