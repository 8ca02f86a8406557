using Parley.Core.Diagnostics;
using Parley.Core.Model;
using Parley.Stability.Model;

namespace Parley.Stability.Scenarios;

/// <summary>A citation written in the conflict section, with its document path and place (for quote checks).</summary>
public sealed record ConflictCitation(string Path, Citation Citation, SourceLocation Location);

/// <summary>
/// The strategic conflict a scenario's <c>conflict</c> section describes. Decision makers are named by their
/// party ids (<see cref="Conflict"/>'s decision-maker names are those ids) and options by their ids, in the
/// order written: decision makers in order, each one's options in order, so state numbers follow gmcr-py.
/// </summary>
public sealed record ScenarioConflict(
    Conflict Conflict,
    IReadOnlyList<string> DecisionMakerNames,
    IReadOnlyList<string> OptionLabels,
    ulong? StatusQuo,
    IReadOnlyList<ConflictCitation> Citations)
{
    public IReadOnlyList<string> DecisionMakerIds => Conflict.DecisionMakers.Select(d => d.Name).ToArray();
    public IReadOnlyList<string> OptionIds => Conflict.Options.Select(o => o.Name).ToArray();
}
