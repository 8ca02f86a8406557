using Parley.Core.Diagnostics;
using Parley.Core.Model;

namespace Parley.Forecast.Scenarios;

/// <summary>A citation as written in the section, with where it was written (for quote checks and error messages).</summary>
public sealed record LocatedCitation(Citation Citation, string Path, SourceLocation Location);
