using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Core.Model;

namespace Parley.Cli.Infrastructure;

/// <summary>Turns the SCENARIO argument (a built-in id or a file path) into a loaded, valid scenario.</summary>
public static class ScenarioResolver
{
    public static LoadResult Load(string? nameOrPath)
    {
        var name = string.IsNullOrWhiteSpace(nameOrPath) ? BuiltInScenarios.Default : nameOrPath;
        if (BuiltInScenarios.Exists(name)) return BuiltInScenarios.Load(name);
        if (File.Exists(name)) return ScenarioLoader.LoadFile(name);
        var looksLikePath = name.Contains('/') || name.Contains('\\') || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        throw new CliException(ExitCodes.UnknownName, looksLikePath
            ? $"file '{name}' does not exist"
            : $"'{name}' is neither a built-in scenario{DidYouMean.Hint(name, BuiltInScenarios.Ids)} nor a file; built-in scenarios: {string.Join(", ", BuiltInScenarios.Ids)}");
    }

    /// <summary>Loads and requires a valid scenario; warnings go to the error writer.</summary>
    public static Scenario Resolve(string? nameOrPath, CliContext context)
    {
        var result = Load(nameOrPath);
        if (!result.Succeeded)
            throw new CliException(ExitCodes.InvalidScenario,
                $"the scenario has {result.Diagnostics.Count(d => d.Severity == Severity.Error)} error(s); run 'parley validate' for the full list",
                result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).Take(20).ToList());
        return result.Scenario!;
    }
}
