namespace Parley.Core.Diagnostics;

public enum Severity { Error, Warning }

/// <summary>A 1-based line and column in a named file.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// One problem found while reading or checking a scenario. <see cref="Path"/> is the dotted path in the
/// document (<c>preferences.RU.weights.crimea</c>) so a user can find the place even without line numbers.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Code, string Message, string Path, SourceLocation? Location)
{
    public override string ToString()
    {
        var where = Location is null ? "" : Location + ": ";
        var path = string.IsNullOrEmpty(Path) ? "" : $" [{Path}]";
        var level = Severity == Severity.Error ? "error" : "warning";
        return $"{where}{level} {Code}: {Message}{path}";
    }
}
