using System.ComponentModel;
using Parley.Cli.Output;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public class FormatSettings : CommandSettings
{
    [CommandOption("-f|--format <FORMAT>")]
    [Description("table (default), json or markdown")]
    [DefaultValue(OutputFormat.Table)]
    public OutputFormat Format { get; init; } = OutputFormat.Table;
}

public class ScenarioSettings : FormatSettings
{
    [CommandArgument(0, "[SCENARIO]")]
    [Description("A built-in scenario id (see 'parley scenarios') or a YAML/JSON scenario file. Default: ukraine-2022")]
    public string? Scenario { get; init; }
}
