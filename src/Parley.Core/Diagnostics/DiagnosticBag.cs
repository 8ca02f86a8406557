namespace Parley.Core.Diagnostics;

/// <summary>Collects every problem instead of stopping at the first, so a user fixes a file in one pass.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;
    public bool HasErrors => _items.Any(d => d.Severity == Severity.Error);
    public int ErrorCount => _items.Count(d => d.Severity == Severity.Error);

    public void Error(string code, string path, SourceLocation? location, string message) =>
        _items.Add(new Diagnostic(Severity.Error, code, message, path, location));

    public void Warning(string code, string path, SourceLocation? location, string message) =>
        _items.Add(new Diagnostic(Severity.Warning, code, message, path, location));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);
}

/// <summary>Thrown by APIs that need a valid scenario when they are given an invalid one.</summary>
public sealed class ScenarioException(IReadOnlyList<Diagnostic> diagnostics)
    : Exception(Describe(diagnostics))
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;

    private static string Describe(IReadOnlyList<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        return errors.Count == 0
            ? "The scenario is invalid."
            : $"The scenario has {errors.Count} error(s); first: {errors[0]}";
    }
}
