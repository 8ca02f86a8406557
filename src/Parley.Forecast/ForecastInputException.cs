namespace Parley.Forecast;

/// <summary>
/// Bad forecast input (malformed file, inconsistent model). Carries where the problem is so the
/// message can point the user at the exact file, line and element.
/// </summary>
public sealed class ForecastInputException : Exception
{
    public ForecastInputException(string message, string? source = null, int? line = null, int? column = null, string? path = null)
        : base(Format(message, source, line, column, path))
    {
        Reason = message;
        Source_ = source;
        Line = line;
        Column = column;
        Path = path;
    }

    /// <summary>The reason without location prefix.</summary>
    public string Reason { get; }

    /// <summary>File name (or other origin) of the bad input, if known.</summary>
    public string? Source_ { get; }

    public int? Line { get; }
    public int? Column { get; }

    /// <summary>Logical path inside the input, e.g. <c>Actors/Actor[3]/Position/dCoord[1]</c>.</summary>
    public string? Path { get; }

    private static string Format(string message, string? source, int? line, int? column, string? path)
    {
        var where = source ?? "input";
        if (line is not null)
        {
            where += $":{line}";
            if (column is not null) where += $":{column}";
        }
        if (path is not null) where += $" ({path})";
        return $"{where}: {message}";
    }
}
