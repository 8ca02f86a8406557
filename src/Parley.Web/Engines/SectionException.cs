using Parley.Core.Diagnostics;

namespace Parley.Web.Engines;

/// <summary>An engine section with located errors; the API answers 400 with the diagnostics.</summary>
public sealed class SectionException(string message, IReadOnlyList<Diagnostic> diagnostics) : Exception(message)
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
