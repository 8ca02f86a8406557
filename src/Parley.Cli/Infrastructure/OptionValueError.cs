using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace Parley.Cli.Infrastructure;

/// <summary>
/// Rewrites Spectre.Console.Cli's conversion failure ("Failed to convert 'abc' to Nullable`1.") into a message
/// that names the option and what it expects. Spectre's exception carries neither the option nor the target
/// type in a usable form, so both are recovered: the option from the command line, its type from the
/// settings class of the command being run.
/// </summary>
public static partial class OptionValueError
{
    [GeneratedRegex(@"^Failed to convert '(?<value>.*)' to [^.]+\.")]
    private static partial Regex ConversionFailure();

    /// <summary>The clearer message, or null when <paramref name="message"/> is not a conversion failure this can explain.</summary>
    public static string? Explain(string message, IReadOnlyList<string> args)
    {
        var match = ConversionFailure().Match(message);
        if (!match.Success || args.Count == 0) return null;
        var value = match.Groups["value"].Value;
        var option = FindOption(args, value);
        if (option is null) return null;
        var type = OptionType(args[0], option);
        if (type is null) return null;
        return $"option {option}: '{value}' is not {Expected(type)}";
    }

    /// <summary>The option token given <paramref name="value"/>: "--port abc" or "--port=abc".</summary>
    private static string? FindOption(IReadOnlyList<string> args, string value)
    {
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i].StartsWith('-') && args[i].EndsWith("=" + value, StringComparison.Ordinal))
                return args[i][..args[i].IndexOf('=')];
            if (args[i] == value && args[i - 1].StartsWith('-') && !args[i - 1].Contains('='))
                return args[i - 1];
        }
        return null;
    }

    /// <summary>The type of the settings property behind <paramref name="option"/> in the command named <paramref name="command"/>.</summary>
    private static Type? OptionType(string command, string option)
    {
        var settings = typeof(OptionValueError).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && KebabName(t.Name) == command + "-command")
            .Select(SettingsOf).FirstOrDefault(s => s is not null);
        if (settings is null) return null;
        foreach (var property in settings.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attribute = property.GetCustomAttribute<CommandOptionAttribute>();
            if (attribute is null) continue;
            var names = attribute.LongNames.Select(n => "--" + n).Concat(attribute.ShortNames.Select(n => "-" + n));
            if (names.Contains(option)) return Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }
        return null;
    }

    private static Type? SettingsOf(Type command)
    {
        for (var t = command; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericArguments() is [var settings] && typeof(CommandSettings).IsAssignableFrom(settings))
                return settings;
        return null;
    }

    private static string KebabName(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Expected(Type type) => Type.GetTypeCode(type) switch
    {
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant())),
        TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 => "a whole number of 0 or more",
        TypeCode.SByte or TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 => "a whole number",
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
        _ => $"a valid {type.Name}",
    };
}
