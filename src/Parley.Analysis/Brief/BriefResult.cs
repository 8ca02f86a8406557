namespace Parley.Analysis.Brief;

/// <summary>
/// What a sentence of the brief rests on. <c>Kind</c>: <c>citation</c> (a passage of a source: <c>Source</c> and the
/// quote in <c>Text</c>), <c>estimate</c> (a number a scenario author judged, with its range and reason in <c>Text</c>),
/// <c>assumption</c> (a number no passage supports), or <c>computed</c> (which analysis produced it, in <c>Text</c>).
/// </summary>
public sealed record BriefEvidence(string Kind, string Text, string? Source = null)
{
    public static BriefEvidence Computed(string what) => new("computed", what);
}

/// <summary>One sentence of the brief and its evidence.</summary>
public sealed record BriefPoint(string Text, IReadOnlyList<BriefEvidence> Evidence);

/// <summary>A part of the brief: a question a principal asks, answered in a few sentences.</summary>
public sealed record BriefSection(string Id, string Heading, IReadOnlyList<BriefPoint> Points);

/// <summary>
/// The mediator's brief: the bottom line first, then one short section per question (room for agreement, the
/// proposals on the table, the best package, and — when the scenario has what they need — robustness, stability,
/// forecast and what changed). Composed from the analyses' results only; every sentence carries its evidence.
/// </summary>
public sealed record BriefResult(string Title, BriefPoint BottomLine, IReadOnlyList<BriefSection> Sections, IReadOnlyList<string> Analyses);
