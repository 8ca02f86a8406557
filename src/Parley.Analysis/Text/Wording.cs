using Parley.Analysis.Results;
using Parley.Core.Evaluation;

namespace Parley.Analysis.Text;

/// <summary>Verdict words and summaries, in one place for every front end.</summary>
public static class Wording
{
    /// <summary>The verdict as the API and JSON spell it.</summary>
    public static string Code(Verdict verdict) => verdict switch
    {
        Verdict.Accept => "accept",
        Verdict.Reject => "reject",
        _ => "depends",
    };

    /// <summary>What a party does with a package, as a sentence fragment ("accepts").</summary>
    public static string VerdictText(string verdict) => verdict switch
    {
        "accept" => "accepts",
        "reject" => "rejects",
        _ => "depends on open issues",
    };

    public static string VerdictText(Verdict verdict) => VerdictText(Code(verdict));

    /// <summary>The verdict as one mark for dense tables: ✓ accepts, ✗ rejects, ? depends.</summary>
    public static string Mark(string verdict) => verdict switch
    {
        "accept" => "✓",
        "reject" => "✗",
        _ => "?",
    };

    /// <summary>The shortfall of a blocking party: its red line, or by how much its best completion falls short.</summary>
    public static string Shortfall(bool redLine, double marginMax) => redLine ? "red line" : $"short by {Fmt.Num(-marginMax)}";

    /// <summary>A party's verdict on a proposal for a table cell: ✓, ✗ or ? with its margin (or "red line").</summary>
    public static string VerdictCell(PartyVerdictDto v) => v.Verdict switch
    {
        "accept" => $"✓ {Fmt.SignedRange(v.MarginMin, v.MarginMax)}",
        "reject" => $"✗ {(v.RedLinesHit.Count > 0 ? "red line" : Fmt.SignedRange(v.MarginMin, v.MarginMax))}",
        _ => $"? {Fmt.SignedRange(v.MarginMin, v.MarginMax)}",
    };

    /// <summary>The overall verdict on a proposal in a few words, for a table cell.</summary>
    public static string ShortVerdict(EvaluationDto e) =>
        e.Blockers.Count > 0 ? $"✗ blocked by {string.Join(", ", e.Blockers)}"
        : e.Overall == "accept" ? "✓ agreement" : "? open issues decide";

    /// <summary>
    /// The smallest step from a proposal to agreement in a few words: the issues it must move ("crimea→deferred"),
    /// or that it only needs its open issues settled, or why there is none.
    /// </summary>
    public static string SmallestStep(ToAgreementDto step) => step switch
    {
        { Changes: null } => step.Note is { } note && !note.StartsWith("no package", StringComparison.Ordinal) ? "not found: " + note : "no package reaches agreement",
        { Changes: 0, Moves.Count: 0 } => "already an agreement",
        { Changes: 0 } => "settle the open issues",
        // Spaces around the arrow let a narrow column wrap between an issue and its option, never inside either.
        _ => "move " + string.Join(", ", step.Moves.Take(step.Changes!.Value).Select(m => m.Issue + " → " + m.To)),
    };
}
