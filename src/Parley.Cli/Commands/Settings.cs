using System.ComponentModel;
using Parley.Cli.Output;
using Spectre.Console;
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

/// <summary>A proposal of a scenario, or an ad-hoc package given with --terms: what evaluate and bridge work on.</summary>
public class PackageSettings : FormatSettings
{
    [CommandArgument(0, "[PROPOSAL]")]
    [Description("The id of a proposal in the scenario (see 'parley show')")]
    public string? Proposal { get; init; }

    [CommandOption("-s|--scenario <SCENARIO>")]
    [Description("A built-in scenario id or a scenario file (default: ukraine-2022)")]
    public string? Scenario { get; init; }

    [CommandOption("--file <FILE>")]
    [Description("A scenario file (same as --scenario FILE)")]
    public string? File { get; init; }

    [CommandOption("-t|--terms <TERMS>")]
    [Description("An ad-hoc package instead of a proposal: issue=option,issue=option,... (issues left out stay open)")]
    public string? Terms { get; init; }

    public override ValidationResult Validate()
    {
        if (Proposal is null == Terms is null)
            return ValidationResult.Error("give either a PROPOSAL id or --terms, not both or neither");
        if (Scenario is not null && File is not null)
            return ValidationResult.Error("give --scenario or --file, not both");
        return ValidationResult.Success();
    }
}
