using Xunit;
using System.Reflection;
using Parley.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace Parley.Cli.Tests;

/// <summary>
/// A value of the wrong kind for an option names the option and what it expects, instead of Spectre's
/// "Failed to convert 'abc' to Nullable`1." — checked by hand for a few options and then for every numeric
/// and enum option of every command.
/// </summary>
public class OptionValueErrorTests
{
    [Theory]
    [InlineData("option --port: 'abc' is not a whole number", "serve", "--port", "abc")]
    [InlineData("option --format: 'xyz' is not one of table, json, markdown", "analyze", "--format", "xyz")]
    [InlineData("option -f: 'xyz' is not one of table, json, markdown", "zone", "-f", "xyz")]
    [InlineData("option --size: 'abc' is not a whole number", "zone", "--size=abc")]
    [InlineData("option --distribution: 'normal' is not one of uniform, triangular", "robustness", "--distribution", "normal")]
    [InlineData("option --horizon: 'x' is not a whole number", "stability", "--horizon", "x")]
    public void A_bad_value_names_its_option_and_what_it_expects(string expected, params string[] args)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"parley: {expected}", error.Trim());
    }

    [Fact]
    public void A_negative_seed_is_refused_as_not_a_count()
    {
        var (code, _, error) = CliRunner.Run("forecast", "--seed", "-1");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("option --seed: '-1' is not a whole number of 0 or more", error);
    }

    public static IEnumerable<object[]> EveryTypedOption()
    {
        foreach (var command in typeof(ParleyApp).Assembly.GetTypes().Where(t => !t.IsAbstract && t.Name.EndsWith("Command") && t.Name != "Command"))
        {
            var settings = command.BaseType is { IsGenericType: true } b ? b.GetGenericArguments()[0] : null;
            if (settings is null || !typeof(CommandSettings).IsAssignableFrom(settings)) continue;
            var name = string.Concat(command.Name[..^"Command".Length].Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
            // A required argument is checked before the options are converted, so give one.
            var required = settings.GetProperties().Any(p => p.GetCustomAttribute<CommandArgumentAttribute>() is { IsRequired: true });
            foreach (var property in settings.GetProperties())
            {
                if (property.GetCustomAttribute<CommandOptionAttribute>() is not { } option || option.LongNames.Count == 0) continue;
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (type.IsEnum || type == typeof(int) || type == typeof(long) || type == typeof(ulong) || type == typeof(double))
                    yield return [name, "--" + option.LongNames[0], required];
            }
        }
    }

    [Theory]
    [MemberData(nameof(EveryTypedOption))]
    public void Every_numeric_and_enum_option_explains_a_bad_value(string command, string option, bool needsArgument)
    {
        var (code, _, error) = needsArgument ? CliRunner.Run(command, "x", option, "zz") : CliRunner.Run(command, option, "zz");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith($"parley: option {option}: 'zz' is not ", error);
        Assert.DoesNotContain("Failed to convert", error);
    }

    [Fact]
    public void The_list_of_typed_options_is_not_empty() =>
        Assert.True(EveryTypedOption().Count() >= 15, "expected the commands' numeric and enum options to be found");
}
